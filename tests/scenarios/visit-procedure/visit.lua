-- visit.lua: 困难党员走访 (qufa flow load visit.lua)
qufa.procedure{
  code = "hardship_visit", title = "困难党员走访", subject = "member",
  params = {plan_within = "7d", visit_within = "5wd", report_within = "3wd"},
  steps = {
    {code = "plan", title = "支委会研究走访计划", responsible = "secretary",
     deadlines = {{within = "$plan_within", from = "start", label = "立项后7日内研究"}}},
    {code = "visit", title = "上门走访", responsible = "organization",
     fields = {gift = "text", visitors = {type = "members", required = false}},
     deadlines = {{within = "$visit_within", kind = "interrupt", label = "研究后5个工作日内走访"}}},
    {code = "report", title = "向支委会报告", responsible = "organization", artifacts = {"report"},
     deadlines = {{within = "$report_within", label = "走访后3个工作日内报告"}}},
  },
}
