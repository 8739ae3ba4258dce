/* qufa — ordering people's names the way Chinese readers expect: by 姓氏笔画, the stroke count
 * of the surname, then of each following character. */
#ifndef QUFA_NAMES_H
#define QUFA_NAMES_H

#include <stddef.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The total stroke count of a CJK ideograph (Unihan kTotalStrokes, mainland count), 0 for a
 * code point that is not one. */
QF_EXTERN int qf_strokes(uint32_t codepoint);

/*
 * Compares two UTF-8 names in stroke order: character by character, an ideograph by its stroke
 * count, then (same count) by code point, so one surname's bearers stay together; ideographs
 * before anything else; other characters by code point; a name that is the start of the other
 * first. Returns <0, 0 or >0. NULL sorts first. Equal counts are not ordered by the first
 * stroke (横竖撇点折) of GF 3003: Unihan has no stroke order.
 */
QF_EXTERN int qf_name_compare(const char *a, const char *b);
/* The same on byte ranges that need not be NUL-terminated (the SQL collation QF_STROKES). */
QF_EXTERN int qf_name_compare_n(const char *a, size_t alen, const char *b, size_t blen);

#ifdef __cplusplus
}
#endif
#endif
