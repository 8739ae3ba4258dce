-- via: check
-- expect: the check function returned a table
-- A table where the verdict should be.
return {}
