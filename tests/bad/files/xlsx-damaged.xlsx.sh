#!/bin/sh
# The signature of a zip archive and nothing of one after it.
printf 'PK\003\004 this is no zip'
