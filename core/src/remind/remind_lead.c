/* Lead times ("-7d, -3d, -1d", "-5wd") and the names of the ledger's states. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "remind_internal.h"

static const char *const STATE_NAMES[] = {"pending",   "fired",   "acknowledged",
                                          "satisfied", "expired", "snoozed"};

const char *qf_reminder_state_name(qf_reminder_state s)
{
    return (unsigned)s <= QF_REMINDER_SNOOZED ? STATE_NAMES[s] : "?";
}

int qf_reminder_state_parse(qf_reminder_state *out, const char *s)
{
    for (int i = 0; i <= QF_REMINDER_SNOOZED; i++)
        if (s && strcmp(s, STATE_NAMES[i]) == 0) {
            *out = (qf_reminder_state)i;
            return QF_OK;
        }
    return qf__err(QF_EINVALID,
                   _("reminder state '%.20s' is unknown (pending, fired, acknowledged, satisfied, "
                     "expired, snoozed)"),
                   s ? s : "");
}

/* About how many days a lead time spans, to order mixed units (a working day counts 7/5). */
static int approx_days(qf_duration d)
{
    switch (d.unit) {
    case QF_DUR_DAYS: return d.amount;
    case QF_DUR_WEEKS: return 7 * d.amount;
    case QF_DUR_MONTHS: return 30 * d.amount;
    case QF_DUR_YEARS: return 365 * d.amount;
    case QF_DUR_WORKDAYS: return d.amount * 7 / 5;
    }
    return d.amount;
}

static int cmp_lead(const void *a, const void *b)
{
    const qf_duration *x = a, *y = b;
    int dx = approx_days(*x), dy = approx_days(*y);
    if (dx != dy)
        return dx < dy ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

int qf_leads_parse(qf_duration *out, size_t *n, const char *text)
{
    *n = 0;
    if (!text)
        return qf__err(QF_EINVALID, "%s", _("lead times: missing (e.g. \"-7d, -3d, -1d\")"));
    const char *p = text;
    while (*p) {
        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *start = p;
        while (*p && *p != ',' && *p != ' ' && *p != '\t')
            p++;
        char one[24];
        size_t len = (size_t)(p - start);
        if (len >= sizeof one)
            return qf__err(QF_EINVALID, _("lead times: '%.*s' is not a duration"), (int)len, start);
        memcpy(one, start, len);
        one[len] = '\0';
        if (*n == QF_LEADS_MAX)
            return qf__err(QF_EINVALID, _("lead times: at most %d (%.80s)"), QF_LEADS_MAX, text);
        qf_duration d;
        if (qf_duration_parse(&d, one) != QF_OK)
            return qf__err(QF_EINVALID, _("lead times: '%s' is not a duration (e.g. -7d, -5wd, "
                                          "-2w, -1m, 0d)"),
                           one);
        int days = approx_days(d);
        if (days < -366 || days > 366)
            return qf__err(QF_EINVALID, _("lead times: '%s' is more than a year from the due "
                                          "date"),
                           one);
        bool dup = false;
        for (size_t i = 0; i < *n; i++)
            dup = dup || (out[i].amount == d.amount && out[i].unit == d.unit);
        if (!dup)
            out[(*n)++] = d;
    }
    if (*n == 0)
        return qf__err(QF_EINVALID, _("lead times: '%.80s' lists none (e.g. \"-7d, -3d, -1d\")"),
                       text);
    qsort(out, *n, sizeof *out, cmp_lead);
    return QF_OK;
}

void qf_leads_format(const qf_duration *leads, size_t n, char *buf, size_t size)
{
    size_t len = 0;
    if (size)
        buf[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++) {
        char one[16];
        qf_duration_format(leads[i], one, sizeof one);
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? "," : "", one);
    }
}

/* The words of a duration: "1 year", "2 years" (English takes the number's form, so each unit
 * has a singular and a plural message; Chinese says both alike: "1年", "2年"). NULL for an
 * unknown unit. */
static const char *duration_id(qf_duration d, int n)
{
    int one = n == 1;
    switch (d.unit) {
    case QF_DUR_DAYS: return one ? N_("%d day") : N_("%d days");
    case QF_DUR_WEEKS: return one ? N_("%d week") : N_("%d weeks");
    case QF_DUR_MONTHS: return one ? N_("%d month") : N_("%d months");
    case QF_DUR_YEARS: return one ? N_("%d year") : N_("%d years");
    case QF_DUR_WORKDAYS: return one ? N_("%d working day") : N_("%d working days");
    }
    return NULL;
}

const qf_msg *rm__duration_msg(rm_cands *cs, qf_duration d)
{
    int n = d.amount < 0 ? -d.amount : d.amount;
    const char *id = duration_id(d, n);
    return rm__msg(cs, id ? id : "%d", "d", n);
}

void rm__duration_words(qf_duration d, char *buf, size_t size)
{
    int n = d.amount < 0 ? -d.amount : d.amount;
    const char *id = duration_id(d, n);
    snprintf(buf, size, id ? _(id) : "%d", n);
}

const char *rm__state_label(qf_reminder_state s)
{
    switch (s) {
    case QF_REMINDER_PENDING: return _("not yet reminded");
    case QF_REMINDER_FIRED: return _("reminded");
    case QF_REMINDER_ACKNOWLEDGED: return _("acknowledged");
    case QF_REMINDER_SATISFIED: return _("satisfied");
    case QF_REMINDER_EXPIRED: return _("expired");
    case QF_REMINDER_SNOOZED: return _("snoozed");
    }
    return "?";
}

int qf_lead_day(qf_date *out, qf_db *db, qf_date due, qf_duration lead)
{
    return qf_calendar_add(out, db, due, lead);
}
