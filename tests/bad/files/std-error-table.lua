-- an error value that is not a string
error({exit = 0, message = "loaded fine"})
