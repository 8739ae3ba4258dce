-- Demo, part 2: the people. Fifteen members of 工业标准一部党支部 in its two party groups, the
-- supervising commission leader who joined a group as an ordinary member, a seconded cadre
-- whose membership was transferred in, and an applicant. All names are fictional.
local branch = db:org("gy1")

-- name, gender, birth date, joined the party, status, since, group (黄丽 was admitted by the
-- general meeting of 28 September 2016: her probation ends a year later, see qufa remind)
local people = {
  {"张建国", "male", "1968-04-12", "1990-06-28", "full", "1991-06-28", "gy1-g1"},
  {"李秀英", "female", "1972-09-03", "1996-07-01", "full", "1997-07-01", "gy1-g1"},
  {"王志强", "male", "1975-01-20", "1999-05-04", "full", "2000-05-04", "gy1-g1"},
  {"刘芳", "female", "1980-11-15", "2004-06-30", "full", "2005-06-30", "gy1-g1"},
  {"陈伟", "male", "1983-03-08", "2008-07-01", "full", "2009-07-01", "gy1-g1"},
  {"杨静", "female", "1986-07-22", "2010-12-20", "full", "2011-12-20", "gy1-g1"},
  {"赵磊", "male", "1989-02-14", "2013-06-18", "full", "2014-06-18", "gy1-g1"},
  {"黄丽", "female", "1991-10-01", "2016-09-28", "probationary", "2016-09-28", "gy1-g1"},
  {"周明", "male", "1970-05-30", "1994-07-01", "full", "1995-07-01", "gy1-g2"},
  {"吴婷", "female", "1978-08-18", "2002-05-20", "full", "2003-05-20", "gy1-g2"},
  {"徐强", "male", "1982-12-05", "2006-06-29", "full", "2007-06-29", "gy1-g2"},
  {"孙燕", "female", "1985-04-27", "2009-07-01", "full", "2010-07-01", "gy1-g2"},
  {"马超", "male", "1988-09-09", "2012-06-26", "full", "2013-06-26", "gy1-g2"},
  -- a candidate for admission and an activist belong to the branch but to no party group:
  -- a party group is made of party members (qufa refuses to place anyone else in one)
  {"朱琳", "female", "1992-01-16", "2017-04-21", "candidate", "2016-10-20", nil},
  {"胡斌", "male", "1993-06-11", nil, "activist", "2016-09-01", nil},
}

local members = {}
for i, p in ipairs(people) do
  members[i] = db:add_member{
    code = string.format("GY1-%03d", i), name = p[1], gender = p[2], birth_date = p[3],
    joined = p[4], status = p[5], since = p[6], org = branch, group = p[7],
  }
end

-- 王志强 is the department's deputy head; the branch elects him discipline member in January
-- (see 03_meetings.lua)
members[3]:update{attrs = {title = "工业标准一部副主任"}}

-- 朱琳 is admitted as a probationary member by the general meeting of 21 April (the status
-- history keeps the earlier stages; 03_meetings.lua holds the meeting and its vote)
members[14]:set_status("probationary", "2017-04-21", "支部党员大会表决接收")
-- admitted, she joins the second party group that day
members[14]:join("gy1-g2", "2017-04-21")

-- the branch committee elected on 10 January 2015: secretary, organization and publicity
db:appoint{member = members[1], org = branch, post = "secretary", start = "2015-01-10"}
db:appoint{member = members[2], org = branch, post = "organization", start = "2015-01-10"}
db:appoint{member = members[9], org = branch, post = "publicity", start = "2015-01-10"}
-- the group leaders are appointed by the branch
db:appoint{member = members[4], org = "gy1-g1", post = "group_leader", start = "2015-01-10"}
db:appoint{member = members[10], org = "gy1-g2", post = "group_leader", start = "2015-01-10"}

-- one member works away from the branch for a while (流动党员)
members[13]:set_flag("mobile", "2017-03-01")

-- The supervising commission leader (分管委领导) belongs to the branch and takes part in the
-- first party group as an ordinary member. attrs.leading_cadre marks him for the organ
-- standard 《党支部会议程序》 (leading cadres join a party group).
db:add_member{code = "GY1-016", name = "钱立群", gender = "male", birth_date = "1963-02-08",
  joined = "1986-06-20", status = "full", since = "2016-03-01", org = branch, group = "gy1-g1",
  attrs = {leading_cadre = true, title = "国家标准委副主任（分管工业标准一部）"}}

-- A seconded cadre (挂职干部) arrives from a provincial bureau for a year. His party
-- membership follows him: the sending committee issues a letter of introduction, the branch
-- receives him and sends the receipt back (《党员组织关系转移接收管理规范》, and a month at
-- most for the receipt). attrs.seconded marks him for that standard.
local zheng = db:add_member{code = "GY1-017", name = "郑凯", gender = "male",
  birth_date = "1984-10-03", joined = "2008-06-30", status = "full", since = "2017-03-06",
  org = branch, group = "gy1-g2",
  attrs = {seconded = true, title = "挂职干部（2017年3月至2018年2月）"}}
local transfer = db:add_transfer{member = zheng, org = branch, direction = "in",
  letter_date = "2017-03-01", other_org = "某省质量技术监督局机关党委", letter_no = "（2017）012",
  valid_days = 30, note = "挂职一年，组织关系随转"}
-- the letter and the receipt are evidence kept with the member
db:add_artifact{member = zheng, type = "letter", title = "党员组织关系介绍信",
  issued_at = "2017-03-01 10:00"}
db:add_artifact{member = zheng, type = "receipt", title = "党员组织关系介绍信回执",
  issued_at = "2017-03-10 15:00"}
transfer:receipt("2017-03-10")

-- An applicant: 何晓, who joined the department this summer, hands her written application to
-- the branch on Monday 21 August. The application is evidence kept with her; the admission
-- procedure takes it from here (its case is started in 07_under_way.lua).
local he = db:add_member{code = "GY1-018", name = "何晓", gender = "female",
  birth_date = "1995-05-17", status = "applicant", since = "2017-08-21", org = branch}
db:add_artifact{member = he, type = "application", title = "入党申请书",
  issued_at = "2017-08-21 09:00"}
