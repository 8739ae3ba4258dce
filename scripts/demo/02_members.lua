-- Demo, part 2: fifteen fictional members of 工业标准一部党支部 in its two party groups, and
-- the branch committee (书记, 组织委员, 宣传委员, 纪检委员) with the group leaders.
local branch = db:org("gy1")

-- name, gender, birth date, joined the party, status, since, group
local people = {
  {"张建国", "male", "1968-04-12", "1990-06-28", "full", "1991-06-28", "gy1-g1"},
  {"李秀英", "female", "1972-09-03", "1996-07-01", "full", "1997-07-01", "gy1-g1"},
  {"王志强", "male", "1975-01-20", "1999-05-04", "full", "2000-05-04", "gy1-g1"},
  {"刘芳", "female", "1980-11-15", "2004-06-30", "full", "2005-06-30", "gy1-g1"},
  {"陈伟", "male", "1983-03-08", "2008-07-01", "full", "2009-07-01", "gy1-g1"},
  {"杨静", "female", "1986-07-22", "2010-12-20", "full", "2011-12-20", "gy1-g1"},
  {"赵磊", "male", "1989-02-14", "2013-06-18", "full", "2014-06-18", "gy1-g1"},
  {"黄丽", "female", "1991-10-01", "2016-11-25", "probationary", "2016-11-25", "gy1-g1"},
  {"周明", "male", "1970-05-30", "1994-07-01", "full", "1995-07-01", "gy1-g2"},
  {"吴婷", "female", "1978-08-18", "2002-05-20", "full", "2003-05-20", "gy1-g2"},
  {"徐强", "male", "1982-12-05", "2006-06-29", "full", "2007-06-29", "gy1-g2"},
  {"孙燕", "female", "1985-04-27", "2009-07-01", "full", "2010-07-01", "gy1-g2"},
  {"马超", "male", "1988-09-09", "2012-06-26", "full", "2013-06-26", "gy1-g2"},
  {"朱琳", "female", "1992-01-16", "2017-04-21", "probationary", "2017-04-21", "gy1-g2"},
  {"胡斌", "male", "1993-06-11", nil, "activist", "2016-09-01", "gy1-g2"},
}

local members = {}
for i, p in ipairs(people) do
  members[i] = db:add_member{
    code = string.format("GY1-%03d", i), name = p[1], gender = p[2], birth_date = p[3],
    joined = p[4], status = p[5], since = p[6], org = branch, group = p[7],
  }
end

-- the branch committee, elected 2015-01-10
db:appoint{member = members[1], org = branch, post = "secretary", start = "2015-01-10"}
db:appoint{member = members[2], org = branch, post = "organization", start = "2015-01-10"}
db:appoint{member = members[9], org = branch, post = "publicity", start = "2015-01-10"}
db:appoint{member = members[3], org = branch, post = "discipline", start = "2015-01-10"}
db:appoint{member = members[4], org = "gy1-g1", post = "group_leader", start = "2015-01-10"}
db:appoint{member = members[10], org = "gy1-g2", post = "group_leader", start = "2015-01-10"}

-- one member works away from the branch for a while (流动党员)
members[13]:set_flag("mobile", "2017-03-01")
