/*
 * Reminders as an iCalendar file (RFC 5545) written with libical, for any calendar application:
 * one VTODO per reminder with its DUE day, a VALARM at 09:00 of each lead time's day, STATUS
 * COMPLETED once satisfied and CANCELLED once expired. The UID is derived from the occurrence's
 * key, so exporting again updates a task instead of adding one, and SEQUENCE is the ledger's
 * change counter, so an application takes the newer version.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ical_dyn.h" /* libical, opened on first use */
#include "remind_internal.h"

#define ALARM_HOUR 9 /* alarms ring at 09:00 of their day */

static struct icaltimetype ical_date(qf_date d)
{
    int y, m, day;
    qf_date_to_ymd(d, &y, &m, &day);
    struct icaltimetype t = icaltime_null_date();
    t.year = y;
    t.month = m;
    t.day = day;
    t.is_date = 1;
    return t;
}

/* "2017-09-05T10:11:12Z" -> a UTC date-time (now when absent or malformed) */
static struct icaltimetype ical_utc(const char *iso)
{
    int y, mo, d, h, mi, s;
    if (iso && sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &s) == 6) {
        struct icaltimetype t = icaltime_null_time();
        t.year = y;
        t.month = mo;
        t.day = d;
        t.hour = h;
        t.minute = mi;
        t.second = s;
        t.zone = icaltimezone_get_utc_timezone();
        return t;
    }
    return icaltime_from_timet_with_zone(time(NULL), 0, icaltimezone_get_utc_timezone());
}

static enum icalproperty_status ical_status(qf_reminder_state s)
{
    switch (s) {
    case QF_REMINDER_SATISFIED: return ICAL_STATUS_COMPLETED;
    case QF_REMINDER_EXPIRED: return ICAL_STATUS_CANCELLED;
    case QF_REMINDER_ACKNOWLEDGED: return ICAL_STATUS_INPROCESS;
    default: return ICAL_STATUS_NEEDSACTION;
    }
}

static icalcomponent *todo(const qf_reminder *r, struct icaltimetype stamp)
{
    icalcomponent *c = icalcomponent_new(ICAL_VTODO_COMPONENT);
    unsigned char digest[32];
    char hex[65], uid[120];
    qf_sha256_ctx h;
    qf__sha256_init(&h);
    qf__sha256_update(&h, r->key, strlen(r->key));
    qf__sha256_final(&h, digest);
    qf__hex(digest, 16, hex);
    snprintf(uid, sizeof uid, "qufa-%s@qufa", hex);
    icalcomponent_add_property(c, icalproperty_new_uid(uid));
    icalcomponent_add_property(c, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(c, icalproperty_new_lastmodified(ical_utc(r->changed_at)));
    icalcomponent_add_property(c, icalproperty_new_sequence(r->sequence));
    icalcomponent_add_property(c, icalproperty_new_summary(r->title ? r->title : ""));
    char desc[3000];
    size_t len = (size_t)snprintf(desc, sizeof desc, "%s", r->message ? r->message : "");
    if (r->holder)
        len += (size_t)snprintf(desc + len, sizeof desc - len, _("\nResponsible: %s (%s)"),
                                r->holder, r->responsible_label ? r->responsible_label : "");
    else if (r->responsible_label)
        len += (size_t)snprintf(desc + len, sizeof desc - len, _("\nResponsible: %s (vacant)"),
                                r->responsible_label);
    snprintf(desc + len, sizeof desc - len, _("\nRule: %s · reminder %lld"), r->rule ? r->rule : "",
             (long long)r->id);
    icalcomponent_add_property(c, icalproperty_new_description(desc));
    icalcomponent_add_property(c, icalproperty_new_due(ical_date(r->due)));
    icalcomponent_add_property(c, icalproperty_new_status(ical_status(r->state)));
    if (r->source)
        icalcomponent_add_property(c, icalproperty_new_categories(r->source));
    icalproperty *x = icalproperty_new_x(r->key);
    icalproperty_set_x_name(x, "X-QUFA-KEY");
    icalcomponent_add_property(c, x);
    if (r->state == QF_REMINDER_SATISFIED) {
        icalcomponent_add_property(c, icalproperty_new_completed(ical_utc(r->changed_at)));
        icalcomponent_add_property(c, icalproperty_new_percentcomplete(100));
    }
    bool open = r->state == QF_REMINDER_PENDING || r->state == QF_REMINDER_FIRED ||
                r->state == QF_REMINDER_SNOOZED || r->state == QF_REMINDER_ACKNOWLEDGED;
    for (size_t i = 0; open && r->state != QF_REMINDER_ACKNOWLEDGED && i < r->n_fire_days; i++) {
        /* relative to DUE (RELATED=END), which is the start of the due day */
        int seconds = (r->fire_days[i] - r->due) * 86400 + ALARM_HOUR * 3600;
        struct icaltriggertype trig;
        memset(&trig, 0, sizeof trig);
        trig.time = icaltime_null_time();
        trig.duration = icaldurationtype_from_int(seconds);
        icalcomponent *alarm = icalcomponent_new(ICAL_VALARM_COMPONENT);
        icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
        icalproperty *t = icalproperty_new_trigger(trig);
        icalproperty_add_parameter(t, icalparameter_new_related(ICAL_RELATED_END));
        icalcomponent_add_property(alarm, t);
        icalcomponent_add_property(alarm, icalproperty_new_description(r->title ? r->title : ""));
        icalcomponent_add_component(c, alarm);
    }
    return c;
}

int qf_remind_ics(char **out, const qf_remind_result *r)
{
    *out = NULL;
    char why[512];
    if (qf__ical_load(why, sizeof why) != 0)
        return qf__err(QF_ERROR, _("remind: the calendar could not be written (%s)"), why);
    icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    if (!cal)
        return qf__oom();
    char prodid[80];
    snprintf(prodid, sizeof prodid, "-//qufa//qufa %s//ZH", qf_version());
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_prodid(prodid));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    icalproperty *name = icalproperty_new_x(_("qufa reminders"));
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(cal, name);
    struct icaltimetype stamp =
        icaltime_from_timet_with_zone(time(NULL), 0, icaltimezone_get_utc_timezone());
    for (size_t i = 0; i < r->n; i++)
        icalcomponent_add_component(cal, todo(&r->items[i], stamp));
    char *text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    if (!text)
        return qf__err(QF_ERROR, _("remind: the calendar could not be written (%s)"),
                       icalerror_strerror(icalerrno));
    *out = qf__strdup(text);
    icalmemory_free_buffer(text);
    return *out ? QF_OK : qf__oom();
}

int qf_remind_write_ics(const qf_remind_result *r, FILE *out)
{
    char *s = NULL;
    int rc = qf_remind_ics(&s, r);
    if (rc)
        return rc;
    fputs(s, out);
    free(s);
    return ferror(out) ? qf__err(QF_ERROR, "%s", _("remind: could not write the calendar")) : QF_OK;
}
