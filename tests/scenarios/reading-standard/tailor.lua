-- tailor.lua: the branch's tailoring of its own 《读书班规范》
qufa.tailor {
  code = "zb1-profile", org = "zb1", title = "第一党支部剪裁",
  set = {
    ["ZB1-DSB/4.2#1"] = { before = 5, reason = "支委会决定：读书班提前5天通知" },
  },
  not_applicable = {
    { target = "ZB1-DSB/4.6", reason = "2025年读书班不要求拍照存档", expires = "2025-12-31" },
  },
}
