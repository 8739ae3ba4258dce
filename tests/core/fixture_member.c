#include <string.h>
#include "fixture.h"

int64_t fx_member(qf_db *db, const char *name, qf_member_status st, const char *since,
                  int64_t org, int64_t group)
{
    qf_member m;
    memset(&m, 0, sizeof m);
    m.name = name;
    m.birth_date = QF_DATE_NONE;
    m.joined = QF_DATE_NONE;
    m.status = st;
    m.since = fx_date(since);
    m.org_id = org;
    m.group_id = group;
    int64_t id = 0;
    QF_OK_OR_FAIL(qf_member_create(&id, db, &m));
    return id;
}
