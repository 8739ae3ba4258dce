-- three orgs written, then a failure: none of them may stay
for i = 1, 3 do
  db:add_org{kind = "branch", code = "zz" .. i, name = "新支部" .. i, parent = "jg"}
end
error("stopped after writing three orgs")
