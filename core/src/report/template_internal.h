/* Templates inside the library: rendering with data already parsed (a .docx renders each of
 * its parts with the same values, so they are parsed once, not once per part). */
#ifndef QUFA_TEMPLATE_INTERNAL_H
#define QUFA_TEMPLATE_INTERNAL_H

#include <jansson.h>
#include "qufa/template.h"

/* As qf_template_render, with `data` a JSON object (borrowed). */
int qf__template_render_json(char **out, size_t *len, const qf_template *t, json_t *data,
                             const qf_template_options *opts);

#endif
