-- the closing brace is missing
qufa.standard{code = "BAD-1", title = "标准",
