/* Commands on the database itself: init, audit verify. */
#include <stdio.h>
#include <string.h>
#include "host.h"

int qh_cmd_init(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv)
{
    if (argc > 0) {
        qh_error(ctx, _("init: unexpected argument '%s'"), argv[0]);
        qh_print_usage(cmd, true);
        return QH_USAGE;
    }
    /* a qufa database already (a file, or a PostgreSQL schema holding qufa's tables), or one
     * to create: opened first without creating, which fails with "does not exist" */
    qf_open_options o = QF_OPEN_OPTIONS_INIT;
    o.flags = 0;
    o.actor = ctx->actor;
    qf_db *db = NULL;
    bool existed = qf_db_open(&db, ctx->db_path, &o) != QF_ENOTFOUND;
    qf_db_free(db);
    db = NULL;
    int rc = qh_open_db(&db, ctx, true);
    if (rc != QH_OK)
        return rc;
    if (existed)
        printf(_("%s is a qufa database (schema %d)\n"), ctx->db_path, qf_db_schema_version(db));
    else
        printf(_("created %s (schema %d)\n"), ctx->db_path, qf_db_schema_version(db));
    qf_db_free(db);
    return QH_OK;
}

int qh_cmd_audit(qh_ctx *ctx, const qh_command *cmd, int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "verify") != 0) {
        if (argc == 0)
            qh_error(ctx, "%s", _("audit: missing subcommand (verify)"));
        else
            qh_error(ctx, _("audit: unknown subcommand '%s' (verify)"), argv[0]);
        qh_print_usage(cmd, true);
        return QH_USAGE;
    }
    /* personal fields in a message are masked (it lands in terminals and cron mail) unless
     * the user asks for them */
    qf_audit_verify_options o = QF_AUDIT_VERIFY_OPTIONS_INIT;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--unmask") == 0) {
            o.unmask = true;
        } else {
            qh_error(ctx, _("audit verify: unknown option '%s'"), argv[i]);
            qh_print_usage(cmd, true);
            return QH_USAGE;
        }
    }
    qf_db *db = NULL;
    int rc = qh_open_db(&db, ctx, false);
    if (rc != QH_OK)
        return rc;
    qf_audit_report r;
    rc = qf_audit_verify_with(db, &o, &r);
    int code = QH_OK;
    if (rc == QF_OK)
        printf(_("audit verified: %lld entries in %lld seals, %lld rows match their last entry\n"),
               (long long)r.entries, (long long)r.seals, (long long)r.rows);
    else if (rc == QF_ECORRUPT) {
        qh_error(ctx, _("audit verify failed: %s"), qf_error_last());
        code = QH_FINDINGS;
    } else
        code = qh_core_error(ctx, rc);
    qf_db_free(db);
    return code;
}
