/*
 * Reading the Markdown of documents (see qufa/markdown.h for the subset): the text is split
 * into lines, blocks are recognised line by line, and inline markup is told to the sink with
 * every other character as literal text. Searches for closing delimiters remember a failure,
 * so no input makes the inline pass quadratic in the length of a paragraph.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "markdown_internal.h"
#include "qufa/markdown.h"

#define MAX_COLS QF__MD_MAX_COLS
#define MAX_DIVS QF__MD_MAX_DIVS

/* ---- inline ------------------------------------------------------------------------------ */

typedef struct inline_memo {
    bool no_strong, no_em;
    bool no_code[17]; /* by backtick run length, 1..16 */
} inline_memo;

bool qf__md_punct(char c)
{
    return c > 32 && c < 127 &&
           !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/* The next `want` (a run of `n` of the same character, not more) at or after i, skipping
 * backslash escapes; SIZE_MAX when there is none. */
static size_t find_run(const char *s, size_t len, size_t i, char want, size_t n)
{
    while (i < len) {
        if (s[i] == '\\' && i + 1 < len) {
            i += 2;
            continue;
        }
        if (s[i] == want) {
            size_t k = i;
            while (k < len && s[k] == want)
                k++;
            if (k - i == n)
                return i;
            i = k;
            continue;
        }
        i++;
    }
    return (size_t)-1;
}

static void walk_inline(const qf__md_sink *k, const char *s, size_t len, int depth)
{
    inline_memo memo = {0};
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        if (c == '\\' && i + 1 < len && qf__md_punct(s[i + 1])) {
            k->text(k->ctx, s + i + 1, 1);
            i += 2;
            continue;
        }
        if (c == '`') {
            size_t e = i;
            while (e < len && s[e] == '`')
                e++;
            size_t n = e - i;
            size_t close = (size_t)-1;
            if (!(n <= 16 && memo.no_code[n])) {
                /* code spans take no escapes: search the raw text */
                size_t j = e;
                while (j < len) {
                    if (s[j] == '`') {
                        size_t f = j;
                        while (f < len && s[f] == '`')
                            f++;
                        if (f - j == n) {
                            close = j;
                            break;
                        }
                        j = f;
                    } else {
                        j++;
                    }
                }
                if (close == (size_t)-1 && n <= 16)
                    memo.no_code[n] = true;
            }
            if (close == (size_t)-1) {
                k->text(k->ctx, s + i, n);
                i = e;
                continue;
            }
            size_t from = e, to = close;
            if (to - from >= 2 && s[from] == ' ' && s[to - 1] == ' ')
                from++, to--;
            k->span_begin(k->ctx, QF__MD_CODE);
            k->text(k->ctx, s + from, to - from);
            k->span_end(k->ctx, QF__MD_CODE);
            i = close + n;
            continue;
        }
        if (c == '*' && depth < 4) {
            bool strong = i + 1 < len && s[i + 1] == '*';
            size_t n = strong ? 2 : 1;
            bool *no = strong ? &memo.no_strong : &memo.no_em;
            size_t close = *no ? (size_t)-1 : find_run(s, len, i + n, '*', n);
            if (close == (size_t)-1)
                *no = true;
            if (close != (size_t)-1 && close > i + n) {
                qf__md_span span = strong ? QF__MD_STRONG : QF__MD_EM;
                k->span_begin(k->ctx, span);
                walk_inline(k, s + i + n, close - i - n, depth + 1);
                k->span_end(k->ctx, span);
                i = close + n;
                continue;
            }
            k->text(k->ctx, s + i, n);
            i += n;
            continue;
        }
        /* plain text up to the next character that may start markup */
        size_t e = i + 1;
        while (e < len && s[e] != '\\' && s[e] != '`' && s[e] != '*')
            e++;
        k->text(k->ctx, s + i, e - i);
        i = e;
    }
}

/* ---- lines and blocks -------------------------------------------------------------------- */

typedef struct line {
    const char *s;
    size_t n;
} line;

static bool is_blank(line l)
{
    for (size_t i = 0; i < l.n; i++)
        if (l.s[i] != ' ' && l.s[i] != '\t')
            return false;
    return true;
}

static size_t lead(line l)
{
    size_t i = 0;
    while (i < l.n && l.s[i] == ' ')
        i++;
    return i;
}

/* Without trailing blanks and a trailing hard-break backslash. */
static line rtrim(line l)
{
    while (l.n && (l.s[l.n - 1] == ' ' || l.s[l.n - 1] == '\t'))
        l.n--;
    if (l.n && l.s[l.n - 1] == '\\' && (l.n < 2 || l.s[l.n - 2] != '\\'))
        l.n--;
    return l;
}

static int heading(line l, line *text)
{
    size_t i = lead(l);
    if (i > 3)
        return 0;
    size_t h = 0;
    while (i + h < l.n && l.s[i + h] == '#')
        h++;
    if (h < 1 || h > 6 || (i + h < l.n && l.s[i + h] != ' ' && l.s[i + h] != '\t'))
        return 0;
    line t = {l.s + i + h, l.n - i - h};
    while (t.n && (t.s[0] == ' ' || t.s[0] == '\t'))
        t.s++, t.n--;
    t = rtrim(t);
    /* a closing run of #s, when separated by a blank */
    size_t e = t.n;
    while (e && t.s[e - 1] == '#')
        e--;
    if (e < t.n && (e == 0 || t.s[e - 1] == ' ')) {
        t.n = e;
        t = rtrim(t);
    }
    *text = t;
    return (int)h;
}

static bool is_rule(line l)
{
    size_t i = lead(l);
    if (i > 3 || i >= l.n)
        return false;
    char c = l.s[i];
    if (c != '-' && c != '*' && c != '_')
        return false;
    int n = 0;
    for (; i < l.n; i++) {
        if (l.s[i] == c)
            n++;
        else if (l.s[i] != ' ' && l.s[i] != '\t')
            return false;
    }
    return n >= 3;
}

/* "- text" / "1. text"; ordered items give their number. */
static bool list_item(line l, bool *ordered, long *number, line *text)
{
    size_t i = lead(l);
    if (i > 3 || i >= l.n)
        return false;
    size_t k = i;
    if (l.s[k] == '-' || l.s[k] == '*' || l.s[k] == '+') {
        *ordered = false;
        k++;
    } else {
        long v = 0;
        while (k < l.n && k - i < 9 && l.s[k] >= '0' && l.s[k] <= '9')
            v = v * 10 + (l.s[k++] - '0');
        if (k == i || k >= l.n || (l.s[k] != '.' && l.s[k] != ')'))
            return false;
        *ordered = true;
        *number = v;
        k++;
    }
    if (k < l.n && l.s[k] != ' ' && l.s[k] != '\t')
        return false;
    while (k < l.n && (l.s[k] == ' ' || l.s[k] == '\t'))
        k++;
    *text = rtrim((line){l.s + k, l.n - k});
    return true;
}

/* ":::" alone (closing) or "::: name" (opening); `name` is [a-z][a-z0-9-]*. */
static bool fence(line l, line *name)
{
    size_t i = lead(l);
    size_t k = i;
    while (k < l.n && l.s[k] == ':')
        k++;
    if (k - i < 3)
        return false;
    while (k < l.n && (l.s[k] == ' ' || l.s[k] == '\t'))
        k++;
    size_t ns = k;
    if (k < l.n && l.s[k] >= 'a' && l.s[k] <= 'z') {
        while (k < l.n && ((l.s[k] >= 'a' && l.s[k] <= 'z') || (l.s[k] >= '0' && l.s[k] <= '9') ||
                           l.s[k] == '-'))
            k++;
    }
    *name = (line){l.s + ns, k - ns};
    while (k < l.n && (l.s[k] == ' ' || l.s[k] == '\t' || l.s[k] == ':'))
        k++;
    return k == l.n;
}

static bool is_quote(line l)
{
    size_t i = lead(l);
    return i <= 3 && i < l.n && l.s[i] == '>';
}

/* The cells of a table row: split on '|' not escaped or in code, outer pipes optional. */
static size_t split_cells(line l, line *cells, size_t max)
{
    l = rtrim(l);
    size_t i = lead(l);
    if (i < l.n && l.s[i] == '|')
        i++;
    size_t end = l.n;
    if (end > i && l.s[end - 1] == '|' && (end < 2 || l.s[end - 2] != '\\'))
        end--;
    size_t n = 0, start = i;
    bool code = false;
    for (size_t k = i; k <= end; k++) {
        if (k < end && l.s[k] == '\\') {
            k++;
            continue;
        }
        if (k < end && l.s[k] == '`')
            code = !code;
        if (k == end || (l.s[k] == '|' && !code)) {
            if (n < max) {
                line c = {l.s + start, k - start};
                while (c.n && (c.s[0] == ' ' || c.s[0] == '\t'))
                    c.s++, c.n--;
                cells[n++] = rtrim(c);
            }
            start = k + 1;
        }
    }
    return n;
}

static bool has_pipe(line l)
{
    return memchr(l.s, '|', l.n) != NULL;
}

/* The |---|:---:| line: fills the alignments ('l', 'c', 'r' or 0), returns the columns. */
static size_t table_rule(line l, char *align, size_t max)
{
    if (!has_pipe(l) && lead(l) >= l.n)
        return 0;
    line cells[MAX_COLS];
    size_t n = split_cells(l, cells, MAX_COLS);
    if (n == 0 || n > max)
        return 0;
    for (size_t c = 0; c < n; c++) {
        line x = cells[c];
        if (!x.n)
            return 0;
        bool left = x.s[0] == ':', right = x.s[x.n - 1] == ':';
        size_t dashes = 0;
        for (size_t k = left; k < x.n - (right && x.n > 1); k++) {
            if (x.s[k] != '-')
                return 0;
            dashes++;
        }
        if (!dashes)
            return 0;
        align[c] = left && right ? 'c' : right ? 'r' : left ? 'l' : 0;
    }
    return has_pipe(l) ? n : 0;
}

static void table_row(const qf__md_sink *k, line l, bool header, const char *align, size_t ncols)
{
    line cells[MAX_COLS];
    size_t n = split_cells(l, cells, MAX_COLS);
    k->row_begin(k->ctx, header);
    for (size_t c = 0; c < ncols; c++) {
        k->cell_begin(k->ctx, header, align[c]);
        if (c < n)
            walk_inline(k, cells[c].s, cells[c].n, 0);
        k->cell_end(k->ctx, header);
    }
    k->row_end(k->ctx, header);
}

typedef struct doc {
    line *lines;
    size_t n;
    const qf__md_sink *k;
    int divs;
} doc;

static bool starts_block(const doc *d, size_t i)
{
    line l = d->lines[i], t, name;
    bool ordered;
    long num;
    char align[MAX_COLS];
    if (is_blank(l) || heading(l, &t) || is_rule(l) || fence(l, &name) || is_quote(l) ||
        list_item(l, &ordered, &num, &t))
        return true;
    return has_pipe(l) && i + 1 < d->n && table_rule(d->lines[i + 1], align, MAX_COLS);
}

static size_t paragraph(doc *d, size_t i)
{
    const qf__md_sink *k = d->k;
    k->para_begin(k->ctx);
    bool first = true;
    while (i < d->n && (first || !starts_block(d, i))) {
        if (!first)
            k->line_break(k->ctx);
        line l = rtrim(d->lines[i]);
        size_t s = 0;
        while (s < l.n && s < 3 && l.s[s] == ' ')
            s++; /* up to three ASCII spaces are layout; full-width indents are text */
        walk_inline(k, l.s + s, l.n - s, 0);
        first = false;
        i++;
    }
    k->para_end(k->ctx);
    return i;
}

static size_t list(doc *d, size_t i)
{
    const qf__md_sink *k = d->k;
    bool ordered, o2;
    long num = 1, n2;
    line text;
    list_item(d->lines[i], &ordered, &num, &text);
    k->list_begin(k->ctx, ordered, ordered ? num : 1);
    long next = ordered ? num : 1;
    bool open = false;
    while (i < d->n) {
        line l = d->lines[i];
        if (list_item(l, &o2, &n2, &text) && o2 == ordered) {
            if (open)
                k->item_end(k->ctx);
            k->item_begin(k->ctx, ordered, next++);
            walk_inline(k, text.s, text.n, 0);
            open = true;
            i++;
        } else if (!is_blank(l) && lead(l) >= 2 && open) {
            line c = rtrim(l);
            size_t s = lead(c);
            k->line_break(k->ctx);
            walk_inline(k, c.s + s, c.n - s, 0);
            i++;
        } else if (is_blank(l) && i + 1 < d->n && list_item(d->lines[i + 1], &o2, &n2, &text) &&
                   o2 == ordered) {
            i++; /* a blank line between items keeps the list going */
        } else {
            break;
        }
    }
    if (open)
        k->item_end(k->ctx);
    k->list_end(k->ctx, ordered);
    return i;
}

static size_t quote(doc *d, size_t i)
{
    const qf__md_sink *k = d->k;
    k->quote_begin(k->ctx);
    bool first = true;
    while (i < d->n && is_quote(d->lines[i])) {
        line l = rtrim(d->lines[i]);
        size_t s = lead(l) + 1;
        if (s < l.n && l.s[s] == ' ')
            s++;
        if (!first)
            k->line_break(k->ctx);
        walk_inline(k, l.s + s, l.n - s, 0);
        first = false;
        i++;
    }
    k->quote_end(k->ctx);
    return i;
}

static size_t table(doc *d, size_t i)
{
    const qf__md_sink *k = d->k;
    char align[MAX_COLS] = {0};
    size_t ncols = table_rule(d->lines[i + 1], align, MAX_COLS);
    k->table_begin(k->ctx, ncols, align);
    table_row(k, d->lines[i], true, align, ncols);
    i += 2;
    /* as in GitHub's tables: rows go on until a blank line or another block */
    while (i < d->n && !starts_block(d, i)) {
        table_row(k, d->lines[i], false, align, ncols);
        i++;
    }
    k->table_end(k->ctx);
    return i;
}

static void blocks(doc *d)
{
    const qf__md_sink *k = d->k;
    size_t i = 0;
    while (i < d->n) {
        line l = d->lines[i], t, name;
        bool ordered;
        long num;
        char align[MAX_COLS];
        int h;
        if (is_blank(l)) {
            i++;
        } else if (fence(l, &name) && (name.n || d->divs)) {
            if (name.n && d->divs < MAX_DIVS) {
                k->div_begin(k->ctx, name.s, name.n);
                d->divs++;
            } else if (!name.n) {
                k->div_end(k->ctx);
                d->divs--;
            }
            i++;
        } else if ((h = heading(l, &t)) > 0) {
            k->heading_begin(k->ctx, h, t.s, t.n);
            walk_inline(k, t.s, t.n, 0);
            k->heading_end(k->ctx, h);
            i++;
        } else if (is_rule(l)) {
            k->rule(k->ctx);
            i++;
        } else if (list_item(l, &ordered, &num, &t)) {
            i = list(d, i);
        } else if (is_quote(l)) {
            i = quote(d, i);
        } else if (has_pipe(l) && i + 1 < d->n && table_rule(d->lines[i + 1], align, MAX_COLS)) {
            i = table(d, i);
        } else {
            i = paragraph(d, i);
        }
    }
    while (d->divs > 0) {
        k->div_end(k->ctx);
        d->divs--;
    }
}

int qf__markdown_check(const char *md, size_t len)
{
    if (!md)
        return qf__err(QF_EINVALID, "%s", _("markdown: no text"));
    if (len > QF_MARKDOWN_MAX_SIZE)
        return qf__err(QF_EINVALID, _("markdown: the text is %zu bytes, more than %d"), len,
                       QF_MARKDOWN_MAX_SIZE);
    size_t bad;
    if (!qf__utf8_valid(md, len, &bad))
        return qf__err(QF_EINVALID, _("markdown: invalid UTF-8 at byte %zu"), bad + 1);
    return QF_OK;
}

int qf__markdown_walk(const char *md, size_t len, const qf__md_sink *sink)
{
    /* lines, without their \n (a \r before it is dropped; a lone \r is text to the sinks) */
    size_t nlines = 1;
    for (size_t i = 0; i < len; i++)
        nlines += md[i] == '\n';
    line *lines = malloc(nlines * sizeof *lines);
    if (!lines)
        return qf__oom();
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len; i++)
        if (i == len || md[i] == '\n') {
            size_t e = i;
            if (e > start && md[e - 1] == '\r')
                e--;
            if (i < len || e > start)
                lines[n++] = (line){md + start, e - start};
            start = i + 1;
        }
    doc d = {.lines = lines, .n = n, .k = sink};
    blocks(&d);
    free(lines);
    return QF_OK;
}
