/*
 * Markdown to printable HTML for documents (see qufa/markdown.h for the subset). The text is
 * split into lines, blocks are recognised line by line, and inline markup is rendered with
 * every other character escaped. Searches for closing delimiters remember a failure, so no
 * input makes the inline pass quadratic in the length of a paragraph.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"
#include "qufa/markdown.h"

#define MAX_COLS 64
#define MAX_DIVS 8

typedef struct buf {
    char *p;
    size_t len, cap;
    bool oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void put_escaped(buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *ent;
        switch (s[i]) {
        case '&':
            ent = "&amp;";
            break;
        case '<':
            ent = "&lt;";
            break;
        case '>':
            ent = "&gt;";
            break;
        case '"':
            ent = "&quot;";
            break;
        case '\'':
            ent = "&#39;";
            break;
        case '\r':
            ent = "";
            break;
        default:
            continue;
        }
        put(b, s + run, i - run);
        puts_(b, ent);
        run = i + 1;
    }
    put(b, s + run, n - run);
}

/* ---- inline ------------------------------------------------------------------------------ */

typedef struct inline_memo {
    bool no_strong, no_em;
    bool no_code[17]; /* by backtick run length, 1..16 */
} inline_memo;

static bool punct(char c)
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

static void render_inline(buf *b, const char *s, size_t len, int depth)
{
    inline_memo memo = {0};
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        if (c == '\\' && i + 1 < len && punct(s[i + 1])) {
            put_escaped(b, s + i + 1, 1);
            i += 2;
            continue;
        }
        if (c == '`') {
            size_t k = i;
            while (k < len && s[k] == '`')
                k++;
            size_t n = k - i;
            size_t close = (size_t)-1;
            if (!(n <= 16 && memo.no_code[n])) {
                /* code spans take no escapes: search the raw text */
                size_t j = k;
                while (j < len) {
                    if (s[j] == '`') {
                        size_t e = j;
                        while (e < len && s[e] == '`')
                            e++;
                        if (e - j == n) {
                            close = j;
                            break;
                        }
                        j = e;
                    } else {
                        j++;
                    }
                }
                if (close == (size_t)-1 && n <= 16)
                    memo.no_code[n] = true;
            }
            if (close == (size_t)-1) {
                put_escaped(b, s + i, n);
                i = k;
                continue;
            }
            size_t from = k, to = close;
            if (to - from >= 2 && s[from] == ' ' && s[to - 1] == ' ')
                from++, to--;
            puts_(b, "<code>");
            put_escaped(b, s + from, to - from);
            puts_(b, "</code>");
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
                puts_(b, strong ? "<strong>" : "<em>");
                render_inline(b, s + i + n, close - i - n, depth + 1);
                puts_(b, strong ? "</strong>" : "</em>");
                i = close + n;
                continue;
            }
            put_escaped(b, s + i, n);
            i += n;
            continue;
        }
        /* plain text up to the next character that may start markup */
        size_t k = i + 1;
        while (k < len && s[k] != '\\' && s[k] != '`' && s[k] != '*')
            k++;
        put_escaped(b, s + i, k - i);
        i = k;
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

static void cell_tag(buf *b, const char *tag, char align)
{
    puts_(b, "<");
    puts_(b, tag);
    if (align)
        puts_(b, align == 'c' ? " class=\"c\"" : align == 'r' ? " class=\"r\"" : " class=\"l\"");
    puts_(b, ">");
}

static void table_row(buf *b, line l, const char *tag, const char *align, size_t ncols)
{
    line cells[MAX_COLS];
    size_t n = split_cells(l, cells, MAX_COLS);
    puts_(b, "<tr>");
    for (size_t c = 0; c < ncols; c++) {
        cell_tag(b, tag, align[c]);
        if (c < n)
            render_inline(b, cells[c].s, cells[c].n, 0);
        puts_(b, "</");
        puts_(b, tag);
        puts_(b, ">");
    }
    puts_(b, "</tr>\n");
}

typedef struct doc {
    line *lines;
    size_t n;
    buf *b;
    int divs;
    line title; /* text of the first heading */
    bool have_title;
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
    puts_(d->b, "<p>");
    bool first = true;
    while (i < d->n && (first || !starts_block(d, i))) {
        if (!first)
            puts_(d->b, "<br>\n");
        line l = rtrim(d->lines[i]);
        size_t k = 0;
        while (k < l.n && k < 3 && l.s[k] == ' ')
            k++; /* up to three ASCII spaces are layout; full-width indents are text */
        render_inline(d->b, l.s + k, l.n - k, 0);
        first = false;
        i++;
    }
    puts_(d->b, "</p>\n");
    return i;
}

static size_t list(doc *d, size_t i)
{
    bool ordered, o2;
    long num = 1, n2;
    line text;
    list_item(d->lines[i], &ordered, &num, &text);
    if (ordered && num != 1) {
        char tag[40];
        snprintf(tag, sizeof tag, "<ol start=\"%ld\">\n", num);
        puts_(d->b, tag);
    } else {
        puts_(d->b, ordered ? "<ol>\n" : "<ul>\n");
    }
    bool open = false;
    while (i < d->n) {
        line l = d->lines[i];
        if (list_item(l, &o2, &n2, &text) && o2 == ordered) {
            if (open)
                puts_(d->b, "</li>\n");
            puts_(d->b, "<li>");
            render_inline(d->b, text.s, text.n, 0);
            open = true;
            i++;
        } else if (!is_blank(l) && lead(l) >= 2 && open) {
            line c = rtrim(l);
            size_t k = lead(c);
            puts_(d->b, "<br>\n");
            render_inline(d->b, c.s + k, c.n - k, 0);
            i++;
        } else if (is_blank(l) && i + 1 < d->n && list_item(d->lines[i + 1], &o2, &n2, &text) &&
                   o2 == ordered) {
            i++; /* a blank line between items keeps the list going */
        } else {
            break;
        }
    }
    if (open)
        puts_(d->b, "</li>\n");
    puts_(d->b, ordered ? "</ol>\n" : "</ul>\n");
    return i;
}

static size_t quote(doc *d, size_t i)
{
    puts_(d->b, "<blockquote><p>");
    bool first = true;
    while (i < d->n && is_quote(d->lines[i])) {
        line l = rtrim(d->lines[i]);
        size_t k = lead(l) + 1;
        if (k < l.n && l.s[k] == ' ')
            k++;
        if (!first)
            puts_(d->b, "<br>\n");
        render_inline(d->b, l.s + k, l.n - k, 0);
        first = false;
        i++;
    }
    puts_(d->b, "</p></blockquote>\n");
    return i;
}

static size_t table(doc *d, size_t i)
{
    char align[MAX_COLS] = {0};
    size_t ncols = table_rule(d->lines[i + 1], align, MAX_COLS);
    puts_(d->b, "<table>\n<thead>");
    table_row(d->b, d->lines[i], "th", align, ncols);
    puts_(d->b, "</thead>\n<tbody>\n");
    i += 2;
    /* as in GitHub's tables: rows go on until a blank line or another block */
    while (i < d->n && !starts_block(d, i)) {
        table_row(d->b, d->lines[i], "td", align, ncols);
        i++;
    }
    puts_(d->b, "</tbody>\n</table>\n");
    return i;
}

static void blocks(doc *d)
{
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
                puts_(d->b, "<div class=\"");
                put(d->b, name.s, name.n);
                puts_(d->b, "\">\n");
                d->divs++;
            } else if (!name.n) {
                puts_(d->b, "</div>\n");
                d->divs--;
            }
            i++;
        } else if ((h = heading(l, &t)) > 0) {
            char tag[16];
            snprintf(tag, sizeof tag, "<h%d>", h);
            puts_(d->b, tag);
            render_inline(d->b, t.s, t.n, 0);
            snprintf(tag, sizeof tag, "</h%d>", h);
            puts_(d->b, tag);
            puts_(d->b, "\n");
            if (!d->have_title) {
                d->title = t;
                d->have_title = true;
            }
            i++;
        } else if (is_rule(l)) {
            puts_(d->b, "<hr>\n");
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
        puts_(d->b, "</div>\n");
        d->divs--;
    }
}

/* ---- the page ---------------------------------------------------------------------------- */

/* A4 in the layout of GB/T 9704 (党政机关公文格式): margins 37/26/35/28 mm, the title in a
 * song-style face, the text in 仿宋 at 16pt (三号) with 28pt lines. */
static const char CSS[] =
    "@page{size:A4;margin:37mm 26mm 35mm 28mm}\n"
    "*{box-sizing:border-box}\n"
    "html{background:#e8e8e8}\n"
    "body{margin:0;color:#000;font-family:FangSong,\"仿宋\",\"FangSong_GB2312\",STFangsong,"
    "\"Noto Serif CJK SC\",\"Source Han Serif SC\",serif;font-size:16pt;line-height:28pt}\n"
    ".page{background:#fff;width:210mm;min-height:297mm;margin:12px auto;"
    "padding:37mm 26mm 35mm 28mm;box-shadow:0 1px 6px rgba(0,0,0,.25)}\n"
    "h1{font-family:\"方正小标宋简体\",\"FZXiaoBiaoSong-B05S\",STZhongsong,\"华文中宋\","
    "\"Noto Serif CJK SC\",\"Source Han Serif SC\",serif;font-size:22pt;line-height:1.5;"
    "font-weight:normal;text-align:center;margin:0 0 28pt}\n"
    "h2{font-family:SimHei,\"黑体\",\"Noto Sans CJK SC\",sans-serif;font-size:16pt;"
    "font-weight:normal;margin:0}\n"
    "h3,h4,h5,h6{font-family:KaiTi,\"楷体\",STKaiti,serif;font-size:16pt;font-weight:normal;"
    "margin:0}\n"
    "p{margin:0}\n"
    "ul,ol{margin:0;padding-left:2em}\n"
    "blockquote{margin:0 2em;color:#333}\n"
    "hr{border:0;border-top:1px solid #000;margin:14pt 0}\n"
    "code{font-family:monospace;font-size:90%}\n"
    "table{border-collapse:collapse;width:100%;margin:8pt 0;font-size:12pt;line-height:1.6}\n"
    "th,td{border:1px solid #000;padding:4pt 6pt;vertical-align:middle}\n"
    "th{font-weight:bold;text-align:center}\n"
    ".c{text-align:center}.r{text-align:right}.l{text-align:left}\n"
    "td{height:24pt}\n"
    ".right{text-align:right;margin-top:28pt}\n"
    ".center{text-align:center}\n"
    ".small{font-size:12pt;line-height:20pt}\n"
    ".page-break{break-before:page;page-break-before:always}\n"
    "@media print{html{background:none}.page{width:auto;min-height:0;margin:0;padding:0;"
    "box-shadow:none}tr{break-inside:avoid;page-break-inside:avoid}"
    "thead{display:table-header-group}}\n";

/* Heading text for the <title>: escapes taken literally, emphasis marks dropped. */
static void put_plain(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && punct(s[i + 1]))
            i++;
        else if (s[i] == '*' || s[i] == '`')
            continue;
        put_escaped(b, s + i, 1);
    }
}

static bool css_safe(const char *css)
{
    for (const char *p = css; (p = strchr(p, '<')) != NULL; p++)
        if (p[1] == '/' || p[1] == '!')
            return false;
    return true;
}

static void page(buf *out, const doc *d, const buf *body, const qf_markdown_options *o)
{
    puts_(out, "<!DOCTYPE html>\n<html lang=\"");
    puts_(out, strcmp(qf_language(), "zh") == 0 ? "zh-CN" : "en");
    puts_(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>");
    if (o && o->title)
        put_escaped(out, o->title, strlen(o->title));
    else if (d->have_title)
        put_plain(out, d->title.s, d->title.n);
    puts_(out, "</title>\n<style>\n");
    puts_(out, CSS);
    if (o && o->css) {
        puts_(out, o->css);
        puts_(out, "\n");
    }
    puts_(out, "</style>\n</head>\n<body>\n<main class=\"page\">\n");
    put(out, body->p ? body->p : "", body->len);
    puts_(out, "</main>\n</body>\n</html>\n");
}

int qf_markdown_html(char **out, size_t *out_len, const char *md, size_t len,
                     const qf_markdown_options *o)
{
    *out = NULL;
    if (out_len)
        *out_len = 0;
    if (o && o->version != QF_MARKDOWN_OPTIONS_VERSION)
        return qf__err(QF_EINVALID, "%s",
                       _("markdown options: use QF_MARKDOWN_OPTIONS_INIT to initialise them"));
    if (!md)
        return qf__err(QF_EINVALID, "%s", _("markdown: no text"));
    if (len > QF_MARKDOWN_MAX_SIZE)
        return qf__err(QF_EINVALID, _("markdown: the text is %zu bytes, more than %d"), len,
                       QF_MARKDOWN_MAX_SIZE);
    size_t bad;
    if (!qf__utf8_valid(md, len, &bad))
        return qf__err(QF_EINVALID, _("markdown: invalid UTF-8 at byte %zu"), bad + 1);
    if (o && o->css && !css_safe(o->css))
        return qf__err(QF_EINVALID, "%s",
                       _("css: must not contain '</' or '<!' (it would end the style element)"));
    if (o && o->title && qf__check_text("title", o->title, false, 400))
        return qf_error_last_code();
    /* lines, without their \n (a \r before it is dropped by the escaper) */
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
    buf body = {0};
    doc d = {.lines = lines, .n = n, .b = &body};
    blocks(&d);
    buf result = {0};
    if (o && o->fragment)
        put(&result, body.p ? body.p : "", body.len);
    else
        page(&result, &d, &body, o);
    bool oom = body.oom || result.oom;
    free(body.p);
    free(lines);
    if (oom || !result.p) {
        free(result.p);
        return qf__oom();
    }
    *out = result.p;
    if (out_len)
        *out_len = result.len;
    return QF_OK;
}
