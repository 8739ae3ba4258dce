/*
 * libical, opened when the first calendar is written (base/dynlib.h says why). Include instead
 * of <libical/ical.h>: each ical function below then names the entry of the table
 * qf__ical_load filled, so the calls read and type-check as plain libical calls.
 */
#ifndef QF_REMIND_ICAL_DYN_H
#define QF_REMIND_ICAL_DYN_H

#include <libical/ical.h>
#include <stddef.h>
#include "dynlib.h"

#define QF_ICAL_FUNCTIONS(X) \
    X(icalcomponent_add_component) X(icalcomponent_add_property)                                 \
    X(icalcomponent_as_ical_string_r) X(icalcomponent_free) X(icalcomponent_new)                 \
    X(icaldurationtype_from_int) X(icalerrno_return) X(icalerror_strerror)                       \
    X(icalmemory_free_buffer) X(icalparameter_new_related) X(icalproperty_add_parameter)         \
    X(icalproperty_new_action) X(icalproperty_new_calscale) X(icalproperty_new_categories)       \
    X(icalproperty_new_completed) X(icalproperty_new_description) X(icalproperty_new_dtstamp)    \
    X(icalproperty_new_due) X(icalproperty_new_lastmodified)                                     \
    X(icalproperty_new_percentcomplete) X(icalproperty_new_prodid)                               \
    X(icalproperty_new_sequence) X(icalproperty_new_status) X(icalproperty_new_summary)          \
    X(icalproperty_new_trigger) X(icalproperty_new_uid) X(icalproperty_new_version)              \
    X(icalproperty_new_x) X(icalproperty_set_x_name) X(icaltime_from_timet_with_zone)            \
    X(icaltime_null_date) X(icaltime_null_time) X(icaltimezone_get_utc_timezone)

QF_DYNLIB_TABLE(qf__ical_api, QF_ICAL_FUNCTIONS);

extern qf__ical_api qf__ical;

/* Opens libical once for the process: 0, or -1 with the reason in err. */
int qf__ical_load(char *err, size_t errsize);

#ifndef QF_ICAL_DYN_LOADER
#define icalcomponent_add_component (qf__ical.f.icalcomponent_add_component)
#define icalcomponent_add_property (qf__ical.f.icalcomponent_add_property)
#define icalcomponent_as_ical_string_r (qf__ical.f.icalcomponent_as_ical_string_r)
#define icalcomponent_free (qf__ical.f.icalcomponent_free)
#define icalcomponent_new (qf__ical.f.icalcomponent_new)
#define icaldurationtype_from_int (qf__ical.f.icaldurationtype_from_int)
#define icalerrno_return (qf__ical.f.icalerrno_return)
#define icalerror_strerror (qf__ical.f.icalerror_strerror)
#define icalmemory_free_buffer (qf__ical.f.icalmemory_free_buffer)
#define icalparameter_new_related (qf__ical.f.icalparameter_new_related)
#define icalproperty_add_parameter (qf__ical.f.icalproperty_add_parameter)
#define icalproperty_new_action (qf__ical.f.icalproperty_new_action)
#define icalproperty_new_calscale (qf__ical.f.icalproperty_new_calscale)
#define icalproperty_new_categories (qf__ical.f.icalproperty_new_categories)
#define icalproperty_new_completed (qf__ical.f.icalproperty_new_completed)
#define icalproperty_new_description (qf__ical.f.icalproperty_new_description)
#define icalproperty_new_dtstamp (qf__ical.f.icalproperty_new_dtstamp)
#define icalproperty_new_due (qf__ical.f.icalproperty_new_due)
#define icalproperty_new_lastmodified (qf__ical.f.icalproperty_new_lastmodified)
#define icalproperty_new_percentcomplete (qf__ical.f.icalproperty_new_percentcomplete)
#define icalproperty_new_prodid (qf__ical.f.icalproperty_new_prodid)
#define icalproperty_new_sequence (qf__ical.f.icalproperty_new_sequence)
#define icalproperty_new_status (qf__ical.f.icalproperty_new_status)
#define icalproperty_new_summary (qf__ical.f.icalproperty_new_summary)
#define icalproperty_new_trigger (qf__ical.f.icalproperty_new_trigger)
#define icalproperty_new_uid (qf__ical.f.icalproperty_new_uid)
#define icalproperty_new_version (qf__ical.f.icalproperty_new_version)
#define icalproperty_new_x (qf__ical.f.icalproperty_new_x)
#define icalproperty_set_x_name (qf__ical.f.icalproperty_set_x_name)
#define icaltime_from_timet_with_zone (qf__ical.f.icaltime_from_timet_with_zone)
#define icaltime_null_date (qf__ical.f.icaltime_null_date)
#define icaltime_null_time (qf__ical.f.icaltime_null_time)
#define icaltimezone_get_utc_timezone (qf__ical.f.icaltimezone_get_utc_timezone)
#endif

#endif
