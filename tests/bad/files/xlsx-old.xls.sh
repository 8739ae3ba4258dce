#!/bin/sh
# The first bytes of an OLE2 file, as an .xls or a password-protected workbook starts.
printf '\320\317\021\340\241\261\032\341'
head -c 504 /dev/zero
