#include <string.h>
#include "fixture.h"

void fx_make_tree(qf_db *db, fx_tree *t)
{
    qf_org o = {0, 0, QF_ORG_COMMITTEE, "jg", "机关党委", NULL};
    QF_OK_OR_FAIL(qf_org_create(&t->committee, db, &o));
    qf_org b = {0, t->committee, QF_ORG_BRANCH, "gy1", "工业标准一部党支部", NULL};
    QF_OK_OR_FAIL(qf_org_create(&t->branch, db, &b));
    qf_org g1 = {0, t->branch, QF_ORG_GROUP, "gy1g1", "第一党小组", NULL};
    QF_OK_OR_FAIL(qf_org_create(&t->group1, db, &g1));
    qf_org g2 = {0, t->branch, QF_ORG_GROUP, "gy1g2", "第二党小组", NULL};
    QF_OK_OR_FAIL(qf_org_create(&t->group2, db, &g2));
}

