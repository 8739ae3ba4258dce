#!/bin/sh
# A workbook for the case xlsx-bad-date (tests/bad/files/xlsx-book.py says what is wrong with it).
exec "${QUFA_PYTHON:-python3}" "$(dirname "$0")/xlsx-book.py" bad-date
