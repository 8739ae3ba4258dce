-- durations are d, w, m, y or wd
print(qufa.add("2017-01-31", "3x"))
