/* qufa — artifacts: the evidence an activity leaves (notice, minutes, photos …), stored
 * content-addressed (SHA-256) in the database, or as an external path with its hash. */
#ifndef QUFA_ARTIFACT_H
#define QUFA_ARTIFACT_H

#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Built-in artifact types (vocabulary "artifact_type"). */
#define QF_ART_NOTICE "notice"         /* 会议通知 */
#define QF_ART_INVITATION "invitation" /* 邀请函 */
#define QF_ART_COURSEWARE "courseware" /* 课件 */
#define QF_ART_MINUTES "minutes"       /* 会议记录 */
#define QF_ART_PHOTO "photo"           /* 照片 */
#define QF_ART_NEWS "news"             /* 简讯 */
#define QF_ART_ARCHIVE "archive"       /* 存档 */

typedef struct qf_artifact {
    int64_t id;
    int64_t activity_id;   /* exactly one owner: activity, member or org */
    int64_t member_id;
    int64_t org_id;
    const char *type;
    const char *title;
    qf_datetime issued_at; /* when issued (notice) or produced (minutes, news) */
    const char *sha256;    /* hex digest of the content; NULL when there is no content */
    int64_t size;          /* bytes, -1 when there is no content */
    const char *path;      /* external file, NULL when stored in the database */
    const char *mime;      /* NULL = unknown */
    const char *attrs;     /* JSON object text, NULL = {} */
} qf_artifact;

/*
 * Creates an artifact. With `content` (len bytes) the bytes are stored once per distinct
 * SHA-256 in the database; with `meta->path` and no content, the file is read to record its
 * hash and size but stays outside. Neither: a record without content (e.g. "notice issued").
 */
QF_EXTERN int qf_artifact_create(int64_t *id_out, qf_db *db, const qf_artifact *meta,
                                 const void *content, size_t len);
/* Reads `file` and stores its bytes in the database (title defaults to the file name). */
QF_EXTERN int qf_artifact_add_file(int64_t *id_out, qf_db *db, const qf_artifact *meta,
                                   const char *file);
QF_EXTERN int qf_artifact_update(qf_db *db, const qf_artifact *meta); /* metadata only */
QF_EXTERN int qf_artifact_delete(qf_db *db, int64_t id);
QF_EXTERN int qf_artifact_get(qf_artifact **out, qf_db *db, int64_t id);
QF_EXTERN void qf_artifact_free(qf_artifact *a);
/* The stored bytes (release with qf_free). QF_ENOTFOUND if the artifact has none stored. */
QF_EXTERN int qf_artifact_content(void **out, size_t *len, qf_db *db, int64_t id);

typedef struct qf_artifact_filter {
    unsigned version;
    int64_t activity_id; /* 0 = any */
    int64_t member_id;   /* 0 = any */
    int64_t org_id;      /* 0 = any */
    const char *type;    /* NULL = any */
} qf_artifact_filter;
#define QF_ARTIFACT_FILTER_VERSION 1
#define QF_ARTIFACT_FILTER_INIT {QF_ARTIFACT_FILTER_VERSION, 0, 0, 0, NULL}

typedef struct qf_artifact_iter qf_artifact_iter;
QF_EXTERN int qf_artifact_list(qf_artifact_iter **out, qf_db *db, const qf_artifact_filter *f);
QF_EXTERN int qf_artifact_next(const qf_artifact **row, qf_artifact_iter *it);
QF_EXTERN void qf_artifact_iter_free(qf_artifact_iter *it);

/* SHA-256 of a buffer as 64 hex characters plus NUL. */
QF_EXTERN void qf_sha256_hex(const void *data, size_t len, char hex_out[65]);

#ifdef __cplusplus
}
#endif
#endif
