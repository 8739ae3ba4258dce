/* Reminder settings: lead times per source and the numbers anchored reminders count with. The
 * defaults live here; a branch's own values are rows of remind_setting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "remind_internal.h"

typedef enum setting_type { S_LEADS, S_DURATION, S_CODES } setting_type;

typedef struct setting {
    const char *key;
    const char *def;
    setting_type type;
    const char *doc;
} setting;

static const setting SETTINGS[] = {
    {"leads.half_month", "-5d,-2d,0d", S_LEADS,
     N_("lead times of a half-month period (cadence, hours and period checks)")},
    {"leads.month", "-7d,-3d,-1d", S_LEADS, N_("lead times of a month")},
    {"leads.quarter", "-14d,-7d,-3d", S_LEADS, N_("lead times of a quarter")},
    {"leads.half_year", "-30d,-14d,-7d", S_LEADS, N_("lead times of a half year")},
    {"leads.year", "-60d,-30d,-7d", S_LEADS, N_("lead times of a year")},
    {"leads.activity", "-3d,-1d,0d", S_LEADS,
     N_("lead times of what an activity needs by a day (a notice before it, minutes after it)")},
    {"leads.term", "-90d,-30d,-7d", S_LEADS,
     N_("lead times of a re-election (the term requirement opens `warn` days before)")},
    {"leads.procedure", "-7d,-3d,0d", S_LEADS, N_("lead times of a procedure step's time rule")},
    {"leads.probation", "-30d,-7d,0d", S_LEADS, N_("lead times of the end of a probation")},
    {"leads.receipt", "-7d,-3d,0d", S_LEADS, N_("lead times of a transfer letter's receipt")},
    {"leads.letter", "-3d,0d", S_LEADS, N_("lead times of the end of a transfer letter's validity")},
    {"leads.exemption", "-30d,-7d,0d", S_LEADS,
     N_("lead times of the end of a not-applicable tailoring")},
    {"leads.waiver", "-14d,-3d,0d", S_LEADS, N_("lead times of the last day of a waiver")},
    {"leads.custom", "0d", S_LEADS, N_("lead times of custom rules that give none")},
    {"nag", "7d", S_DURATION, N_("an overdue reminder fires again every this long (0d: never)")},
    {"probation.length", "1y", S_DURATION,
     N_("probation, counted from the day the member became probationary")},
    {"receipt.within", "1m", S_DURATION,
     N_("the receipt of a transfer letter is due back this long after the letter's date")},
    {"skip.probation", "admission", S_CODES,
     N_("procedures whose open case for a member reminds of the probation instead")},
    {"skip.transfer", "transfer_in,transfer_out", S_CODES,
     N_("procedures whose open case for a member reminds of the transfer instead")},
};
#define N_SETTINGS (sizeof SETTINGS / sizeof SETTINGS[0])

static const setting *find(const char *key)
{
    for (size_t i = 0; i < N_SETTINGS; i++)
        if (key && strcmp(SETTINGS[i].key, key) == 0)
            return &SETTINGS[i];
    return NULL;
}

static int unknown_key(const char *key)
{
    char known[900] = "";
    for (size_t i = 0; i < N_SETTINGS; i++) {
        size_t len = strlen(known);
        snprintf(known + len, sizeof known - len, "%s%s", i ? ", " : "", SETTINGS[i].key);
    }
    return qf__err(QF_EINVALID, _("reminder setting '%.40s' is unknown (%s)"), key ? key : "",
                   known);
}

static int validate(const setting *s, const char *value)
{
    int rc = qf__check_text(s->key, value, true, 200);
    if (rc)
        return rc;
    switch (s->type) {
    case S_LEADS: {
        qf_duration leads[QF_LEADS_MAX];
        size_t n;
        if (qf_leads_parse(leads, &n, value) != QF_OK)
            return qf__err(QF_EINVALID, "%s: %s", s->key, qf_error_last());
        return QF_OK;
    }
    case S_DURATION: {
        qf_duration d;
        if (qf_duration_parse(&d, value) != QF_OK)
            return qf__err(QF_EINVALID, "%s: %s", s->key, qf_error_last());
        if (d.amount < 0)
            return qf__err(QF_EINVALID, _("%s: the duration must not be negative (%s)"), s->key,
                           value);
        return QF_OK;
    }
    case S_CODES:
        for (const char *p = value; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
                  *p == ',' || *p == ' '))
                return qf__err(QF_EINVALID,
                               _("%s: a comma-separated list of procedure codes is expected "
                                 "(%.60s)"),
                               s->key, value);
        return QF_OK;
    }
    return QF_OK;
}

int rm__setting(qf_db *db, const char *key, char *buf, size_t size)
{
    static const char sql[] = "SELECT value FROM remind_setting WHERE key = ?1";
    const setting *s = find(key);
    if (!s)
        return unknown_key(key);
    qf_stmt *st = qf__stmt(db, sql);
    if (!st)
        return qf_error_last_code();
    qf__bind_textn(st, 1, key, -1, QF_STATIC);
    const char *v = s->def;
    int rc = qf__step(st);
    if (rc == QF_ROW)
        v = qf__col_text(st, 0);
    snprintf(buf, size, "%s", v ? v : s->def);
    qf__reset(st);
    if (rc != QF_ROW && rc != QF_DONE)
        return qf__sqlerr(db, rc, "remind_setting");
    return QF_OK;
}

int rm__leads_for(qf_db *db, const char *what, char *buf, size_t size)
{
    char key[40];
    snprintf(key, sizeof key, "leads.%s", what);
    return rm__setting(db, key, buf, size);
}

int qf_remind_setting_get(char **out, qf_db *db, const char *key)
{
    *out = NULL;
    char buf[256];
    int rc = rm__setting(db, key, buf, sizeof buf);
    if (rc)
        return rc;
    *out = qf__strdup(buf);
    return *out ? QF_OK : qf__oom();
}

int qf_remind_setting_set(qf_db *db, const char *key, const char *value, const char *note)
{
    static const char sql_put[] =
        "INSERT INTO remind_setting (key, value, note) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO "
        "UPDATE SET value = excluded.value, note = excluded.note";
    static const char sql_del[] = "DELETE FROM remind_setting WHERE key = ?1";
    const setting *s = find(key);
    if (!s)
        return unknown_key(key);
    int rc;
    if (value && (rc = validate(s, value)))
        return rc;
    if ((rc = qf__check_text("note", note, false, 2000)))
        return rc;
    rc = qf__tx_begin(db);
    if (rc)
        return rc;
    qf_stmt *st = qf__stmt(db, value ? sql_put : sql_del);
    if (!st)
        return qf__tx_end(db, qf_error_last_code());
    qf__bind_textn(st, 1, key, -1, QF_STATIC);
    if (value) {
        qf__bind_textn(st, 2, value, -1, QF_STATIC);
        qf__bind_text(st, 3, note);
    }
    return qf__tx_end(db, qf__exec_stmt(db, st, key));
}

int qf_remind_settings_json(char **out, qf_db *db)
{
    static const char sql[] = "SELECT value, note FROM remind_setting WHERE key = ?1";
    *out = NULL;
    json_t *arr = json_array();
    int rc = QF_OK;
    for (size_t i = 0; rc == QF_OK && i < N_SETTINGS; i++) {
        qf_stmt *st = qf__stmt(db, sql);
        if (!st) {
            rc = qf_error_last_code();
            break;
        }
        qf__bind_textn(st, 1, SETTINGS[i].key, -1, QF_STATIC);
        bool set = qf__step(st) == QF_ROW;
        const char *note = set ? qf__col_text(st, 1) : NULL;
        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:s, s:b, s:s, s:o}", "key", SETTINGS[i].key, "value",
                           set ? qf__col_text(st, 0) : SETTINGS[i].def, "default",
                           SETTINGS[i].def, "set", set, "doc", _(SETTINGS[i].doc), "note",
                           note ? json_string(note) : json_null()));
        qf__reset(st);
    }
    if (rc == QF_OK) {
        *out = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (!*out)
            rc = qf__oom();
    }
    json_decref(arr);
    return rc;
}
