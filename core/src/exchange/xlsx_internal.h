/* Internal to xlsx*.c: the package (a zip read with libzip), XML parts parsed with expat, the
 * workbook's parts (relationships, sheets, styles, shared strings) and the cells of a sheet. */
#ifndef QUFA_XLSX_INTERNAL_H
#define QUFA_XLSX_INTERNAL_H

#include <stdint.h>
#include "internal.h"

/* Limits: far above a branch's roster or ledger, low enough that a crafted file (a zip bomb,
 * a cell at XFD1048576) is refused with a message instead of eating the machine. */
#define XLSX_MAX_PART (256u * 1024u * 1024u) /* bytes of one XML part, uncompressed */
#define XLSX_MAX_CELLS 4000000u              /* cells with a value in one sheet */
#define XLSX_MAX_TEXT (1024u * 1024u)        /* bytes of one cell's text (as for CSV) */
#define XLSX_MAX_ROW 1048576u                /* Excel's grid: rows */
#define XLSX_MAX_COL 16384u                  /* and columns (XFD) */

/* ---- a growable byte buffer of NUL-terminated strings, addressed by offset -------------- */

typedef struct xlsx_text {
    char *s;
    size_t len, cap;
} xlsx_text;
/* Appends n bytes (no terminator). */
int xlsx_text_add(xlsx_text *t, const char *s, size_t n);
/* Appends a NUL and returns, in *off, where the string that ends there started. */
int xlsx_text_end(xlsx_text *t, size_t start, size_t *off);
void xlsx_text_free(xlsx_text *t);

/* Decodes the _xHHHH_ escapes of OOXML strings (_x000D_ is a carriage return) in place, from
 * byte `start` of `t` to its end. */
void xlsx_unescape(xlsx_text *t, size_t start);

/* ---- the package ------------------------------------------------------------------------ */

typedef struct xlsx_pkg {
    struct zip *zip;
    const char *name; /* for messages (the file name) */
} xlsx_pkg;

int xlsx_pkg_open_file(xlsx_pkg *p, const char *path, const char *name);
int xlsx_pkg_open_buffer(xlsx_pkg *p, const void *data, size_t len, const char *name);
bool xlsx_pkg_has(xlsx_pkg *p, const char *part);
void xlsx_pkg_close(xlsx_pkg *p);

/* SAX handlers for one part. Element and attribute names are local names (the namespace is
 * dropped: transitional and strict workbooks use different ones for the same elements). A
 * handler stops the parse by returning an error code, with a whole message set (naming the
 * file: the handlers' payload knows it). */
typedef struct xlsx_sax {
    void *ud;
    int (*start)(void *ud, const char *name, const char **attrs); /* attrs: name, value, … */
    int (*end)(void *ud, const char *name);
    int (*text)(void *ud, const char *s, int len);
    /* The XML of the part is broken at (line, column): return QF_OK to keep what was read
     * (the handler recorded the problem), an error code, or 1 for the usual error naming the
     * part, line and column (also what happens without this handler). `bad_utf8`: the bytes
     * there are not UTF-8. */
    int (*broken)(void *ud, const char *why, bool bad_utf8, int line, int column);
} xlsx_sax;

/* Parses `part` of the package; a missing part is QF_ENOTFOUND (message set). */
int xlsx_pkg_parse(xlsx_pkg *p, const char *part, const xlsx_sax *sax);

/* The value of attribute `name` in expat's list, or NULL. */
const char *xlsx_attr(const char **attrs, const char *name);

/* ---- the workbook ----------------------------------------------------------------------- */

typedef struct xlsx_book {
    char *sheet_name;    /* the sheet chosen */
    char *sheet_part;    /* its part, e.g. xl/worksheets/sheet1.xml */
    char *strings_part;  /* xl/sharedStrings.xml, or NULL */
    char *styles_part;   /* xl/styles.xml, or NULL */
    bool date1904;       /* serial numbers count from 1904-01-01 (old Mac workbooks) */
} xlsx_book;

/* Finds the workbook, its sheets and the sheet named `sheet` (NULL: the first visible one). */
int xlsx_book_read(xlsx_book *b, xlsx_pkg *p, const char *sheet);
void xlsx_book_free(xlsx_book *b);

/* ---- styles: which cell formats show a number as a date or a time ------------------------ */

enum { XLSX_NUMBER = 0, XLSX_DATE = 1, XLSX_TIME = 2, XLSX_DATETIME = 3 };

typedef struct xlsx_styles {
    uint8_t *xf_kind; /* per cell format (the s attribute of a cell): XLSX_NUMBER … */
    size_t n_xf;
} xlsx_styles;

int xlsx_styles_read(xlsx_styles *st, xlsx_pkg *p, const char *part);
void xlsx_styles_free(xlsx_styles *st);
/* What a number format shows: XLSX_DATE, XLSX_TIME, both or XLSX_NUMBER. */
int xlsx_format_kind(int id, const char *code);

/* ---- shared strings --------------------------------------------------------------------- */

typedef struct xlsx_strings {
    xlsx_text text;
    size_t *off;       /* where each string starts in text */
    uint8_t *too_long; /* the string was longer than XLSX_MAX_TEXT (and is cut) */
    size_t n, cap;
    /* the part broke (invalid UTF-8, damaged XML) while reading string number `broken_at`:
     * that string and those after it are unknown; `why` says what happened */
    size_t broken_at;
    bool broken, broken_utf8;
} xlsx_strings;

int xlsx_strings_read(xlsx_strings *ss, xlsx_pkg *p, const char *part);
void xlsx_strings_free(xlsx_strings *ss);

/* ---- the cells of a sheet --------------------------------------------------------------- */

typedef struct xlsx_cell {
    uint32_t row, col; /* 0-based */
    uint32_t from_sst; /* 1: `off` is a shared string's index; 0: an offset in the sheet's text */
    uint32_t problem;  /* 1: `off` is the offset of a message, the cell has no value */
    size_t off;
} xlsx_cell;

typedef struct xlsx_sheet {
    xlsx_cell *cells; /* in sheet order: by row, then column */
    size_t n, cap;
    xlsx_text text; /* the sheet's own strings and the problems' messages */
} xlsx_sheet;

/* Reads every cell with a value, converting numbers, dates and booleans to text. */
int xlsx_sheet_read(xlsx_sheet *sh, xlsx_pkg *p, const xlsx_book *b, const xlsx_styles *st,
                    const xlsx_strings *ss);
void xlsx_sheet_free(xlsx_sheet *sh);

/* "A1" → row 0, column 0; false when it is not a cell reference inside Excel's grid. */
bool xlsx_parse_ref(const char *ref, uint32_t *row, uint32_t *col);

#endif
