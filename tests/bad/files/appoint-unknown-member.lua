-- member 99999 does not exist
db:appoint{member = 99999, org = "gy1", post = "secretary", start = "2017-01-01"}
