-- the DSL takes a table
qufa.standard(5)
