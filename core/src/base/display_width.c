/*
 * Terminal width of UTF-8 text, for aligning the text renderer and sizing Excel columns.
 * The ranges come from Unicode's East Asian Width property (W and F are two columns) and the
 * general categories of combining and format characters (none), generated into
 * display_width_table.h by tools/gen_display_width.py.
 */
#include "table_internal.h"
#include "display_width_table.h"

static bool in_ranges(const qf__cp_range *r, size_t n, unsigned cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].first)
            hi = mid;
        else if (cp > r[mid].last)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* Decodes one UTF-8 sequence; an invalid byte comes back as itself with length 1 (it is
 * then counted as one column, which is what terminals show for a replacement glyph). */
static unsigned decode(const unsigned char *s, size_t *len)
{
    unsigned c = s[0];
    size_t n = c >= 0xf0 && c <= 0xf4   ? 3
               : c >= 0xe0 && c <= 0xef ? 2
               : c >= 0xc2 && c <= 0xdf ? 1
                                        : 0;
    if (c < 0x80 || n == 0) {
        *len = 1;
        return c < 0x80 ? c : 0xfffd;
    }
    unsigned cp = c & (0x3f >> n);
    for (size_t k = 1; k <= n; k++) {
        if ((s[k] & 0xc0) != 0x80) {
            *len = 1;
            return 0xfffd;
        }
        cp = (cp << 6) | (s[k] & 0x3f);
    }
    *len = n + 1;
    return cp;
}

size_t qf_display_width(const char *utf8)
{
    if (!utf8)
        return 0;
    const unsigned char *s = (const unsigned char *)utf8;
    size_t width = 0;
    while (*s) {
        size_t len;
        unsigned cp = decode(s, &len);
        s += len;
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            continue; /* control characters draw nothing */
        if (cp < 0x300)
            width++; /* Latin and friends: the common case, no search */
        else if (in_ranges(QF__ZERO, sizeof QF__ZERO / sizeof QF__ZERO[0], cp))
            continue;
        else if (in_ranges(QF__WIDE, sizeof QF__WIDE / sizeof QF__WIDE[0], cp))
            width += 2;
        else
            width++;
    }
    return width;
}
