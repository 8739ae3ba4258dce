#!/bin/sh
# A name of 1.1 MB in one quoted field: the reader refuses fields over 1 MiB before
# holding them whole.
printf 'name,code,status,since,org\n"'
head -c 1100000 /dev/zero | tr '\0' 'x'
printf '",Z1,full,2010-01-01,gy1\n'
