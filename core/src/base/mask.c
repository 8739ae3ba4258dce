/*
 * The masked forms of personal fields — birth date, phone, ID number — wherever they leave the
 * database without an explicit "unmask": exports and reports (exchange/), what restricted code
 * sees (lua/), the messages of audit verify (store/audit.c).
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "mask.h"

void qf__mask_birth_date(qf_date d, char out[11])
{
    if (d == QF_DATE_NONE) {
        out[0] = '\0';
        return;
    }
    int y, m, day;
    qf_date_to_ymd(d, &y, &m, &day);
    /* "%04u-**-**" written by hand: a check function's member records mask every member's
     * fields, and snprintf was most of it */
    unsigned yy = (unsigned)y % 10000u; /* stored years are 1900-2199 */
    out[0] = (char)('0' + yy / 1000);
    out[1] = (char)('0' + yy / 100 % 10);
    out[2] = (char)('0' + yy / 10 % 10);
    out[3] = (char)('0' + yy % 10);
    memcpy(out + 4, "-**-**", 7);
}

/* Byte offset of the `k`-th character of UTF-8 text `s` (its length if there are fewer). */
static size_t char_offset(const char *s, size_t k)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80 && k-- == 0)
            return i;
    return i;
}

static size_t char_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

/* Appends `len` bytes of `s` at *at, cut where snprintf would cut (one byte kept for the NUL
 * in `size`). */
static void put(char *out, size_t size, size_t *at, const char *s, size_t len)
{
    size_t room = size - 1 - *at;
    if (len > room)
        len = room;
    memcpy(out + *at, s, len);
    *at += len;
}

/* Keeps the first `head` and last `tail` characters around `stars`; a value too short to keep
 * anything back is replaced by the stars alone (its length is not shown either). The bytes
 * snprintf(out, size, "%.*s%s%s", …) gave, cut alike when `size` is short. */
static void mask_middle(const char *s, size_t head, size_t tail, const char *stars, char *out,
                        size_t size)
{
    if (size == 0)
        return;
    size_t at = 0;
    if (s && *s) {
        size_t n = char_count(s);
        if (n < head + tail + 1) {
            put(out, size, &at, stars, strlen(stars));
        } else {
            size_t h = char_offset(s, head), t = char_offset(s, n - tail);
            put(out, size, &at, s, h);
            put(out, size, &at, stars, strlen(stars));
            put(out, size, &at, s + t, strlen(s + t));
        }
    }
    out[at] = '\0';
}

void qf__mask_phone(const char *s, char *out, size_t size)
{
    mask_middle(s, 3, 4, "****", out, size);
}

void qf__mask_id_number(const char *s, char *out, size_t size)
{
    mask_middle(s, 6, 4, "********", out, size);
}

bool qf__is_masked(const char *s)
{
    return s && strstr(s, "**") != NULL;
}


void qf__mask_field(const char *field, const char *value, char *out, size_t size)
{
    if (!value) {
        snprintf(out, size, "%s", "");
    } else if (strcmp(field, "birth_date") == 0) {
        qf_date d;
        char masked[11];
        if (qf_date_parse(&d, value) == QF_OK) {
            qf__mask_birth_date(d, masked);
            snprintf(out, size, "%s", masked);
        } else {
            mask_middle(value, 0, 0, "****", out, size); /* not even a date: nothing shown */
        }
    } else if (strcmp(field, "phone") == 0) {
        qf__mask_phone(value, out, size);
    } else if (strcmp(field, "id_number") == 0) {
        qf__mask_id_number(value, out, size);
    } else {
        snprintf(out, size, "%s", value);
    }
}

bool qf__is_personal_field(const char *field)
{
    return field && (strcmp(field, "birth_date") == 0 || strcmp(field, "phone") == 0 ||
                     strcmp(field, "id_number") == 0);
}
