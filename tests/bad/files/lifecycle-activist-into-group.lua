-- an activist placed in a party group: refused, nothing written
db:member("GY1-015"):join("gy1-g2", "2017-09-01")
