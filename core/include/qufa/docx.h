/*
 * qufa — Word documents (.docx) from the Markdown of a document, through a skeleton a branch
 * can edit.
 *
 * A skeleton is a .docx package whose XML parts are templates (qufa/template.h). Every part
 * named *.xml or *.rels is rendered with the document's values, escaped for XML; every other
 * part (an image, a font) is copied as it is. Besides the values given, the parts see
 * `document`: the title (the first heading's text) and the blocks of the Markdown as described
 * by qf_markdown_blocks (qufa/markdown.h): paragraphs with a Word style and runs, tables with
 * column widths, page breaks. The shipped skeleton (scripts/templates/docx/) lays them out as
 * an official document (GB/T 9704): its word/styles.xml defines the styles, its
 * word/document.xml says what each block becomes.
 *
 * Every rendered XML part must be well-formed: a mistake in a skeleton is reported with the
 * part, line and column instead of giving Word a file it refuses.
 */
#ifndef QUFA_DOCX_H
#define QUFA_DOCX_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qf_docx_options {
    unsigned version;
    const char *skeleton_name; /* names the skeleton in messages; NULL = "skeleton.docx" */
    const char *data_json;     /* a JSON object of the values the parts print; NULL = none */
} qf_docx_options;
#define QF_DOCX_OPTIONS_VERSION 1
#define QF_DOCX_OPTIONS_INIT                                                                       \
    {                                                                                              \
        QF_DOCX_OPTIONS_VERSION, NULL, NULL                                                        \
    }

/*
 * Renders `md_len` bytes of Markdown through the skeleton (`skeleton_len` bytes of a .docx)
 * into the bytes of a .docx (release with qf_free). QF_EINVALID with the skeleton's name, the
 * part and the place for a skeleton that is not a zip, lacks word/document.xml or
 * [Content_Types].xml, has a template error, or renders to XML that is not well-formed; and as
 * qf_markdown_html for the Markdown.
 */
QF_EXTERN int qf_docx_render(void **out, size_t *out_len, const void *skeleton,
                             size_t skeleton_len, const char *markdown, size_t md_len,
                             const qf_docx_options *opts);

#ifdef __cplusplus
}
#endif
#endif
