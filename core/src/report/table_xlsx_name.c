/*
 * Excel worksheet names from section titles. Excel refuses a name with any of []:*?/\,
 * longer than 31 characters, starting or ending with an apostrophe, equal to the reserved
 * "History", or equal to another sheet's name ignoring case; libxlsxwriter rejects such a
 * name and the workbook is lost. So titles are made acceptable here, never refused.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "table_internal.h"

#define SHEET_MAX_CHARS 31

/* Copies at most `max_chars` UTF-8 characters of `s` into `out` (size >= 4 * max + 1). */
static void copy_chars(char *out, const char *s, size_t max_chars)
{
    size_t chars = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xc0) != 0x80 && chars++ == max_chars)
            break;
        out[i] = s[i];
    }
    out[i] = '\0';
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\''))
        s[--n] = '\0';
    size_t lead = strspn(s, " '");
    memmove(s, s + lead, n - lead + 1);
}

/* Excel compares sheet names without regard to case; ASCII folding covers what matters. */
static bool taken(const char *name, char *const *used, size_t nused)
{
    for (size_t i = 0; i < nused; i++)
        if (strcasecmp(name, used[i]) == 0)
            return true;
    return strcasecmp(name, "History") == 0;
}

void qf__xlsx_sheet_name(char out[QF__SHEET_NAME_SIZE], const char *wanted, char *const *used,
                         size_t nused)
{
    char base[QF__SHEET_NAME_SIZE];
    size_t n = 0;
    for (const char *p = wanted ? wanted : ""; *p && n < sizeof base - 1; p++) {
        char c = *p;
        if (strchr("[]:*?/\\", c))
            c = '_';
        else if ((unsigned char)c < 0x20)
            c = ' ';
        base[n++] = c;
    }
    base[n] = '\0';
    /* the byte cap above can only split a character after the 31st (31 * 4 < 127) */
    char cut[QF__SHEET_NAME_SIZE];
    copy_chars(cut, base, SHEET_MAX_CHARS);
    trim(cut);
    if (!*cut)
        snprintf(cut, sizeof cut, "%s", "Sheet");
    copy_chars(out, cut, SHEET_MAX_CHARS);
    for (int k = 2; taken(out, used, nused); k++) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, " (%d)", k);
        size_t keep = SHEET_MAX_CHARS - strlen(suffix);
        char head[QF__SHEET_NAME_SIZE];
        copy_chars(head, cut, keep);
        trim(head);
        char both[QF__SHEET_NAME_SIZE + sizeof suffix];
        snprintf(both, sizeof both, "%s%s", head, suffix);
        copy_chars(out, both, SHEET_MAX_CHARS); /* always fits: head was cut to make room */
    }
}
