/*
 * The branches of an assessment saved as its check streams (qf_check_options.save), kept in an
 * unnamed temporary file until the run's last branch: the check reads one snapshot under a read
 * transaction, and the write transaction that stores them is taken only at the end, so other
 * writers (a branch's push to the organ's server, a secretary's entry) wait for the insert of
 * the rows, not for the whole check. Memory stays that of one branch; the file is gone when the
 * process ends, whatever the way (it is unlinked as soon as it is made).
 *
 * By hand, not a library: four fields per record in a stream no other program reads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "engine.h"

int qf__spool_open(qf_spool *s)
{
    memset(s, 0, sizeof *s);
    const char *dir = getenv("TMPDIR");
    char path[4096];
    /* mkstemp's template: it replaces the six Xs with a unique name and creates the file */
    snprintf(path, sizeof path, "%s/qufa-assessment-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path); /* 0600: the findings name members */
    if (fd < 0)
        return qf__err(QF_ESYSTEM,
                       _("saving the assessment: cannot make a temporary file in %s: %s"),
                       dir && *dir ? dir : "/tmp", strerror(errno));
    unlink(path);
    if (!(s->f = fdopen(fd, "w+b"))) {
        close(fd);
        return qf__oom();
    }
    return QF_OK;
}

int qf__spool_put(qf_spool *s, int64_t branch, const unsigned char fp[24], const char *json)
{
    uint64_t len = strlen(json);
    if (fwrite(&branch, sizeof branch, 1, s->f) != 1 || fwrite(fp, 24, 1, s->f) != 1 ||
        fwrite(&len, sizeof len, 1, s->f) != 1 || fwrite(json, 1, len, s->f) != len)
        return qf__err(QF_ESYSTEM,
                       _("saving the assessment: cannot write its temporary file: %s"),
                       strerror(errno));
    s->n++;
    return QF_OK;
}

int qf__spool_rewind(qf_spool *s)
{
    if (fflush(s->f) != 0 || fseek(s->f, 0, SEEK_SET) != 0)
        return qf__err(QF_ESYSTEM,
                       _("saving the assessment: cannot write its temporary file: %s"),
                       strerror(errno));
    return QF_OK;
}

int qf__spool_next(qf_spool *s, int64_t *branch, unsigned char fp[24], char **json)
{
    uint64_t len;
    *json = NULL;
    if (fread(branch, sizeof *branch, 1, s->f) != 1 || fread(fp, 24, 1, s->f) != 1 ||
        fread(&len, sizeof len, 1, s->f) != 1)
        return qf__err(QF_ESYSTEM, "%s",
                       _("saving the assessment: its temporary file ends early"));
    char *text = malloc(len + 1);
    if (!text)
        return qf__oom();
    if (fread(text, 1, len, s->f) != len) {
        free(text);
        return qf__err(QF_ESYSTEM, "%s",
                       _("saving the assessment: its temporary file ends early"));
    }
    text[len] = '\0';
    *json = text;
    return QF_OK;
}

void qf__spool_close(qf_spool *s)
{
    if (s->f)
        fclose(s->f);
    memset(s, 0, sizeof *s);
}
