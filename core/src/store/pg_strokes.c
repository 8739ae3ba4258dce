/* 姓氏笔画 order on PostgreSQL. SQLite sorts names with the collation QF_STROKES (lite.c, over
 * base/strokes.c); PostgreSQL cannot load a C collation from qufa, so the same order is a sort
 * key: qf_strokes_key(name) is, for each character, 0 and its stroke count for an ideograph
 * (1 and 0 for anything else) and the code point, so comparing keys byte-wise compares names
 * as qf_name_compare does (ideographs first, fewer strokes first, then the code point; a name
 * that is the start of another first). The stroke counts are the table of base/strokes.c, put
 * into the function qf_stroke_count as one bytea constant. pg_sql.c turns "X COLLATE
 * QF_STROKES" into "qf_strokes_key(X)". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pg.h"
#include "strokes_table.h"

static const char SQL_KEY[] =
    "CREATE OR REPLACE FUNCTION qf_strokes_key(name text) RETURNS bytea LANGUAGE plpgsql "
    "IMMUTABLE PARALLEL SAFE AS $qf$ DECLARE k bytea := ''; cp integer; s integer; BEGIN "
    "IF name IS NULL THEN RETURN NULL; END IF; "
    "FOR i IN 1 .. char_length(name) LOOP cp := ascii(substr(name, i, 1)); "
    "s := qf_stroke_count(cp); "
    "k := k || CASE WHEN s > 0 THEN '\\x00'::bytea ELSE '\\x01'::bytea END "
    "|| set_byte('\\x00'::bytea, 0, s) || int4send(cp); END LOOP; RETURN k; END $qf$";

int qf__pg_install_strokes(qf_pgconn *c)
{
    size_t n = sizeof QF__STROKES - 1;
    size_t blocks = sizeof QF__STROKE_BLOCKS / sizeof QF__STROKE_BLOCKS[0];
    size_t cap = 2 * n + blocks * 96 + 512;
    char *sql = malloc(cap);
    if (!sql)
        return SQLITE_NOMEM;
    size_t len = (size_t)snprintf(sql, cap,
                                  "CREATE OR REPLACE FUNCTION qf_stroke_count(cp integer) "
                                  "RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $qf$ "
                                  "SELECT CASE");
    for (size_t i = 0; i < blocks; i++) {
        const qf__stroke_block *b = &QF__STROKE_BLOCKS[i];
        len += (size_t)snprintf(sql + len, cap - len,
                                " WHEN cp BETWEEN %u AND %u THEN get_byte(t, cp - %u) - 32",
                                b->first, b->last, b->first - b->offset);
    }
    len += (size_t)snprintf(sql + len, cap - len, " ELSE 0 END FROM (SELECT CAST('\\x");
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        sql[len++] = hex[(unsigned char)QF__STROKES[i] >> 4];
        sql[len++] = hex[(unsigned char)QF__STROKES[i] & 15];
    }
    snprintf(sql + len, cap - len, "' AS bytea) AS t) AS d $qf$");
    int rc = qf__pg_exec(c, sql);
    free(sql);
    return rc != SQLITE_OK ? rc : qf__pg_exec(c, SQL_KEY);
}
