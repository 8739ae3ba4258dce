-- via: check
-- expect: belongs to the qufa host
-- Closing the database handle the host lent.
ctx.db:close()
return true
