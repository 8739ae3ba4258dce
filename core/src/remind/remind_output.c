/* Writing a reminder run: the JSON of docs/reminders.md, and text for people, grouped by the
 * person responsible. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "remind_internal.h"

static json_t *date_json(qf_date d)
{
    if (d == QF_DATE_NONE)
        return json_null();
    char buf[11];
    qf_date_format(d, buf);
    return json_string(buf);
}

static json_t *text_json(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *rm__reminder_json(const qf_reminder *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "key", text_json(r->key));
    json_object_set_new(o, "source", text_json(r->source));
    json_object_set_new(o, "rule", text_json(r->rule));
    json_object_set_new(o, "state", json_string(qf_reminder_state_name(r->state)));
    json_object_set_new(o, "title", text_json(r->title));
    json_object_set_new(o, "message", text_json(r->message));
    json_object_set_new(o, "due", date_json(r->due));
    json_object_set_new(o, "days_left", json_integer(r->days_left));
    json_object_set_new(o, "overdue", json_boolean(r->overdue));
    json_object_set_new(o, "subject",
                        json_pack("{s:o, s:o, s:o}", "type", text_json(r->subject_type), "id",
                                  r->subject_id ? json_integer(r->subject_id) : json_null(),
                                  "label", text_json(r->subject)));
    json_object_set_new(o, "org", text_json(r->org));
    json_object_set_new(o, "responsible",
                        json_pack("{s:o, s:o, s:o, s:o}", "post", text_json(r->responsible),
                                  "label", text_json(r->responsible_label), "member_id",
                                  r->holder_id ? json_integer(r->holder_id) : json_null(),
                                  "member", text_json(r->holder)));
    json_object_set_new(o, "leads", text_json(r->leads));
    json_object_set_new(o, "next_fire", date_json(r->next_fire));
    json_object_set_new(o, "snoozed_until", date_json(r->snoozed_until));
    json_object_set_new(o, "first_seen", date_json(r->first_seen));
    json_object_set_new(o, "resolved", date_json(r->resolved));
    json_object_set_new(o, "sequence", json_integer(r->sequence));
    json_object_set_new(o, "note", text_json(r->note));
    json_object_set_new(o, "shown", json_boolean(r->shown));
    json_object_set_new(o, "firing", json_boolean(r->firing));
    json_object_set_new(o, "fire_lead", text_json(r->fire_lead));
    json_object_set_new(o, "late", json_boolean(r->late));
    json_t *missed = json_array();
    for (size_t i = 0; i < r->n_missed; i++)
        json_array_append_new(missed, date_json(r->missed[i]));
    json_object_set_new(o, "missed", missed);
    json_object_set_new(o, "delivered", json_boolean(r->delivered));
    json_object_set_new(o, "delivery_error", text_json(r->delivery_error));
    json_object_set_new(o, "resolved_now", json_boolean(r->resolved_now));
    return o;
}

static json_t *result_json(const qf_remind_result *r)
{
    qf_remind_summary s;
    qf_remind_summarize(r, &s);
    json_t *items = json_array();
    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(items, rm__reminder_json(&r->items[i]));
    json_t *o = json_object();
    json_object_set_new(o, "qufa_remind", json_integer(1)); /* format version */
    json_object_set_new(o, "today", date_json(r->today));
    json_object_set_new(o, "within", json_integer(r->within));
    json_object_set_new(o, "org", text_json(r->org));
    json_object_set_new(o, "last_run", date_json(r->last_run));
    json_object_set_new(o, "dry_run", json_boolean(r->dry_run));
    json_object_set_new(
        o, "summary",
        json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "shown", s.shown,
                  "firing", s.firing, "delivered", s.delivered, "failed", s.failed, "late",
                  s.late, "overdue", s.overdue, "active", s.active, "acknowledged",
                  s.acknowledged, "snoozed", s.snoozed, "satisfied_now", s.satisfied_now,
                  "expired_now", s.expired_now));
    json_object_set_new(o, "reminders", items);
    return o;
}

int qf_remind_json(char **out, const qf_remind_result *r)
{
    json_t *o = result_json(r);
    *out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? QF_OK : qf__oom();
}

int qf_reminder_json(char **out, const qf_reminder *r)
{
    json_t *o = rm__reminder_json(r);
    *out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? QF_OK : qf__oom();
}

int qf_remind_write_json(const qf_remind_result *r, FILE *out)
{
    char *s = NULL;
    int rc = qf_remind_json(&s, r);
    if (rc)
        return rc;
    fputs(s, out);
    fputc('\n', out);
    free(s);
    return ferror(out) ? qf__err(QF_ERROR, "%s", _("remind: could not write the output")) : QF_OK;
}

/* ---- text ------------------------------------------------------------------------------- */

static void days_text(const qf_reminder *r, char *buf, size_t size)
{
    if (r->days_left > 0)
        snprintf(buf, size, _("%d day(s) left"), r->days_left);
    else if (r->days_left == 0)
        snprintf(buf, size, "%s", _("due today"));
    else
        snprintf(buf, size, _("%d day(s) overdue"), -r->days_left);
}

static void lead_text(const char *lead, char *buf, size_t size)
{
    qf_duration d;
    char words[64];
    if (lead && strcmp(lead, "overdue") == 0) {
        snprintf(buf, size, "%s", _("overdue, again"));
    } else if (!lead || qf_duration_parse(&d, lead) != QF_OK) {
        snprintf(buf, size, "%s", lead ? lead : "");
        qf_error_clear();
    } else if (d.amount == 0) {
        snprintf(buf, size, "%s", _("on the day"));
    } else {
        rm__duration_words(d, words, sizeof words);
        snprintf(buf, size, d.amount < 0 ? _("%s before") : _("%s after"), words);
    }
}

static void write_item(const qf_reminder *r, FILE *out, const qf_remind_text_options *o,
                       bool dry)
{
    const char *reset = o->color ? "\033[0m" : "";
    const char *mark, *col;
    if (r->overdue) {
        mark = "!";
        col = "\033[31m";
    } else if (r->firing) {
        mark = "★";
        col = "\033[33m";
    } else {
        mark = "·";
        col = "\033[36m";
    }
    char due[11], days[64];
    qf_date_format(r->due, due);
    days_text(r, days, sizeof days);
    fprintf(out, "  %s%s%s %s  %s  %s  [#%lld]\n", o->color ? col : "", mark, reset, due, days,
            r->title ? r->title : "", (long long)r->id);
    if (r->message && (!r->title || strcmp(r->message, r->title) != 0))
        fprintf(out, "      %s\n", r->message);
    char line[600] = "";
    size_t len = 0;
    if (r->firing) {
        char lead[64];
        lead_text(r->fire_lead, lead, sizeof lead);
        if (r->delivery_error)
            len += (size_t)snprintf(line + len, sizeof line - len,
                                    _("not delivered (%s): it fires again next run"),
                                    r->delivery_error);
        else if (dry)
            len += (size_t)snprintf(line + len, sizeof line - len, _("would fire now (%s)"), lead);
        else
            len += (size_t)snprintf(line + len, sizeof line - len, _("reminded now (%s)"), lead);
        if (r->late && r->n_missed) {
            char days_list[200] = "";
            for (size_t i = 0; i < r->n_missed && i < 8; i++) {
                char d[11];
                qf_date_format(r->missed[i], d);
                size_t l = strlen(days_list);
                snprintf(days_list + l, sizeof days_list - l, "%s%s", i ? ", " : "", d);
            }
            len += (size_t)snprintf(line + len, sizeof line - len, _("; late: it was due %s"),
                                    days_list);
        }
    }
    if (r->state == QF_REMINDER_SNOOZED) {
        char d[11];
        qf_date_format(r->snoozed_until, d);
        len += (size_t)snprintf(line + len, sizeof line - len, _("snoozed until %s"), d);
    } else if (r->state == QF_REMINDER_ACKNOWLEDGED) {
        len += (size_t)snprintf(line + len, sizeof line - len, "%s", _("acknowledged"));
    } else if (r->next_fire != QF_DATE_NONE) {
        char d[11];
        qf_date_format(r->next_fire, d);
        if (len)
            len += (size_t)snprintf(line + len, sizeof line - len, "%s", _("; "));
        len += (size_t)snprintf(line + len, sizeof line - len, _("next reminder %s"), d);
    }
    if (r->note && (r->state == QF_REMINDER_SNOOZED || r->state == QF_REMINDER_ACKNOWLEDGED))
        len += (size_t)snprintf(line + len, sizeof line - len, _(" (%s)"), r->note);
    if (len)
        fprintf(out, "      %s\n", line);
}

static void write_group_header(const qf_reminder *r, FILE *out, const qf_remind_text_options *o)
{
    const char *bold = o->color ? "\033[1m" : "";
    const char *reset = o->color ? "\033[0m" : "";
    const char *post = r->responsible_label ? r->responsible_label : "";
    bool org_shown = r->org_name && r->org_is_group;
    if (r->holder && org_shown)
        fprintf(out, _("%s%s (%s, %s)%s\n"), bold, r->holder, post, r->org_name, reset);
    else if (r->holder)
        fprintf(out, _("%s%s (%s)%s\n"), bold, r->holder, post, reset);
    else if (org_shown)
        fprintf(out, _("%s%s of %s: vacant%s\n"), bold, post, r->org_name, reset);
    else
        fprintf(out, _("%s%s: vacant%s\n"), bold, post, reset);
}

/* An item's group: the holder, or for a vacant post the post and the org. */
static int cmp_group(const qf_reminder *x, const qf_reminder *y)
{
    if (x->holder_id || y->holder_id)
        return x->holder_id < y->holder_id ? -1 : x->holder_id > y->holder_id;
    int c = strcmp(x->responsible ? x->responsible : "", y->responsible ? y->responsible : "");
    if (c)
        return c;
    return x->org_id < y->org_id ? -1 : x->org_id > y->org_id;
}

typedef struct slot {
    const qf_reminder *r;
    size_t index; /* in the result (urgency order) */
    size_t first; /* the index of its group's most urgent item */
} slot;

static int cmp_slot_group(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    int c = cmp_group(x->r, y->r);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_slot_first(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Lists the items `want` accepts, grouped by who is responsible: the groups in the order of
 * their most urgent item, each group's items in the result's order. */
static void write_grouped(const qf_remind_result *res, FILE *out, const qf_remind_text_options *o,
                          bool (*want)(const qf_reminder *))
{
    slot *s = calloc(res->n + 1, sizeof *s);
    if (!s)
        return;
    size_t n = 0;
    for (size_t i = 0; i < res->n; i++)
        if (want(&res->items[i]))
            s[n++] = (slot){&res->items[i], i, i};
    qsort(s, n, sizeof *s, cmp_slot_group);
    for (size_t i = 1; i < n; i++)
        if (cmp_group(s[i].r, s[i - 1].r) == 0)
            s[i].first = s[i - 1].first;
    qsort(s, n, sizeof *s, cmp_slot_first);
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || s[i].first != s[i - 1].first) {
            fputc('\n', out);
            write_group_header(s[i].r, out, o);
        }
        write_item(s[i].r, out, o, res->dry_run);
    }
    free(s);
}

static bool is_shown(const qf_reminder *r)
{
    return r->shown;
}

static bool is_held(const qf_reminder *r)
{
    return r->state == QF_REMINDER_SNOOZED || r->state == QF_REMINDER_ACKNOWLEDGED;
}

static bool is_resolved_now(const qf_reminder *r)
{
    return r->resolved_now;
}

int qf_remind_write_text(const qf_remind_result *r, FILE *out, const qf_remind_text_options *o)
{
    qf_remind_text_options def = QF_REMIND_TEXT_OPTIONS_INIT;
    if (!o)
        o = &def;
    char today[11];
    qf_date_format(r->today, today);
    fprintf(out, _("Reminders as of %s (due within %d day(s), already reminded, or overdue)\n"),
            today, r->within);
    if (r->dry_run)
        fprintf(out, "%s\n", _("(a dry run: nothing was delivered or recorded)"));
    qf_remind_summary s;
    qf_remind_summarize(r, &s);
    if (s.shown == 0)
        fprintf(out, "\n%s\n", _("Nothing is due."));
    else
        write_grouped(r, out, o, is_shown);
    if (o->all && (s.acknowledged || s.snoozed)) {
        fprintf(out, "\n%s\n", _("Acknowledged or snoozed:"));
        write_grouped(r, out, o, is_held);
    }
    if (o->all && (s.satisfied_now || s.expired_now)) {
        fprintf(out, "\n%s\n", _("Resolved in this run:"));
        for (size_t i = 0; i < r->n; i++) {
            const qf_reminder *x = &r->items[i];
            if (!is_resolved_now(x))
                continue;
            fprintf(out, "  %s  %s  [#%lld]\n", rm__state_label(x->state), x->title ? x->title : "",
                    (long long)x->id);
        }
    }
    fputc('\n', out);
    if (r->dry_run)
        fprintf(out,
                _("%d reminder(s) would fire now (%d late); %d overdue; %d acknowledged, %d "
                  "snoozed; %d would be satisfied, %d would expire.\n"),
                s.firing, s.late, s.overdue, s.acknowledged, s.snoozed, s.satisfied_now,
                s.expired_now);
    else
        fprintf(out,
                _("%d reminder(s) fired now (%d late, %d not delivered); %d overdue; %d "
                  "acknowledged, %d snoozed; since the last run %d satisfied, %d expired.\n"),
                s.firing, s.late, s.failed, s.overdue, s.acknowledged, s.snoozed, s.satisfied_now,
                s.expired_now);
    return ferror(out) ? qf__err(QF_ERROR, "%s", _("remind: could not write the output")) : QF_OK;
}
