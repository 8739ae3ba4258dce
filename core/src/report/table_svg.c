/*
 * Charts as inline SVG for the HTML renderer: bar (grouped when there are several value
 * columns) and line, with a y axis on "nice" ticks (1, 2, 5 × 10^n), category labels under
 * the x axis, the values written on the bars or points, and a legend. Static markup only:
 * it prints, it needs no script, and every text goes through the HTML escaper.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "table_internal.h"

#define W 760.0
#define H 370.0
#define LEFT 68.0
#define RIGHT 20.0
#define TOP 66.0 /* title, legend, and room for the value above the tallest bar */
#define BOTTOM 76.0
#define PLOT_W (W - LEFT - RIGHT)
#define PLOT_H (H - TOP - BOTTOM)
#define FONT_PX 12.0
#define LABEL_MAX_COLS 14 /* category labels longer than this are shortened with "…" */

static const char *const PALETTE[QF_CHART_MAX_SERIES] = {
    "#c00000", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};

typedef struct axis {
    double lo, hi, step;
} axis;

/* Coordinates with one decimal, '.' whatever the locale. */
static const char *num(char *buf, double v)
{
    qf__fmt_fixed(buf, 32, v, 1);
    return buf;
}

static double nice_step(double span)
{
    double raw = span / 5.0;
    double mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static axis make_axis(double vmin, double vmax)
{
    double lo = vmin < 0 ? vmin : 0, hi = vmax > 0 ? vmax : 0;
    if (hi - lo < 1e-12)
        hi = lo + 1;
    axis a;
    a.step = nice_step(hi - lo);
    a.lo = floor(lo / a.step) * a.step;
    a.hi = ceil(hi / a.step) * a.step;
    return a;
}

static double y_of(const axis *a, double v)
{
    return TOP + PLOT_H * (a->hi - v) / (a->hi - a->lo);
}

/* A tick label in the first series' style: percent columns as whole percents. */
static void tick_label(char *buf, size_t size, const qf__col *c, const axis *a, double v)
{
    if (c->type == QF_COL_PERCENT) {
        int dec = a->step * 100 >= 1 ? 0 : 1;
        qf__fmt_fixed(buf, size - 1, v * 100, dec);
        strcat(buf, "%");
    } else {
        int dec = a->step >= 1 ? 0 : a->step >= 0.1 ? 1 : 2;
        qf__fmt_fixed(buf, size, v, dec);
    }
}

/* Shortens a label to LABEL_MAX_COLS display columns. */
static void short_label(char *out, size_t size, const char *s)
{
    if (qf_display_width(s) <= LABEL_MAX_COLS) {
        snprintf(out, size, "%s", s);
        return;
    }
    size_t i = 0, cols = 0;
    char one[8];
    while (s[i] && i + 8 < size) {
        size_t len = 1;
        while (s[i + len] && ((unsigned char)s[i + len] & 0xc0) == 0x80 && len < 4)
            len++;
        memcpy(one, s + i, len);
        one[len] = '\0';
        size_t w = qf_display_width(one);
        if (cols + w > LABEL_MAX_COLS - 1)
            break;
        memcpy(out + i, one, len);
        i += len;
        cols += w;
    }
    snprintf(out + i, size - i, "%s", "…");
}

static void text_el(FILE *out, double x, double y, const char *anchor, const char *cls,
                    const char *s)
{
    char bx[32], by[32];
    fprintf(out, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" class=\"%s\">", num(bx, x), num(by, y),
            anchor, cls);
    qf__html_escape(out, s);
    fputs("</text>\n", out);
}

static void frame(FILE *out, const qf_table *t, const qf__chart *ch)
{
    char bw[32], bh[32];
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-%s\" viewBox=\"0 0 %s %s\" "
            "width=\"%s\" height=\"%s\" role=\"img\" aria-label=\"",
            ch->kind == QF_CHART_BAR ? "bar" : "line", num(bw, W), num(bh, H), bw, bh);
    qf__html_escape(out, ch->title);
    fputs("\">\n<rect class=\"bg\" x=\"0\" y=\"0\" width=\"100%\" height=\"100%\"/>\n", out);
    text_el(out, W / 2, 24, "middle", "title", ch->title);
    /* legend: one swatch per value column, left to right under the title */
    double x = LEFT;
    for (size_t k = 0; k < ch->nvalues; k++) {
        const char *name = t->cols[ch->values[k]].title;
        char bx[32];
        fprintf(
            out,
            "<rect class=\"swatch\" x=\"%s\" y=\"34\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
            num(bx, x), PALETTE[k]);
        text_el(out, x + 14, 43, "start", "legend", name);
        x += 14 + (double)qf_display_width(name) * FONT_PX * 0.6 + 18;
    }
}

static void y_axis(FILE *out, const qf_table *t, const qf__chart *ch, const axis *a)
{
    char b1[32], b2[32], b3[32];
    const qf__col *first = &t->cols[ch->values[0]];
    long ticks = lround((a->hi - a->lo) / a->step);
    for (long k = 0; k <= ticks && ticks <= 20; k++) {
        double v = a->lo + a->step * (double)k;
        double y = y_of(a, v);
        fprintf(out, "<line class=\"grid\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n",
                num(b1, LEFT), num(b2, y), num(b3, LEFT + PLOT_W), b2);
        char label[48];
        tick_label(label, sizeof label, first, a, fabs(v) < a->step / 1e6 ? 0 : v);
        text_el(out, LEFT - 6, y + 4, "end", "tick", label);
    }
    fprintf(out, "<line class=\"axis\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", num(b1, LEFT),
            num(b2, TOP), b1, num(b3, TOP + PLOT_H));
    double y0 = y_of(a, 0);
    fprintf(out, "<line class=\"axis\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n", num(b1, LEFT),
            num(b2, y0), num(b3, LEFT + PLOT_W), b2);
}

static void x_labels(FILE *out, const qf_table *t, const qf__chart *ch, qf_cell *const *rows,
                     size_t n)
{
    double band = PLOT_W / (double)n;
    const qf__col *cat = &t->cols[ch->category];
    size_t widest = 0;
    for (size_t i = 0; i < n; i++) {
        char buf[64], lab[128];
        short_label(lab, sizeof lab, qf__cell_str(cat, &rows[i][ch->category], buf));
        size_t w = qf_display_width(lab);
        if (w > widest)
            widest = w;
    }
    /* horizontal when every label fits its band, else slanted and thinned out */
    bool flat = (double)widest * FONT_PX * 0.6 <= band;
    size_t every = 1;
    if (!flat && band < FONT_PX * 1.4)
        every = (size_t)ceil(FONT_PX * 1.4 / band);
    for (size_t i = 0; i < n; i += every) {
        char buf[64], lab[128], bx[32], by[32];
        short_label(lab, sizeof lab, qf__cell_str(cat, &rows[i][ch->category], buf));
        double x = LEFT + band * ((double)i + 0.5), y = TOP + PLOT_H + 16;
        if (flat) {
            text_el(out, x, y, "middle", "cat", lab);
        } else {
            fprintf(out,
                    "<text x=\"%s\" y=\"%s\" text-anchor=\"end\" class=\"cat\" "
                    "transform=\"rotate(-40 %s %s)\">",
                    num(bx, x), num(by, y), bx, by);
            qf__html_escape(out, lab);
            fputs("</text>\n", out);
        }
    }
}

/* A value written on its bar or point, in the column's own format (12.5%, 3, 2017-…). */
static void value_label(FILE *out, const qf__col *c, const qf_cell *v, double x, double y)
{
    char buf[64];
    text_el(out, x, y, "middle", "val", qf__cell_str(c, v, buf));
}

static void bars(FILE *out, const qf_table *t, const qf__chart *ch, qf_cell *const *rows, size_t n,
                 const axis *a)
{
    double band = PLOT_W / (double)n;
    double bw = band * 0.8 / (double)ch->nvalues;
    bool labels = bw >= 18;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < ch->nvalues; k++) {
            const qf_cell *v = &rows[i][ch->values[k]];
            double val;
            if (!qf__cell_num(v, &val))
                continue; /* an empty cell is a gap, not a zero */
            double x = LEFT + band * (double)i + band * 0.1 + bw * (double)k;
            double ytop = y_of(a, val > 0 ? val : 0), ybot = y_of(a, val > 0 ? 0 : val);
            char b1[32], b2[32], b3[32], b4[32], buf[64];
            fprintf(out,
                    "<rect class=\"bar\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
                    "fill=\"%s\"><title>",
                    num(b1, x), num(b2, ytop), num(b3, bw * 0.92), num(b4, ybot - ytop),
                    PALETTE[k]);
            qf__html_escape(out, qf__cell_str(&t->cols[ch->category], &rows[i][ch->category], buf));
            fputs(" · ", out);
            qf__html_escape(out, t->cols[ch->values[k]].title);
            fputs(": ", out);
            qf__html_escape(out, qf__cell_str(&t->cols[ch->values[k]], v, buf));
            fputs("</title></rect>\n", out);
            if (labels)
                value_label(out, &t->cols[ch->values[k]], v, x + bw * 0.46,
                            val >= 0 ? ytop - 4 : ybot + 13);
        }
    }
}

static void lines(FILE *out, const qf_table *t, const qf__chart *ch, qf_cell *const *rows, size_t n,
                  const axis *a)
{
    double band = PLOT_W / (double)n;
    bool labels = band >= 30 && ch->nvalues <= 2;
    for (size_t k = 0; k < ch->nvalues; k++) {
        size_t col = ch->values[k];
        /* one polyline per run of non-empty values: a gap stays a gap */
        bool open = false;
        for (size_t i = 0; i <= n; i++) {
            double val;
            bool has = i < n && qf__cell_num(&rows[i][col], &val);
            if (has && !open) {
                fprintf(out, "<polyline class=\"line\" stroke=\"%s\" points=\"", PALETTE[k]);
                open = true;
            } else if (!has && open) {
                fputs("\"/>\n", out);
                open = false;
            }
            if (has) {
                char bx[32], by[32];
                fprintf(out, "%s,%s ", num(bx, LEFT + band * ((double)i + 0.5)),
                        num(by, y_of(a, val)));
            }
        }
        for (size_t i = 0; i < n; i++) {
            double val;
            if (!qf__cell_num(&rows[i][col], &val))
                continue;
            double x = LEFT + band * ((double)i + 0.5), y = y_of(a, val);
            char bx[32], by[32], buf[64];
            fprintf(out, "<circle class=\"dot\" cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"%s\"><title>",
                    num(bx, x), num(by, y), PALETTE[k]);
            qf__html_escape(out, qf__cell_str(&t->cols[ch->category], &rows[i][ch->category], buf));
            fputs(": ", out);
            qf__html_escape(out, qf__cell_str(&t->cols[col], &rows[i][col], buf));
            fputs("</title></circle>\n", out);
            if (labels)
                value_label(out, &t->cols[col], &rows[i][col], x, y - 8);
        }
    }
}

int qf__svg_chart(FILE *out, const qf_table *t, const qf__chart *ch, qf_cell *const *rows, size_t n)
{
    double vmin = 0, vmax = 0;
    bool any = false;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < ch->nvalues; k++) {
            double v;
            if (!qf__cell_num(&rows[i][ch->values[k]], &v))
                continue;
            /* keeps the axis span finite even for absurd values */
            v = v > 1e300 ? 1e300 : v < -1e300 ? -1e300 : v;
            vmin = any && vmin < v ? vmin : v;
            vmax = any && vmax > v ? vmax : v;
            any = true;
        }
    fputs("<figure class=\"chart\">\n", out);
    frame(out, t, ch);
    if (!any) {
        text_el(out, W / 2, H / 2, "middle", "nodata", _("No data"));
    } else {
        axis a = make_axis(vmin, vmax);
        y_axis(out, t, ch, &a);
        x_labels(out, t, ch, rows, n);
        if (ch->kind == QF_CHART_BAR)
            bars(out, t, ch, rows, n, &a);
        else
            lines(out, t, ch, rows, n, &a);
    }
    fputs("</svg>\n</figure>\n", out);
    return QF_OK;
}
