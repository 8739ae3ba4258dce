#!/bin/sh
# A workbook for the case xlsx-no-workbook (tests/bad/files/xlsx-book.py says what is wrong with it).
exec "${QUFA_PYTHON:-python3}" "$(dirname "$0")/xlsx-book.py" no-workbook
