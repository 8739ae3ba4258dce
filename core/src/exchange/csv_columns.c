/* The columns a member or activity CSV file may have: English field names and Chinese
 * headers. The order is the order exports write them in (docs/csv.md lists the same). */
#include "csvio.h"

static const qf_csv_column MEMBER_COLUMNS[MC_COUNT] = {
    [MC_NAME] = {"name", "姓名", true},
    [MC_GENDER] = {"gender", "性别", false},
    [MC_BIRTH_DATE] = {"birth_date", "出生日期", false},
    [MC_STATUS] = {"status", "状态", false},
    [MC_SINCE] = {"since", "状态日期", false},
    [MC_ORG] = {"org", "所在支部", false},
    [MC_GROUP] = {"group", "党小组", false},
    [MC_JOINED] = {"joined", "入党日期", false},
    [MC_CODE] = {"code", "党员编号", false},
    [MC_PHONE] = {"phone", "联系电话", false},
    [MC_ID_NUMBER] = {"id_number", "身份证号", false},
    [MC_ATTRS] = {"attrs", "其他", false},
};

/* kind and starts_at are required as columns because every activity needs them: a file
 * without them would fail on every row, so it fails once, on the header */
static const qf_csv_column ACTIVITY_COLUMNS[AC_COUNT] = {
    [AC_ORG] = {"org", "组织", false},
    [AC_KIND] = {"kind", "类型", true},
    [AC_TITLE] = {"title", "标题", true},
    [AC_TOPIC] = {"topic", "主题", false},
    [AC_STARTS_AT] = {"starts_at", "开始时间", true},
    [AC_ENDS_AT] = {"ends_at", "结束时间", false},
    [AC_PLACE] = {"place", "地点", false},
    [AC_HOST] = {"host", "主持人", false},
    [AC_RECORDER] = {"recorder", "记录人", false},
    [AC_LECTURER] = {"lecturer", "主讲人", false},
    [AC_PRESENT] = {"present", "出席", false},
    [AC_ABSENT] = {"absent", "缺席", false},
    [AC_LEAVE] = {"leave", "请假", false},
    [AC_LATE] = {"late", "迟到", false},
    [AC_GUESTS] = {"guests", "嘉宾", false},
    [AC_AGENDA] = {"agenda", "议程", false},
    [AC_ATTRS] = {"attrs", "其他", false},
};

const char *const QF_STATUS_LABELS_ZH[QF_STATUS_FULL + 1] = {
    [QF_STATUS_APPLICANT] = "入党申请人", [QF_STATUS_ACTIVIST] = "入党积极分子",
    [QF_STATUS_CANDIDATE] = "发展对象",   [QF_STATUS_PROBATIONARY] = "预备党员",
    [QF_STATUS_FULL] = "正式党员",
};

const qf_csv_column *qf__csv_columns(qf_import_kind kind, size_t *n)
{
    if (kind == QF_IMPORT_ACTIVITIES) {
        *n = AC_COUNT;
        return ACTIVITY_COLUMNS;
    }
    *n = MC_COUNT;
    return MEMBER_COLUMNS;
}
