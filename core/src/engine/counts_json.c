/* Attendance counts (docs/counting.md) in a finding's JSON evidence, and read back from a saved
 * assessment. The field names are those of activity:counts() in Lua. */
#include <string.h>
#include "engine.h"

json_t *qf__counts_json(const qf_counts *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "body", json_string(qf_count_body_name(c->body)));
#define SET(f) json_object_set_new(o, #f, json_integer(c->f));
    COUNT_FIELDS(SET)
#undef SET
    return o;
}

bool qf__counts_from_json(qf_counts *out, json_t *o)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(o))
        return false;
    const char *body = json_string_value(json_object_get(o, "body"));
    out->body = body && strcmp(body, "committee") == 0 ? QF_COUNT_COMMITTEE : QF_COUNT_MEMBERS;
#define GET(f) out->f = (int)json_integer_value(json_object_get(o, #f));
    COUNT_FIELDS(GET)
#undef GET
    return true;
}
