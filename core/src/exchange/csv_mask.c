/*
 * Masking of personal fields in exports (the forms themselves are in base/mask.c). A masked
 * file is for reading (a ledger sent upwards), not for importing: the masked forms all contain
 * "**", which import refuses in a personal field, so a masked export can never overwrite real
 * data with stars.
 */
#include "csvio.h"

void qf_member_mask(const qf_member *m, qf_member_masked *out)
{
    qf__mask_birth_date(m->birth_date, out->birth_date);
    qf__mask_phone(m->phone, out->phone, sizeof out->phone);
    qf__mask_id_number(m->id_number, out->id_number, sizeof out->id_number);
}
