/* Names in 姓氏笔画 order: the stroke table, the comparison, and the SQL collation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

static int cmp_names(const void *a, const void *b)
{
    return qf_name_compare(*(const char *const *)a, *(const char *const *)b);
}

static void names__stroke_counts_come_from_unihan(void **state)
{
    (void)state;
    static const struct {
        uint32_t cp;
        int strokes;
    } known[] = {
        {0x4E00, 1},  /* 一 */
        {0x4E01, 2},  /* 丁 */
        {0x738B, 4},  /* 王 */
        {0x5218, 6},  /* 刘 */
        {0x5F20, 7},  /* 张 */
        {0x674E, 7},  /* 李 */
        {0x9648, 7},  /* 陈 (simplified: 7, not 陳's 10) */
        {0x5468, 8},  /* 周 */
        {0x8D75, 9},  /* 赵 */
        {0x5F90, 10}, /* 徐 */
        {0x9EC4, 11}, /* 黄 */
        {0x9F98, 48}, /* 龘 */
        {0x3400, 5},  /* Extension A */
        {0x20000, 2}, /* 𠀀, Extension B */
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (qf_strokes(known[i].cp) != known[i].strokes)
            fail_msg("U+%04X: %d strokes, wanted %d", (unsigned)known[i].cp,
                     qf_strokes(known[i].cp), known[i].strokes);
    assert_int_equal(qf_strokes('A'), 0);
    assert_int_equal(qf_strokes(0x3002), 0); /* 。 */
    assert_int_equal(qf_strokes(0x110000), 0);
}

static void names__sort_by_surname_strokes_then_given_name(void **state)
{
    (void)state;
    /* the demo branch's people, shuffled */
    const char *names[] = {"黄丽", "张建国", "王志强", "刘芳", "陈伟", "李秀英", "杨静", "赵磊",
                           "周明", "吴婷", "徐强", "孙燕", "马超", "朱琳", "胡斌", "钱立群",
                           "郑凯", "何晓", "王五", "Anna", "丁一"};
    qsort(names, sizeof names / sizeof names[0], sizeof names[0], cmp_names);
    char got[512] = "";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (i)
            strcat(got, " ");
        strcat(got, names[i]);
    }
    /* 丁2 马3 王4 (五4 before 志7) 刘孙朱6 何吴张李杨陈7 周郑8 胡赵9 徐钱10 黄11, then the
     * Latin name; surnames with the same count by code point (刘 U+5218 < 孙 U+5B59) */
    assert_string_equal(got, "丁一 马超 王五 王志强 刘芳 孙燕 朱琳 何晓 吴婷 张建国 李秀英 杨静 "
                             "陈伟 周明 郑凯 胡斌 赵磊 徐强 钱立群 黄丽 Anna");
}

static void names__comparison_edges(void **state)
{
    (void)state;
    assert_int_equal(qf_name_compare("张三", "张三"), 0);
    assert_true(qf_name_compare("张三", "张三丰") < 0); /* a prefix first */
    assert_true(qf_name_compare(NULL, "张三") < 0);
    assert_int_equal(qf_name_compare(NULL, NULL), 0);
    assert_true(qf_name_compare("王", "Wang") < 0); /* ideographs before other letters */
    assert_true(qf_name_compare("Li", "Wang") < 0);
    /* invalid UTF-8 and a cut sequence compare without reading past the end */
    assert_true(qf_name_compare_n("\xe5\xbc", 2, "\xe5\xbc\xa0", 3) != 0);
    assert_true(qf_name_compare_n("\xff", 1, "\xff", 1) == 0);
    assert_true(qf_name_compare_n("\xe5\xbc\xa0", 3, "\xe5\xbc\xa0\xe4", 4) < 0);
}

/* The collation QF_STROKES orders names in SQL (the appraisal list uses it). */
static void names__sql_collation(void **state)
{
    qf_db *db = *state;
    fx_tree t;
    fx_make_tree(db, &t);
    fx_member(db, "黄丽", QF_STATUS_FULL, "2010-01-01", t.branch, 0);
    fx_member(db, "王志强", QF_STATUS_FULL, "2010-01-01", t.branch, 0);
    fx_member(db, "张建国", QF_STATUS_FULL, "2010-01-01", t.branch, 0);
    fx_member(db, "丁一", QF_STATUS_FULL, "2010-01-01", t.branch, 0);
    qf_member_filter f = QF_MEMBER_FILTER_INIT;
    f.org_id = t.branch;
    f.order = QF_MEMBER_ORDER_STROKES;
    qf_member_iter *it = NULL;
    const qf_member *m;
    QF_OK_OR_FAIL(qf_member_list(&it, db, &f));
    char got[128] = "";
    while (qf_member_next(&m, it) == QF_OK) {
        strcat(got, m->name);
        strcat(got, " ");
    }
    qf_member_iter_free(it);
    assert_string_equal(got, "丁一 王志强 张建国 黄丽 ");
    /* the default order stays by code point */
    f.order = QF_MEMBER_ORDER_NAME;
    QF_OK_OR_FAIL(qf_member_list(&it, db, &f));
    got[0] = '\0';
    while (qf_member_next(&m, it) == QF_OK) {
        strcat(got, m->name);
        strcat(got, " ");
    }
    qf_member_iter_free(it);
    assert_string_equal(got, "丁一 张建国 王志强 黄丽 ");
    f.order = 7;
    QF_FAILS_WITH(QF_EINVALID, "order: 7 is unknown", qf_member_list(&it, db, &f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names__stroke_counts_come_from_unihan),
        cmocka_unit_test(names__sort_by_surname_strokes_then_given_name),
        cmocka_unit_test(names__comparison_edges),
        cmocka_unit_test_setup_teardown(names__sql_collation, fx_setup_memory, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
