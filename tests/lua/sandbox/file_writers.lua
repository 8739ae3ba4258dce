-- expect: ok
-- Restricted code reaches none of the module's functions that write files or build packages
-- (qufa.write_file, qufa.zip, qufa.docx …): a shared pack cannot leave a file behind.
for _, name in ipairs({"write_file", "zip", "docx", "docx_skeleton", "json_text", "sha256",
  "render", "markdown_html", "report", "open"}) do
  assert(qufa[name] == nil, "qufa." .. name .. " is reachable from restricted code")
end
print("ok")
