/*
 * The small syntax inside list cells: "张三;李四(出差)", "专家甲|某大学|expert; …",
 * "study→expert_briefing(行业趋势)→discussion". Spreadsheet users type Chinese punctuation as
 * often as ASCII, so both are accepted; parentheses protect a note (a leave reason, an agenda
 * title) so that it may contain a separator itself.
 */
#include <string.h>
#include "csvio.h"

const char *const QF_SEP_MEMBERS[] = {";", "；", "、", ",", "，", NULL};
const char *const QF_SEP_GUESTS[] = {";", "；", NULL};
const char *const QF_SEP_AGENDA[] = {";", "；", "→", NULL};
const char *const QF_SEP_GUEST_PARTS[] = {"|", "｜", NULL};

static size_t sep_len(const char *p, const char *const *seps)
{
    for (size_t i = 0; seps[i]; i++) {
        size_t n = strlen(seps[i]);
        if (strncmp(p, seps[i], n) == 0)
            return n;
    }
    return 0;
}

static size_t open_len(const char *p)
{
    if (*p == '(')
        return 1;
    return strncmp(p, "（", 3) == 0 ? 3 : 0;
}

static size_t close_len(const char *p)
{
    if (*p == ')')
        return 1;
    return strncmp(p, "）", 3) == 0 ? 3 : 0;
}

/* ASCII blanks and the ideographic space U+3000, which Chinese input methods produce */
static size_t blank_len(const char *p, const char *end)
{
    if (p < end && (*p == ' ' || *p == '\t'))
        return 1;
    if (end - p >= 3 && strncmp(p, "\xe3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

static size_t blank_len_before(const char *start, const char *end)
{
    if (end > start && (end[-1] == ' ' || end[-1] == '\t'))
        return 1;
    if (end - start >= 3 && strncmp(end - 3, "\xe3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

void qf__list_trim(const char **start, const char **end)
{
    size_t k;
    while ((k = blank_len(*start, *end)) != 0)
        *start += k;
    while ((k = blank_len_before(*start, *end)) != 0)
        *end -= k;
}

bool qf__list_next(qf_list_cursor *c, const char **entry, size_t *len)
{
    while (*c->p) {
        const char *start = c->p, *p = c->p;
        int depth = 0;
        size_t k = 0;
        while (*p) {
            if ((k = open_len(p)) != 0) {
                depth++;
            } else if ((k = close_len(p)) != 0) {
                if (depth)
                    depth--;
            } else if (depth == 0 && (k = sep_len(p, c->seps)) != 0) {
                break;
            } else {
                k = 1;
            }
            p += k;
        }
        const char *end = p;
        c->p = *p ? p + k : p;
        qf__list_trim(&start, &end);
        if (end > start) {
            *entry = start;
            *len = (size_t)(end - start);
            return true;
        }
    }
    return false;
}

bool qf__list_split_note(const char *entry, size_t len, const char **name, size_t *name_len,
                         const char **note, size_t *note_len)
{
    const char *end = entry + len, *open = NULL;
    for (const char *p = entry; p < end; p++) {
        if (open_len(p)) {
            open = p;
            break;
        }
        if (close_len(p))
            return false; /* ")" before any "(" */
    }
    const char *name_end = open ? open : end;
    const char *s = entry;
    qf__list_trim(&s, &name_end);
    *name = s;
    *name_len = (size_t)(name_end - s);
    *note = NULL;
    *note_len = 0;
    if (!open)
        return true;
    /* the "(" must be closed by the entry's very last character */
    int depth = 0;
    const char *p = open;
    while (p < end) {
        size_t k;
        if ((k = open_len(p)) != 0) {
            depth++;
        } else if ((k = close_len(p)) != 0) {
            depth--;
            if (depth == 0) {
                if (p + k != end)
                    return false;
                *note = open + open_len(open);
                *note_len = (size_t)(p - *note);
                return true;
            }
        } else {
            k = 1;
        }
        p += k;
    }
    return false;
}

bool qf__list_has_sep(const char *s, const char *const *seps)
{
    for (; *s; s++)
        if (sep_len(s, seps))
            return true;
    return false;
}

bool qf__list_parens_balanced(const char *s)
{
    int depth = 0;
    while (*s) {
        size_t k;
        if ((k = open_len(s)) != 0) {
            depth++;
        } else if ((k = close_len(s)) != 0) {
            if (--depth < 0)
                return false;
        } else {
            k = 1;
        }
        s += k;
    }
    return depth == 0;
}

bool qf__list_is_trimmed(const char *s)
{
    const char *end = s + strlen(s);
    return blank_len(s, end) == 0 && blank_len_before(s, end) == 0;
}

bool qf__ascii_iequal(const char *s, const char *lower)
{
    for (; *s && *lower; s++, lower++) {
        char x = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        if (x != *lower)
            return false;
    }
    return *s == *lower;
}
