/* Transfers of the organisational relationship: letters in and out, receipts, validation. */
#include <stdio.h>
#include <string.h>
#include "fixture.h"

#define FAILS_UNCHANGED(db, code, needle, call)                                                    \
    do {                                                                                           \
        char before_[65], after_[65];                                                              \
        QF_OK_OR_FAIL(qf_db_content_hash((db), before_));                                          \
        QF_FAILS_WITH(code, needle, call);                                                         \
        QF_OK_OR_FAIL(qf_db_content_hash((db), after_));                                           \
        assert_string_equal(before_, after_);                                                      \
    } while (0)

static qf_transfer letter(int64_t member, int64_t org, qf_transfer_direction d, const char *date)
{
    qf_transfer t;
    memset(&t, 0, sizeof t);
    t.member_id = member;
    t.org_id = org;
    t.direction = d;
    t.letter_date = fx_date(date);
    t.other_org = "市场监管总局机关党委";
    t.letter_no = "组转字〔2017〕12号";
    t.valid_days = 30;
    t.receipt_date = QF_DATE_NONE;
    t.status = QF_TRANSFER_PENDING;
    return t;
}

static int count(qf_db *db, int64_t member, int64_t org, int status)
{
    qf_transfer_filter f = QF_TRANSFER_FILTER_INIT;
    f.member_id = member;
    f.org_id = org;
    f.status = status;
    qf_transfer_iter *it = NULL;
    const qf_transfer *row;
    QF_OK_OR_FAIL(qf_transfer_list(&it, db, &f));
    int n = 0;
    qf_date last = QF_DATE_NONE;
    while (qf_transfer_next(&row, it) == QF_OK) {
        assert_true(last == QF_DATE_NONE || row->letter_date >= last);
        last = row->letter_date;
        n++;
    }
    qf_transfer_iter_free(it);
    return n;
}

static void transfer__names_round_trip(void **state)
{
    (void)state;
    qf_transfer_direction d;
    QF_OK_OR_FAIL(qf_transfer_direction_parse(&d, "out"));
    assert_int_equal(d, QF_TRANSFER_OUT);
    assert_string_equal(qf_transfer_direction_name(QF_TRANSFER_IN), "in");
    QF_FAILS_WITH(QF_EINVALID, "direction 'inward' is unknown",
                  qf_transfer_direction_parse(&d, "inward"));
    for (int s = QF_TRANSFER_PENDING; s <= QF_TRANSFER_CANCELLED; s++) {
        qf_transfer_status back;
        QF_OK_OR_FAIL(
            qf_transfer_status_parse(&back, qf_transfer_status_name((qf_transfer_status)s)));
        assert_int_equal(back, s);
    }
    qf_transfer_status s;
    QF_FAILS_WITH(QF_EINVALID, "transfer status 'done' is unknown",
                  qf_transfer_status_parse(&s, "done"));
}

static void transfer__receipt_completes_the_transfer(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t m = fx_member(db, "借调干部", QF_STATUS_FULL, "2010-01-01", 0, 0);
    qf_transfer in = letter(m, t.branch, QF_TRANSFER_IN, "2017-03-10");
    int64_t id;
    QF_OK_OR_FAIL(qf_transfer_create(&id, db, &in));
    assert_int_equal(count(db, 0, 0, QF_TRANSFER_PENDING), 1);

    FAILS_UNCHANGED(db, QF_EINVALID, "receipt_date: 2017-03-01 is before letter_date (2017-03-10)",
                    qf_transfer_receipt(db, id, fx_date("2017-03-01")));
    FAILS_UNCHANGED(db, QF_EINVALID, "receipt_date: 2017-10-01 is after today (2017-09-05)",
                    qf_transfer_receipt(db, id, fx_date("2017-10-01")));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "transfer 9 does not exist",
                    qf_transfer_receipt(db, 9, fx_date("2017-03-20")));
    QF_OK_OR_FAIL(qf_transfer_receipt(db, id, fx_date("2017-03-20")));

    qf_transfer *got = NULL;
    QF_OK_OR_FAIL(qf_transfer_get(&got, db, id));
    assert_int_equal(got->status, QF_TRANSFER_COMPLETED);
    assert_int_equal(got->receipt_date, fx_date("2017-03-20"));
    assert_int_equal(got->direction, QF_TRANSFER_IN);
    assert_string_equal(got->letter_no, "组转字〔2017〕12号");
    assert_string_equal(got->other_org, "市场监管总局机关党委");
    assert_int_equal(got->valid_days, 30);
    assert_null(got->note);
    qf_transfer_free(got);
    assert_int_equal(count(db, 0, 0, QF_TRANSFER_PENDING), 0);
    assert_int_equal(count(db, 0, 0, QF_TRANSFER_COMPLETED), 1);

    /* a cancelled letter takes no receipt */
    qf_transfer out = letter(m, t.branch, QF_TRANSFER_OUT, "2017-08-01");
    out.status = QF_TRANSFER_CANCELLED;
    QF_OK_OR_FAIL(qf_transfer_create(&id, db, &out));
    FAILS_UNCHANGED(db, QF_EINVALID, "was cancelled", qf_transfer_receipt(db, id, QF_DATE_NONE));
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void transfer__fields_are_validated(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t m = fx_member(db, "甲", QF_STATUS_FULL, "2010-01-01", t.branch, 0);
    static const struct {
        int code;
        const char *needle;
    } want[] = {
        {QF_EINVALID, "letter_date: required"},
        {QF_EINVALID, "letter_date: 2017-09-06 is after today (2017-09-05)"},
        {QF_EINVALID, "receipt_date: required for a completed transfer"},
        {QF_EINVALID, "status: a pending transfer cannot have a receipt_date (2017-04-01)"},
        {QF_EINVALID, "valid_days: -3 is negative"},
        {QF_EINVALID, "org_id: gy1g1 is a party group"},
        {QF_ENOTFOUND, "org_id: org 77 does not exist"},
        {QF_ENOTFOUND, "member 66 does not exist"},
        {QF_EINVALID, "direction: 5 is unknown"},
        {QF_EINVALID, "status: 8 is unknown"},
        {QF_EINVALID, "letter_no: must be a single line"},
        {QF_EINVALID, "other_org: invalid UTF-8"},
        {QF_EINVALID, "receipt_date: 2017-03-01 is before letter_date (2017-03-10)"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        qf_transfer x = letter(m, t.branch, QF_TRANSFER_OUT, "2017-03-10");
        switch (i) {
        case 0:
            x.letter_date = QF_DATE_NONE;
            break;
        case 1:
            x.letter_date = fx_date("2017-09-06");
            break;
        case 2:
            x.status = QF_TRANSFER_COMPLETED;
            break;
        case 3:
            x.receipt_date = fx_date("2017-04-01");
            break;
        case 4:
            x.valid_days = -3;
            break;
        case 5:
            x.org_id = t.group1;
            break;
        case 6:
            x.org_id = 77;
            break;
        case 7:
            x.member_id = 66;
            break;
        case 8:
            x.direction = (qf_transfer_direction)5;
            break;
        case 9:
            x.status = (qf_transfer_status)8;
            break;
        case 10:
            x.letter_no = "12\n13";
            break;
        case 11:
            x.other_org = "\xe4\xb8";
            break;
        case 12:
            x.status = QF_TRANSFER_COMPLETED;
            x.receipt_date = fx_date("2017-03-01");
            break;
        }
        FAILS_UNCHANGED(db, want[i].code, want[i].needle, qf_transfer_create(NULL, db, &x));
    }
    /* update validates the same way and names a missing record */
    qf_transfer x = letter(m, t.branch, QF_TRANSFER_OUT, "2017-03-10");
    int64_t id;
    QF_OK_OR_FAIL(qf_transfer_create(&id, db, &x));
    x.id = id;
    x.valid_days = -1;
    FAILS_UNCHANGED(db, QF_EINVALID, "valid_days: -1", qf_transfer_update(db, &x));
    x.valid_days = 10;
    x.id = 404;
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "transfer 404 does not exist", qf_transfer_update(db, &x));
    FAILS_UNCHANGED(db, QF_ENOTFOUND, "transfer 404 does not exist", qf_transfer_delete(db, 404));
    qf_transfer_iter *it = NULL;
    qf_transfer_filter f = QF_TRANSFER_FILTER_INIT;
    f.status = 3;
    QF_FAILS_WITH(QF_EINVALID, "status: 3 is unknown", qf_transfer_list(&it, db, &f));
    assert_null(it);
    qf_transfer_iter_free(NULL);
}

/* The letter carries 党费交至: the month the member's dues are paid up to. */
static void transfer__letter_carries_the_month_dues_are_paid_to(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t m = fx_member(db, "赵磊", QF_STATUS_FULL, "2014-06-18", t.branch, 0);
    qf_transfer out = letter(m, t.branch, QF_TRANSFER_OUT, "2017-08-31");
    out.dues_paid_to = "2017-08";
    int64_t id;
    QF_OK_OR_FAIL(qf_transfer_create(&id, db, &out));
    qf_transfer *got = NULL;
    QF_OK_OR_FAIL(qf_transfer_get(&got, db, id));
    assert_string_equal(got->dues_paid_to, "2017-08");

    /* not a month: refused, naming the field and value, and nothing changes */
    static const char *const bad[] = {"2017-8", "2017-13", "2017/08", "2017-08-31", "八月"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        qf_transfer changed = *got;
        changed.dues_paid_to = bad[i];
        char buf[80];
        snprintf(buf, sizeof buf, "dues_paid_to: '%s' is not a month (YYYY-MM", bad[i]);
        const char *needle = buf;
        FAILS_UNCHANGED(db, QF_EINVALID, needle, qf_transfer_update(db, &changed));
    }
    /* cleared, and listed like the other fields */
    qf_transfer changed = *got;
    changed.dues_paid_to = NULL;
    QF_OK_OR_FAIL(qf_transfer_update(db, &changed));
    qf_transfer_free(got);
    QF_OK_OR_FAIL(qf_transfer_get(&got, db, id));
    assert_null(got->dues_paid_to);
    qf_transfer_free(got);
    out.dues_paid_to = "2017-12"; /* dues paid ahead, to the year's end */
    QF_OK_OR_FAIL(qf_transfer_create(NULL, db, &out));
    qf_transfer_filter f = QF_TRANSFER_FILTER_INIT;
    qf_transfer_iter *it = NULL;
    const qf_transfer *row;
    QF_OK_OR_FAIL(qf_transfer_list(&it, db, &f));
    int with = 0;
    while (qf_transfer_next(&row, it) == QF_OK)
        with += row->dues_paid_to && strcmp(row->dues_paid_to, "2017-12") == 0;
    qf_transfer_iter_free(it);
    assert_int_equal(with, 1);
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

static void transfer__list_filters_update_and_delete(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    int64_t a = fx_member(db, "甲", QF_STATUS_FULL, "2010-01-01", t.branch, 0);
    int64_t b = fx_member(db, "乙", QF_STATUS_FULL, "2010-01-01", t.branch, 0);
    int64_t ids[3];
    qf_transfer x = letter(a, t.branch, QF_TRANSFER_IN, "2016-05-01");
    QF_OK_OR_FAIL(qf_transfer_create(&ids[0], db, &x));
    x = letter(b, t.branch, QF_TRANSFER_IN, "2016-04-01");
    QF_OK_OR_FAIL(qf_transfer_create(&ids[1], db, &x));
    x = letter(a, t.committee, QF_TRANSFER_OUT, "2017-06-01");
    x.note = "调往其他单位";
    QF_OK_OR_FAIL(qf_transfer_create(&ids[2], db, &x));

    assert_int_equal(count(db, 0, 0, -1), 3);
    assert_int_equal(count(db, a, 0, -1), 2);
    assert_int_equal(count(db, 0, t.branch, -1), 2);
    assert_int_equal(count(db, a, t.committee, QF_TRANSFER_PENDING), 1);
    assert_int_equal(count(db, b, 0, QF_TRANSFER_COMPLETED), 0);
    qf_transfer_iter *it = NULL;
    QF_OK_OR_FAIL(qf_transfer_list(&it, db, NULL));
    const qf_transfer *row;
    QF_OK_OR_FAIL(qf_transfer_next(&row, it));
    assert_int_equal(row->id, ids[1]); /* oldest letter first */
    qf_transfer_iter_free(it);

    qf_transfer *got = NULL;
    QF_OK_OR_FAIL(qf_transfer_get(&got, db, ids[2]));
    assert_string_equal(got->note, "调往其他单位");
    qf_transfer changed = *got;
    changed.status = QF_TRANSFER_CANCELLED;
    changed.note = NULL;
    QF_OK_OR_FAIL(qf_transfer_update(db, &changed));
    qf_transfer_free(got);
    QF_OK_OR_FAIL(qf_transfer_get(&got, db, ids[2]));
    assert_int_equal(got->status, QF_TRANSFER_CANCELLED);
    assert_null(got->note);
    qf_transfer_free(got);

    /* a member with a transfer on file is not deleted */
    FAILS_UNCHANGED(db, QF_ECONSTRAINT, "member 2 still has 1 transfers", qf_member_delete(db, b));
    QF_OK_OR_FAIL(qf_transfer_delete(db, ids[1]));
    QF_FAILS_WITH(QF_ENOTFOUND, "transfer 2 does not exist", qf_transfer_get(&got, db, ids[1]));
    assert_null(got);
    QF_OK_OR_FAIL(qf_member_delete(db, b));
    QF_OK_OR_FAIL(qf_audit_verify(db, NULL));
}

#define IN_MEMORY(t) cmocka_unit_test_setup_teardown(t, fx_setup_memory, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(transfer__names_round_trip),
        IN_MEMORY(transfer__letter_carries_the_month_dues_are_paid_to),
        IN_MEMORY(transfer__receipt_completes_the_transfer),
        IN_MEMORY(transfer__fields_are_validated),
        IN_MEMORY(transfer__list_filters_update_and_delete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
