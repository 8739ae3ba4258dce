/*
 * Message translation. The catalogues are ordinary gettext .mo files compiled by msgfmt from
 * po/<lang>.po and embedded in the library. We read them ourselves instead of calling glibc's
 * gettext(): glibc ignores every catalogue while LC_MESSAGES is "C", which is the case on a
 * minimal system with no locales generated and inside stock lua5.4 (it never calls setlocale).
 * A library must not change process-wide locale state to work around that.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

extern const struct qf_embedded_file qf_catalog_files[];

typedef struct mo_catalog {
    const unsigned char *data;
    size_t len;
    uint32_t n;
    uint32_t orig_off;
    uint32_t trans_off;
    bool swap;
} mo_catalog;

static mo_catalog zh_catalog;
static int language_is_en = -1; /* -1: not decided yet */
static bool language_forced;    /* qf_set_language was called: the environment no longer rules */

static uint32_t rd32(const mo_catalog *c, size_t off)
{
    uint32_t v;
    if (off + 4 > c->len)
        return 0;
    memcpy(&v, c->data + off, 4);
    if (c->swap)
        v = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
    return v;
}

static void load_catalog(mo_catalog *c, const char *data, size_t len)
{
    memset(c, 0, sizeof *c);
    c->data = (const unsigned char *)data;
    c->len = len;
    uint32_t magic = rd32(c, 0);
    if (magic == 0xde120495u)
        c->swap = true;
    else if (magic != 0x950412deu)
        return;
    c->n = rd32(c, 8);
    c->orig_off = rd32(c, 12);
    c->trans_off = rd32(c, 16);
    if ((uint64_t)c->orig_off + 8ull * c->n > len || (uint64_t)c->trans_off + 8ull * c->n > len)
        c->n = 0;
}

/* The translation of `msgid` (NULL if none); `*orig` the catalogue's copy of the original. */
static const char *catalog_lookup(const mo_catalog *c, const char *msgid, const char **orig)
{
    /* msgfmt sorts the original strings, so a binary search finds the entry */
    uint32_t lo = 0, hi = c->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t slen = rd32(c, c->orig_off + 8u * mid);
        uint32_t soff = rd32(c, c->orig_off + 8u * mid + 4);
        if ((uint64_t)soff + slen >= c->len)
            return NULL;
        int cmp = strcmp(msgid, (const char *)c->data + soff);
        if (cmp == 0) {
            uint32_t tlen = rd32(c, c->trans_off + 8u * mid);
            uint32_t toff = rd32(c, c->trans_off + 8u * mid + 4);
            if ((uint64_t)toff + tlen >= c->len || tlen == 0)
                return NULL;
            *orig = (const char *)c->data + soff;
            return (const char *)c->data + toff;
        }
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* "en_US.UTF-8" -> 1, "zh_CN" -> 0, anything else -> -1 (undecided) */
static int classify(const char *v)
{
    if (!v || !*v)
        return -1;
    if (strncmp(v, "en", 2) == 0)
        return 1;
    if (strncmp(v, "zh", 2) == 0)
        return 0;
    return -1;
}

static void decide_language(void)
{
    static const char *vars[] = {"QUFA_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    int en = 0; /* Chinese unless asked otherwise: the users are Chinese party branches */
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        int c = classify(getenv(vars[i]));
        if (c >= 0) {
            en = c;
            break;
        }
    }
    language_is_en = en;
}

void qf_i18n_init(const char *localedir)
{
    (void)localedir; /* catalogues are embedded; kept for API stability */
    for (const struct qf_embedded_file *f = qf_catalog_files; f->name; f++)
        if (strncmp(f->name, "zh_CN", 5) == 0)
            load_catalog(&zh_catalog, f->data, f->len);
    if (!language_forced)
        decide_language();
}

static void ensure_init(void)
{
    if (language_is_en < 0)
        qf_i18n_init(NULL);
}

const char *qf_language(void)
{
    ensure_init();
    return language_is_en ? "en" : "zh";
}

int qf_set_language(const char *lang)
{
    ensure_init();
    int c = classify(lang);
    if (c < 0)
        return qf__err(QF_EINVALID, "language: '%s' is not supported (use zh or en)",
                       lang ? lang : "");
    language_is_en = c;
    language_forced = true;
    return QF_OK;
}

/*
 * The answers of recent look-ups, by the address of the msgid. A check translates the same few
 * dozen formats for every finding (123,000 at 1,000 branches), and the binary search over the
 * catalogue's strings was 5% of its instructions. An address may hold another text later (a
 * message read from a saved assessment lives in an arena that is freed), so a slot answers
 * only when the text at the address is still the one it was asked for: compared with the
 * catalogue's original when it was found there, else with a copy kept in the slot (a longer
 * text not found is not kept). Two slots per set, the one not used last replaced: with one, two
 * formats a check alternates between could land in one slot by where the linker put them, and
 * each then missed every time (a merged build measured 90 M instructions of qf_tr at 1,000
 * branches instead of 26 M).
 */
#define TR_SLOTS 256
#define TR_COPY 48
typedef struct tr_slot {
    const char *msgid;      /* the address asked for; NULL: empty */
    const char *orig;       /* the text it held: the catalogue's original, or `copy` */
    const char *translated; /* NULL: not in the catalogue */
    char copy[TR_COPY];
} tr_slot;
static _Thread_local tr_slot tr_cache[TR_SLOTS];
static _Thread_local unsigned char tr_victim[TR_SLOTS / 2]; /* the way to replace next */

const char *qf_tr(const char *msgid)
{
    ensure_init();
    if (language_is_en || !msgid)
        return msgid;
    uintptr_t h = (uintptr_t)msgid;
    size_t set = (h ^ (h >> 11)) % (TR_SLOTS / 2);
    for (int way = 0; way < 2; way++) {
        tr_slot *s = &tr_cache[set * 2 + way];
        if (s->msgid == msgid && strcmp(s->orig, msgid) == 0) {
            tr_victim[set] = (unsigned char)!way;
            return s->translated ? s->translated : msgid;
        }
    }
    tr_slot *s = &tr_cache[set * 2 + tr_victim[set]];
    tr_victim[set] = (unsigned char)!tr_victim[set];
    const char *orig = NULL;
    const char *t = catalog_lookup(&zh_catalog, msgid, &orig);
    size_t n = t ? 0 : strlen(msgid);
    s->msgid = NULL;
    if (t) {
        s->msgid = msgid;
        s->orig = orig;
        s->translated = t;
    } else if (n < TR_COPY) {
        memcpy(s->copy, msgid, n + 1);
        s->msgid = msgid;
        s->orig = s->copy;
        s->translated = NULL;
    }
    return t ? t : msgid;
}
