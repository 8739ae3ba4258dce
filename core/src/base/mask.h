/* The masked forms of personal fields (mask.c). */
#ifndef QUFA_MASK_H
#define QUFA_MASK_H

#include <stdbool.h>
#include <stddef.h>
#include "qufa.h"

/* "1980-**-**", "138****5678", "110105********1234"; written into `out`. */
void qf__mask_birth_date(qf_date d, char out[11]);
void qf__mask_phone(const char *s, char *out, size_t size);
void qf__mask_id_number(const char *s, char *out, size_t size);
/* Every masked form has "**" in it; no real date has, and phones and id numbers do not. */
bool qf__is_masked(const char *s);
/* Is `field` one of the personal fields (birth_date, phone, id_number)? */
bool qf__is_personal_field(const char *field);
/* The value of `field` as text, masked when the field is personal (as is otherwise; a birth
 * date that is not a date shows nothing of itself). */
void qf__mask_field(const char *field, const char *value, char *out, size_t size);

#endif
