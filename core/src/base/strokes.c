/*
 * 姓氏笔画 order: names compared character by character on the stroke count of each ideograph
 * (the table is generated from Debian's Unihan data by tools/gen_strokes.py). Used by the
 * roster, the sign-in sheet and the appraisal list, and registered with SQLite as the collation
 * QF_STROKES (ORDER BY name COLLATE QF_STROKES).
 */
#include <string.h>
#include "internal.h"
#include "strokes_table.h"

int qf_strokes(uint32_t cp)
{
    size_t lo = 0, hi = sizeof QF__STROKE_BLOCKS / sizeof QF__STROKE_BLOCKS[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const qf__stroke_block *b = &QF__STROKE_BLOCKS[mid];
        if (cp < b->first)
            hi = mid;
        else if (cp > b->last)
            lo = mid + 1;
        else
            return (unsigned char)QF__STROKES[b->offset + (cp - b->first)] - 0x20;
    }
    return 0;
}

/* The next code point of [*s, end); an invalid byte stands for itself (as U+DC80..U+DCFF,
 * after every valid character of the BMP's ideographs, so bad data still sorts stably). */
static uint32_t next_cp(const unsigned char **s, const unsigned char *end)
{
    const unsigned char *p = *s;
    unsigned c = p[0];
    int n = c < 0x80                ? 0
            : (c & 0xE0) == 0xC0    ? 1
            : (c & 0xF0) == 0xE0    ? 2
            : (c & 0xF8) == 0xF0    ? 3
                                    : -1;
    *s = p + 1;
    if (n == 0)
        return c;
    if (n < 0 || end - p <= n) /* a stray byte, or a sequence cut short */
        return 0xDC00 + c;
    uint32_t cp = n == 1 ? (c & 0x1F) : n == 2 ? (c & 0x0F) : (c & 0x07);
    for (int i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0xDC00 + c;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    *s = p + n + 1;
    return cp;
}

int qf_name_compare_n(const char *a, size_t alen, const char *b, size_t blen)
{
    const unsigned char *p = (const unsigned char *)a, *pe = p + alen;
    const unsigned char *q = (const unsigned char *)b, *qe = q + blen;
    while (p < pe && q < qe) {
        uint32_t x = next_cp(&p, pe), y = next_cp(&q, qe);
        if (x == y)
            continue;
        int sx = qf_strokes(x), sy = qf_strokes(y);
        if ((sx > 0) != (sy > 0))
            return sx > 0 ? -1 : 1; /* ideographs first */
        if (sx != sy)
            return sx < sy ? -1 : 1;
        return x < y ? -1 : 1;
    }
    return (p < pe) - (q < qe);
}

int qf_name_compare(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return qf_name_compare_n(a, strlen(a), b, strlen(b));
}

static int collate(void *unused, int alen, const void *a, int blen, const void *b)
{
    (void)unused;
    return qf_name_compare_n(a, (size_t)alen, b, (size_t)blen);
}

int qf__register_collations(sqlite3 *sql)
{
    return sqlite3_create_collation(sql, "QF_STROKES", SQLITE_UTF8, NULL, collate) == SQLITE_OK
               ? QF_OK
               : qf__err(QF_ERROR, "collation QF_STROKES: %s", sqlite3_errmsg(sql));
}
