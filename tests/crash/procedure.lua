-- The procedure of the crash test's `qufa flow advance`: the step advanced carries a field and a
-- file of evidence, so the advance writes the step, its fields, an artifact and its bytes.
qufa.procedure{
  code = "visit", title = "走访慰问困难党员", subject = "member",
  steps = {
    {code = "plan", title = "支委会研究走访计划"},
    {code = "visit", title = "上门走访", fields = {gift = "text"}},
    {code = "report", title = "向支委会报告", fields = {summary = "text"}, artifacts = {"report"}},
  },
}
