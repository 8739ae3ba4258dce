/* Reminders of dates anchored on records: a probation ending (a year after the member became
 * probationary), a transfer letter's receipt and validity, a not-applicable tailoring ending.
 * The numbers are settings (probation.length, receipt.within); a member whose procedure case
 * already keeps the matter (admission, transfer_in/out: settings skip.*) is left to the case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rulebook.h"
#include "remind_internal.h"

/* "admission, x" -> ["admission","x"] (JSON for json_each) */
static char *codes_json(const char *list)
{
    json_t *arr = json_array();
    const char *p = list;
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        const char *s = p;
        while (*p && *p != ',' && *p != ' ')
            p++;
        if (p > s)
            json_array_append_new(arr, json_stringn(s, (size_t)(p - s)));
    }
    char *out = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return out;
}

/* A duration setting. */
static int duration_setting(rm_ctx *c, const char *key, qf_duration *out)
{
    char text[64];
    int rc = rm__setting(c->db, key, text, sizeof text);
    if (!rc)
        rc = qf_duration_parse(out, text);
    return rc;
}

/* ---- probation ----------------------------------------------------------------------- */

/* The probationary members (from the statuses: a few of every member; CROSS JOIN keeps SQLite
 * from walking every member and its subqueries first — 20,000 at 1,000 branches), in member
 * order, then the order their memberships were read in before. */
static int probations(rm_ctx *c)
{
    static const char sql[] =
        "SELECT m.id, m.name, s.since, ms.org_id FROM member_status s "
        "CROSS JOIN member m "
        "JOIN membership ms ON ms.member_id = m.id AND ms.start <= ?1 "
        "  AND (ms.end IS NULL OR ms.end >= ?1) "
        "JOIN org b ON b.id = ms.org_id AND b.kind <> 'group' "
        "WHERE m.id = s.member_id AND s.status = 'probationary' "
        "  AND s.since = (SELECT max(since) FROM member_status WHERE member_id = m.id "
        "                 AND since <= ?1) "
        "  AND NOT EXISTS (SELECT 1 FROM flow_case k WHERE k.member_id = m.id "
        "                  AND k.state = 'active' AND k.procedure IN (SELECT value FROM json_each(?2))) "
        "ORDER BY m.id, ms.start, ms.id";
    rm_cands *cs = &c->cands;
    char leads[200], skip[200];
    qf_duration length;
    int rc = duration_setting(c, "probation.length", &length);
    if (!rc)
        rc = rm__leads_for(c->db, "probation", leads, sizeof leads);
    if (!rc)
        rc = rm__setting(c->db, "skip.probation", skip, sizeof skip);
    if (rc)
        return rc;
    char *skip_json = codes_json(skip);
    qf_stmt *st = qf__stmt(c->db, sql);
    if (!st || !skip_json) {
        free(skip_json);
        return st ? qf__oom() : qf_error_last_code();
    }
    qf__bind_date(st, 1, c->today);
    qf__bind_textn(st, 2, skip_json, -1, QF_TRANSIENT);
    free(skip_json);
    while (rc == QF_OK && qf__step(st) == QF_ROW) {
        int64_t member = qf__col_int64(st, 0), org = qf__col_int64(st, 3);
        if (!rm__in_scope(c, org))
            continue;
        qf_date since = qf__col_date(st, 2), due;
        if ((rc = qf_calendar_add(&due, c->db, since, length)))
            break;
        rm_cand *x = rm__add(cs);
        if (!x) {
            rc = qf_error_last_code();
            break;
        }
        char s_since[11];
        qf_date_format(since, s_since);
        const char *name = qf__col_text(st, 1);
        x->source = "probation";
        x->rule = "probation";
        x->subject_key = rm__fmt(cs, "probation/member:%lld", (long long)member);
        x->key = rm__fmt(cs, "%s/%s", x->subject_key, s_since);
        x->subject_type = "member";
        x->subject_id = member;
        x->subject = rm__msg(cs, "%s", "s", name);
        x->org_id = org;
        x->title = rm__msg(cs, N_("Probation of %s ends"), "s", name);
        x->message = rm__msg(cs,
                             N_("%s: probationary since %s, the probation (%s) ends on %s: ask for "
                                "the application for full membership and put it to the general "
                                "meeting"),
                             "sDMD", name, since, rm__duration_msg(cs, length), due);
        x->due = due;
        x->leads = qf__arena_strdup(&cs->arena, leads);
        x->responsible = "organization";
        x->kind = due >= c->today ? RM_OPEN : RM_OVERDUE;
        x->always = true;
    }
    qf__reset(st);
    return rc;
}

/* ---- transfers ----------------------------------------------------------------------- */

static int transfers(rm_ctx *c)
{
    static const char sql[] =
        "SELECT t.id, m.id, m.name, t.org_id, t.direction, t.letter_date, t.other_org, "
        "t.letter_no, t.valid_days FROM transfer t JOIN member m ON m.id = t.member_id "
        "WHERE t.status = 'pending' "
        "  AND NOT EXISTS (SELECT 1 FROM flow_case k WHERE k.member_id = m.id "
        "                  AND k.state = 'active' AND k.procedure IN (SELECT value FROM json_each(?1))) "
        "ORDER BY t.id";
    rm_cands *cs = &c->cands;
    char receipt_leads[200], letter_leads[200], skip[200];
    qf_duration within;
    int rc = duration_setting(c, "receipt.within", &within);
    if (!rc)
        rc = rm__leads_for(c->db, "receipt", receipt_leads, sizeof receipt_leads);
    if (!rc)
        rc = rm__leads_for(c->db, "letter", letter_leads, sizeof letter_leads);
    if (!rc)
        rc = rm__setting(c->db, "skip.transfer", skip, sizeof skip);
    if (rc)
        return rc;
    char *skip_json = codes_json(skip);
    qf_stmt *st = qf__stmt(c->db, sql);
    if (!st || !skip_json) {
        free(skip_json);
        return st ? qf__oom() : qf_error_last_code();
    }
    qf__bind_textn(st, 1, skip_json, -1, QF_TRANSIENT);
    free(skip_json);
    while (rc == QF_OK && qf__step(st) == QF_ROW) {
        int64_t id = qf__col_int64(st, 0);
        int64_t org = qf__col_int64(st, 3);
        if (!rm__in_scope(c, org))
            continue;
        const char *name = qf__col_text(st, 2);
        bool in = strcmp(qf__col_text(st, 4), "in") == 0;
        qf_date letter = qf__col_date(st, 5);
        const char *other = qf__col_text(st, 6) ? qf__col_text(st, 6) : "?";
        const char *no = qf__col_text(st, 7);
        int valid = qf__col_int(st, 8);
        const qf_msg *label = no ? rm__msg(cs, N_("%s of %s"), "sD", no, letter)
                                 : rm__msg(cs, "%s", "D", letter);
        /* the receipt */
        qf_date due;
        if ((rc = qf_calendar_add(&due, c->db, letter, within)))
            break;
        rm_cand *x = rm__add(cs);
        if (!x) {
            rc = qf_error_last_code();
            break;
        }
        x->source = "receipt";
        x->rule = in ? "receipt/in" : "receipt/out";
        x->subject_key = rm__fmt(cs, "receipt/transfer:%lld", (long long)id);
        x->key = x->subject_key;
        x->subject_type = "transfer";
        x->subject_id = id;
        x->subject = rm__msg(cs, "%s", "s", name);
        x->org_id = org;
        if (in) {
            x->title = rm__msg(cs, N_("Send back the receipt of %s's transfer letter"), "s", name);
            x->message = rm__msg(cs,
                                 N_("%s: transferred in from %s (letter %s); the receipt goes back "
                                    "by %s (%s after the letter)"),
                                 "ssMDM", name, other, label, due, rm__duration_msg(cs, within));
        } else {
            x->title = rm__msg(cs, N_("Receipt of %s's transfer letter due back"), "s", name);
            x->message = rm__msg(cs,
                                 N_("%s: transferred out to %s (letter %s); the receipt is due back "
                                    "by %s (%s after the letter): ask the receiving organisation"),
                                 "ssMDM", name, other, label, due, rm__duration_msg(cs, within));
        }
        x->due = due;
        x->leads = qf__arena_strdup(&cs->arena, receipt_leads);
        x->responsible = "organization";
        x->kind = due >= c->today ? RM_OPEN : RM_OVERDUE;
        x->always = true;
        if (valid <= 0)
            continue;
        /* the letter's validity: the member must report before it runs out */
        due = letter + valid - 1;
        x = rm__add(cs);
        if (!x) {
            rc = qf_error_last_code();
            break;
        }
        x->source = "letter";
        x->rule = in ? "letter/in" : "letter/out";
        x->subject_key = rm__fmt(cs, "letter/transfer:%lld", (long long)id);
        x->key = x->subject_key;
        x->subject_type = "transfer";
        x->subject_id = id;
        x->subject = rm__msg(cs, "%s", "s", name);
        x->org_id = org;
        x->title = rm__msg(cs, N_("Transfer letter of %s runs out"), "s", name);
        if (in)
            x->message = rm__msg(cs,
                                 N_("%s: the letter %s from %s is valid until %s (%d days): receive "
                                    "the member before it runs out"),
                                 "sMsDd", name, label, other, due, valid);
        else
            x->message = rm__msg(cs,
                                 N_("%s: the letter %s to %s is valid until %s (%d days): the member "
                                    "must report there before it runs out"),
                                 "sMsDd", name, label, other, due, valid);
        x->due = due;
        x->leads = qf__arena_strdup(&cs->arena, letter_leads);
        x->responsible = "organization";
        x->kind = due >= c->today ? RM_OPEN : RM_OVERDUE;
        x->always = true;
    }
    qf__reset(st);
    return rc;
}

/* ---- not-applicable tailorings that expire ------------------------------------------- */

/* Whether a tailoring of `org` (0: the whole database) concerns the run's scope: the org is in
 * scope, or is above the org asked for. */
static bool tailoring_in_scope(rm_ctx *c, int64_t org)
{
    if (!c->scope || !org || rm__in_scope(c, org))
        return true;
    static const char sql[] = "SELECT parent_id FROM org WHERE id = ?1";
    int64_t id = c->opts->org_id;
    for (int depth = 0; id && depth < 32; depth++) {
        if (id == org)
            return true;
        qf_stmt *st = qf__stmt(c->db, sql);
        if (!st)
            return false;
        qf__bind_int64(st, 1, id);
        id = qf__step(st) == QF_ROW ? qf__col_id(st, 0) : 0;
        qf__reset(st);
    }
    return false;
}

static int exemptions(rm_ctx *c)
{
    rm_cands *cs = &c->cands;
    char leads[200];
    int rc = rm__leads_for(c->db, "exemption", leads, sizeof leads);
    if (rc)
        return rc;
    qf_rulebook cat;
    if ((rc = qf__rulebook_read(&cat, c->db)))
        return rc;
    for (size_t i = 0; rc == QF_OK && i < cat.n_tailorings; i++) {
        /* the revision in force today: the latest one that has taken effect */
        const qf_tailoring_rev *t = &cat.tailorings[i];
        if (t->effective != QF_DATE_NONE && t->effective > c->today)
            continue;
        bool later = false;
        for (size_t j = i + 1; j < cat.n_tailorings && strcmp(cat.tailorings[j].code, t->code) == 0;
             j++)
            later = later || cat.tailorings[j].effective <= c->today;
        if (later || !tailoring_in_scope(c, t->org_id))
            continue;
        for (size_t k = 0; k < t->n_nas; k++) {
            const qf_tna *na = &t->nas[k];
            char target[200], exp[11];
            if (na->t.clause)
                snprintf(target, sizeof target, "%s/%s", na->t.code, na->t.clause);
            else
                snprintf(target, sizeof target, "%s", na->t.code);
            const char *reason = na->reason;
            qf_date due = na->expires;
            if (due == QF_DATE_NONE)
                continue;
            qf_date_format(due, exp);
            /* an end that passed before the previous run was reminded of then (or predates the
             * ledger) */
            if (due < c->today && (c->last_run == QF_DATE_NONE || due <= c->last_run))
                continue;
            rm_cand *x = rm__add(cs);
            if (!x) {
                rc = qf_error_last_code();
                break;
            }
            x->source = "exemption";
            x->rule = rm__fmt(cs, "%s/%s", t->code, target);
            x->subject_key = rm__fmt(cs, "exemption/%s/%s", t->code, target);
            x->key = rm__fmt(cs, "%s/%s", x->subject_key, exp);
            x->subject_type = "org";
            x->subject_id = t->org_id;
            x->subject = rm__msg(cs, "%s", "s", target);
            x->org_id = t->org_id;
            x->title = rm__msg(cs, N_("%s is not applicable only until %s"), "sD", target, due);
            x->message = rm__msg(cs,
                                 N_("%s is not applicable until %s (%s; tailoring %s): from %s it "
                                    "applies again"),
                                 "sDssD", target, due, reason ? reason : "", t->code, due + 1);
            x->due = due;
            x->leads = qf__arena_strdup(&cs->arena, leads);
            x->kind = RM_OPEN;
            x->event = true;
        }
    }
    qf__rulebook_free(&cat);
    return rc;
}

/* ---- waivers that end ---------------------------------------------------------------- */

/* A waiver's last day: from then on the findings it explains count again. Kept in the ledger
 * under the source `exemption` (a waiver is an exemption of findings, recorded rather than
 * tailored), keyed "waiver/ID/LAST-DAY" so ending it early makes a new occurrence. */
static int waivers(rm_ctx *c)
{
    rm_cands *cs = &c->cands;
    char leads[200];
    int rc = rm__leads_for(c->db, "waiver", leads, sizeof leads);
    if (rc)
        return rc;
    qf_waiver_filter f = QF_WAIVER_FILTER_INIT;
    /* an end that passed before the previous run was reminded of then */
    f.ends_from = c->last_run == QF_DATE_NONE ? c->today : c->last_run + 1;
    if (f.ends_from > c->today)
        f.ends_from = c->today;
    qf_waiver_iter *it = NULL;
    if ((rc = qf_waiver_list(&it, c->db, &f)))
        return rc;
    const qf_waiver *w;
    while ((rc = qf_waiver_next(&w, it)) == QF_OK) {
        if (c->scope && !rm__in_scope(c, w->org_id))
            continue;
        rm_cand *x = rm__add(cs);
        if (!x) {
            rc = qf_error_last_code();
            break;
        }
        char until[11];
        qf_date_format(w->until, until);
        x->source = "exemption";
        x->rule = rm__fmt(cs, "waiver/%lld", (long long)w->id);
        x->subject_key = rm__fmt(cs, "waiver/%lld", (long long)w->id);
        x->key = rm__fmt(cs, "%s/%s", x->subject_key, until);
        x->subject_type = "org";
        x->subject_id = w->org_id;
        x->subject = rm__msg(cs, "%s %s", "ss", w->target, w->subject);
        x->org_id = w->org_id;
        x->title = rm__msg(cs, N_("waiver %d of %s %s holds only until %s"), "dssD", (int)w->id,
                           w->target, w->subject, w->until);
        x->message = rm__msg(cs,
                             N_("waiver %d (%s; approved by %s) ends on %s: from %s the findings "
                                "it explains count again"),
                             "dssDD", (int)w->id, w->reason, w->approved_by, w->until,
                             w->until + 1);
        x->due = w->until;
        x->leads = qf__arena_strdup(&cs->arena, leads);
        x->kind = RM_OPEN;
        x->event = true;
        if (!x->rule || !x->key || !x->subject || !x->title || !x->message || !x->leads) {
            rc = qf_error_last_code();
            break;
        }
    }
    qf_waiver_iter_free(it);
    return rc == QF_ITEROVER ? QF_OK : rc;
}

int rm__from_records(rm_ctx *c)
{
    int rc = probations(c);
    if (!rc)
        rc = transfers(c);
    if (!rc)
        rc = exemptions(c);
    if (!rc)
        rc = waivers(c);
    return rc;
}

rm_kind rm__recheck_records(rm_ctx *c, const char *source, int64_t subject_id);
rm_kind rm__recheck_records(rm_ctx *c, const char *source, int64_t subject_id)
{
    if (strcmp(source, "probation") == 0) {
        qf_member_status st;
        if (qf_member_status_on(&st, c->db, subject_id, c->today) != QF_OK)
            return RM_GONE;
        return st == QF_STATUS_FULL ? RM_MET : RM_GONE;
    }
    if (strcmp(source, "receipt") == 0 || strcmp(source, "letter") == 0) {
        qf_transfer *t = NULL;
        if (qf_transfer_get(&t, c->db, subject_id) != QF_OK)
            return RM_GONE;
        rm_kind k = t->status == QF_TRANSFER_COMPLETED ? RM_MET : RM_GONE;
        qf_transfer_free(t);
        return k;
    }
    return RM_GONE; /* an exemption no longer in its tailoring, or its day has passed */
}
