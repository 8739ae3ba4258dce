/*
 * Stored JSON texts parsed once per process. Every check run reads the rulebook afresh (a
 * standard may have been loaded since), and parsing the definitions again was the largest
 * part of a run's fixed cost (json_loads of 14 definitions: 14 M instructions, about what
 * judging 6 branches), then dumping them canonically for the resolutions' digests another
 * 5 M, and hashing those canonical texts (400 KB) 6 M more: each kept value keeps the SHA-256
 * of its canonical text, and a resolution's digest hashes that. The value is kept by its whole
 * text, compared byte for byte, so a changed definition
 * is parsed afresh and can never meet an old value or an old canonical text; at most KEPT_MAX
 * texts of KEPT_BYTES bytes in all, the least recently used one dropped to make room. The
 * values are shared between runs (and threads: jansson counts references atomically), so
 * nothing may change them; the rulebook only reads its definitions.
 */
#include "json_kept.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define KEPT_MAX 256
#define KEPT_BYTES (16u << 20)

typedef struct kept {
    char *text; /* NULL: a free slot */
    size_t len;
    json_t *value;
    unsigned char canon_sha[32]; /* of the canonical text, made when first asked for */
    bool has_canon;
    unsigned long used;
} kept;

static kept slots[KEPT_MAX];
static size_t kept_bytes;
static unsigned long clock_;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void drop(kept *k)
{
    kept_bytes -= k->len;
    free(k->text);
    json_decref(k->value);
    memset(k, 0, sizeof *k);
}

/* The slot for a new text of `len` bytes, room made (the lock held). */
static kept *room_for(size_t len)
{
    for (;;) {
        kept *free_slot = NULL, *oldest = NULL;
        for (int i = 0; i < KEPT_MAX; i++) {
            if (!slots[i].text) {
                if (!free_slot)
                    free_slot = &slots[i];
            } else if (!oldest || slots[i].used < oldest->used) {
                oldest = &slots[i];
            }
        }
        if (free_slot && kept_bytes + len <= KEPT_BYTES)
            return free_slot;
        if (!oldest)
            return NULL;
        drop(oldest);
    }
}

json_t *qf__json_kept(const char *text)
{
    size_t len = strlen(text);
    pthread_mutex_lock(&mu);
    for (int i = 0; i < KEPT_MAX; i++)
        if (slots[i].text && slots[i].len == len && memcmp(slots[i].text, text, len) == 0) {
            slots[i].used = ++clock_;
            json_t *v = json_incref(slots[i].value);
            pthread_mutex_unlock(&mu);
            return v;
        }
    pthread_mutex_unlock(&mu);
    json_t *v = json_loads(text, 0, NULL);
    if (!v || len > KEPT_BYTES / 4)
        return v;
    char *copy = malloc(len + 1);
    if (!copy)
        return v;
    memcpy(copy, text, len + 1);
    pthread_mutex_lock(&mu);
    kept *k = room_for(len);
    if (k) {
        *k = (kept){copy, len, json_incref(v), {0}, false, ++clock_};
        kept_bytes += len;
        copy = NULL;
    }
    pthread_mutex_unlock(&mu);
    free(copy);
    return v;
}

void qf__json_canon_hash(const json_t *v, qf_sha256_ctx *h)
{
    pthread_mutex_lock(&mu);
    for (int i = 0; i < KEPT_MAX; i++)
        if (slots[i].text && slots[i].value == v && slots[i].has_canon) {
            qf__sha256_update(h, slots[i].canon_sha, sizeof slots[i].canon_sha);
            pthread_mutex_unlock(&mu);
            return;
        }
    pthread_mutex_unlock(&mu);
    char *text = json_dumps(v, JSON_SORT_KEYS | JSON_COMPACT);
    if (!text)
        return;
    unsigned char sha[32];
    qf_sha256_ctx c;
    qf__sha256_init(&c);
    qf__sha256_update(&c, text, strlen(text));
    qf__sha256_final(&c, sha);
    free(text);
    qf__sha256_update(h, sha, sizeof sha);
    /* kept beside the value if the value is still kept (it may have been dropped meanwhile;
     * a value kept is alive, so its address cannot belong to another one) */
    pthread_mutex_lock(&mu);
    for (int i = 0; i < KEPT_MAX; i++)
        if (slots[i].text && slots[i].value == v && !slots[i].has_canon) {
            memcpy(slots[i].canon_sha, sha, sizeof sha);
            slots[i].has_canon = true;
            break;
        }
    pthread_mutex_unlock(&mu);
}
