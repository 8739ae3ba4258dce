/*
 * Text on its way to a terminal. Messages echo values from files qufa did not write (a shared
 * pack, a CSV from another branch, a command-line argument), and what restricted code prints
 * comes from a pack: neither may send control sequences to the user's terminal (ESC, OSC …)
 * nor split a one-line error over several lines. Control characters (C0, DEL, C1) and bytes
 * that are not valid UTF-8 are written as \xNN instead; valid text, Chinese included, passes.
 */
#include <stdio.h>
#include "ql.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not one (overlong forms,
 * surrogates and code points above U+10FFFF are not valid). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned cp, min;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07, min = 0x10000;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

void ql_write_escaped(FILE *f, const char *text, size_t n, bool keep_newlines)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        size_t len = utf8_len(s + i, n - i);
        bool control = len == 1 && (s[i] < 0x20 || s[i] == 0x7F) && s[i] != '\t' &&
                       !(keep_newlines && s[i] == '\n');
        bool c1 = len == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0; /* U+0080..U+009F */
        if (len == 0 || control) {
            fprintf(f, "\\x%02X", s[i]);
            i++;
        } else if (c1) {
            fprintf(f, "\\x%02X\\x%02X", s[i], s[i + 1]);
            i += 2;
        } else {
            fwrite(s + i, 1, len, f);
            i += len;
        }
    }
}
