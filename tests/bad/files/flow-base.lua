-- the procedure the flow cases run against: loaded into the corpus database, with case 1 started
qufa.procedure{
  code = "visit", title = "走访慰问困难党员", subject = "member",
  params = {report_within = "5wd"},
  steps = {
    {code = "plan", title = "支委会研究走访计划"},
    {code = "visit", title = "上门走访", fields = {gift = "text"}},
    {code = "report", title = "向支委会报告", artifacts = {"report"},
     deadlines = {{within = "$report_within", kind = "interrupt"}}},
  },
}
