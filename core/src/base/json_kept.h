/*
 * Stored JSON texts parsed once per process (json_kept.c): the standards' and tailorings'
 * definitions, which every check run reads and parses again, and their canonical texts.
 */
#ifndef QF_JSON_KEPT_H
#define QF_JSON_KEPT_H

#include <jansson.h>
#include <stddef.h>

struct qf_sha256_ctx;

/* The value of JSON text `text` (json_loads with no flags), a new reference: taken from the
 * value kept for the same text, byte for byte, or parsed and kept. NULL when `text` is not
 * JSON (or out of memory). The value is shared: it must never be changed. */
json_t *qf__json_kept(const char *text);

/* Adds the SHA-256 of the canonical text of `v` (json_dumps with JSON_SORT_KEYS |
 * JSON_COMPACT) to `h`, made once per kept value (`v` from qf__json_kept; any other value is
 * dumped and hashed each time, to the same bytes). Nothing is added when jansson cannot dump
 * it (or out of memory). */
void qf__json_canon_hash(const json_t *v, struct qf_sha256_ctx *h);

#endif
