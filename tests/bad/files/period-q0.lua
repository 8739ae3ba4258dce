-- there is no quarter 0
print(qufa.period("2017-Q0").start)
