/*
 * The PostgreSQL schema (core/schema/pg/) is the SQLite one (core/schema/): one file for each,
 * with the same name, and the same tables, columns in the same order (the audit log's row
 * images depend on it), types, NOT NULL, defaults, primary keys, unique keys, foreign keys,
 * checks (counted), indexes and triggers. Each difference is named, so whoever adds a
 * migration to core/schema/ learns what its PostgreSQL twin lacks (tools/schema_to_pg.py
 * drafts it). The comparison needs a PostgreSQL server (QUFA_TEST_DB_URL); the file names are
 * compared on both backends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "fixture.h"
#include "internal.h"

extern const struct qf_embedded_file qf_schema_pg_files[];

/* One line per fact of a schema ("table T column 3 name type notnull default"), sorted. */
typedef struct facts {
    char **line;
    size_t n, cap;
} facts;

static void add(facts *f, const char *fmt, ...) QF_PRINTF(2, 3);
static void add(facts *f, const char *fmt, ...)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 256;
        f->line = realloc(f->line, f->cap * sizeof *f->line);
        assert_non_null(f->line);
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    f->line[f->n++] = strdup(buf);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void facts_free(facts *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->line[i]);
    free(f->line);
}

/* Runs `sql` with ?1 bound to `arg` (when not NULL), calling `row` for each row. */
static void each(qf_db *db, const char *sql, const char *arg, void (*row)(qf_stmt *, void *),
                 void *payload)
{
    qf_stmt *st = NULL;
    if (qf__prepare(&st, db, sql) != QF_OK)
        fail_msg("%s: %s", sql, qf_error_last());
    if (arg)
        qf__bind_textn(st, 1, arg, -1, QF_TRANSIENT);
    int rc;
    while ((rc = qf__step(st)) == QF_ROW)
        row(st, payload);
    if (rc != QF_DONE)
        fail_msg("%s: %s", sql, qf__errmsg(db));
    qf__finalize(st);
}

static const char *text(qf_stmt *st, int i)
{
    const char *s = qf__col_text(st, i);
    return s ? s : "";
}

/* the types of the two dialects, as one */
static const char *type_of(const char *t)
{
    if (!strcasecmp(t, "INTEGER") || !strcasecmp(t, "bigint"))
        return "integer";
    if (!strcasecmp(t, "TEXT") || !strcasecmp(t, "text"))
        return "text";
    if (!strcasecmp(t, "BLOB") || !strcasecmp(t, "bytea"))
        return "blob";
    return t;
}

/* a default as both write it: '{}' and 0 (PostgreSQL adds ::text) */
static void default_of(const char *d, char *out, size_t size)
{
    snprintf(out, size, "%s", d);
    char *cast = strstr(out, "::");
    if (cast)
        *cast = '\0';
}

/* ---- SQLite ------------------------------------------------------------------------------ */

typedef struct ctx {
    qf_db *db;
    facts *f;
    const char *table;
} ctx;

static void lite_column(qf_stmt *st, void *p)
{
    ctx *c = p;
    char def[128];
    default_of(text(st, 4), def, sizeof def);
    /* a primary key is never NULL (PostgreSQL says so; SQLite only enforces it) */
    bool not_null = qf__col_int64(st, 3) || qf__col_int64(st, 5);
    add(c->f, "table %s column %lld %s %s%s%s%s", c->table, (long long)qf__col_int64(st, 0) + 1,
        text(st, 1), type_of(text(st, 2)), not_null ? " not null" : "", *def ? " default " : "",
        def);
}

/* The primary key's columns in key order, as one fact (PostgreSQL lists a composite key so) */
static void lite_pk(qf_stmt *st, void *p)
{
    ctx *c = p;
    if (*text(st, 0))
        add(c->f, "table %s primary key %s", c->table, text(st, 0));
}

static void lite_fk(qf_stmt *st, void *p)
{
    ctx *c = p;
    const char *on_delete = text(st, 6);
    add(c->f, "table %s foreign key %s -> %s(%s)%s%s", c->table, text(st, 3), text(st, 2),
        text(st, 4), strcmp(on_delete, "NO ACTION") ? " on delete " : "",
        strcmp(on_delete, "NO ACTION") ? on_delete : "");
}

typedef struct index_ctx {
    ctx *c;
    char cols[256];
} index_ctx;

static void lite_index_col(qf_stmt *st, void *p)
{
    index_ctx *ix = p;
    size_t n = strlen(ix->cols);
    snprintf(ix->cols + n, sizeof ix->cols - n, "%s%s", n ? "," : "", text(st, 2));
}

static void lite_index(qf_stmt *st, void *p)
{
    ctx *c = p;
    const char *origin = text(st, 3); /* c: CREATE INDEX, u: UNIQUE, pk: the primary key */
    if (!strcmp(origin, "pk"))
        return;
    index_ctx ix = {c, ""};
    each(c->db, "SELECT * FROM pragma_index_info(?1) ORDER BY seqno", text(st, 1), lite_index_col,
         &ix);
    if (!strcmp(origin, "u"))
        add(c->f, "table %s unique (%s)", c->table, ix.cols);
    else
        add(c->f, "table %s index %s (%s)%s%s", c->table, text(st, 1), ix.cols,
            qf__col_int64(st, 2) ? " unique" : "", qf__col_int64(st, 4) ? " partial" : "");
}

static void lite_trigger(qf_stmt *st, void *p)
{
    ctx *c = p;
    if (strncmp(text(st, 0), "qf_audit_", 9) != 0) /* the audit log's: the store's own */
        add(c->f, "table %s trigger %s", c->table, text(st, 0));
}

static int count_checks(const char *create)
{
    int n = 0;
    for (const char *p = create; (p = strstr(p, "CHECK")) != NULL; p += 5)
        n++;
    return n;
}

static void lite_table(qf_stmt *st, void *p)
{
    ctx c = *(ctx *)p;
    c.table = text(st, 0);
    add(c.f, "table %s", c.table);
    add(c.f, "table %s checks %d", c.table, count_checks(text(st, 1)));
    each(c.db, "SELECT cid, name, type, \"notnull\", coalesce(dflt_value, ''), pk FROM "
               "pragma_table_info(?1)",
         c.table, lite_column, &c);
    each(c.db, "SELECT coalesce(group_concat(name, ','), '') FROM (SELECT name FROM "
               "pragma_table_info(?1) WHERE pk > 0 ORDER BY pk)",
         c.table, lite_pk, &c);
    each(c.db, "SELECT * FROM pragma_foreign_key_list(?1)", c.table, lite_fk, &c);
    each(c.db, "SELECT * FROM pragma_index_list(?1)", c.table, lite_index, &c);
    each(c.db, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?1", c.table,
         lite_trigger, &c);
}

static void lite_facts(qf_db *db, facts *f)
{
    ctx c = {db, f, NULL};
    each(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
             "'sqlite_%'",
         NULL, lite_table, &c);
}

/* ---- PostgreSQL -------------------------------------------------------------------------- */

static void pg_column(qf_stmt *st, void *p)
{
    ctx *c = p;
    char def[128];
    default_of(text(st, 4), def, sizeof def);
    add(c->f, "table %s column %s %s %s%s%s%s", c->table, text(st, 0), text(st, 1),
        type_of(text(st, 2)), strcmp(text(st, 3), "NO") == 0 ? " not null" : "",
        *def ? " default " : "", def);
}

static void pg_constraint(qf_stmt *st, void *p)
{
    ctx *c = p;
    const char *kind = text(st, 0);
    if (!strcmp(kind, "p"))
        add(c->f, "table %s primary key %s", c->table, text(st, 1));
    else if (!strcmp(kind, "u"))
        add(c->f, "table %s unique (%s)", c->table, text(st, 1));
    else if (!strcmp(kind, "f")) {
        const char *del = text(st, 4);
        const char *action = !strcmp(del, "c")   ? "CASCADE"
                             : !strcmp(del, "n") ? "SET NULL"
                             : !strcmp(del, "r") ? "RESTRICT"
                                                 : "";
        add(c->f, "table %s foreign key %s -> %s(%s)%s%s", c->table, text(st, 1), text(st, 2),
            text(st, 3), *action ? " on delete " : "", action);
    }
}

static void pg_index(qf_stmt *st, void *p)
{
    ctx *c = p;
    add(c->f, "table %s index %s (%s)%s%s", c->table, text(st, 0), text(st, 1),
        qf__col_int64(st, 2) ? " unique" : "", qf__col_int64(st, 3) ? " partial" : "");
}

static void pg_trigger(qf_stmt *st, void *p)
{
    ctx *c = p;
    const char *name = text(st, 0);
    if (strcmp(name, "qf_audit") && strcmp(name, "qf_id")) /* the store's own */
        add(c->f, "table %s trigger %s", c->table, name);
}

static void pg_table(qf_stmt *st, void *p)
{
    ctx c = *(ctx *)p;
    c.table = text(st, 0);
    add(c.f, "table %s", c.table);
    add(c.f, "table %s checks %lld", c.table, (long long)qf__col_int64(st, 1));
    each(c.db, "SELECT CAST(ordinal_position AS text), column_name, data_type, is_nullable, "
               "coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = "
               "current_schema() AND table_name = ?1",
         c.table, pg_column, &c);
    /* (the ordinal position counts dropped columns too: a PostgreSQL twin that drops a column
     * instead of rebuilding the table as SQLite must shows up here as a moved column) */
    each(c.db,
         "SELECT CAST(k.contype AS text), (SELECT string_agg(a.attname, ',' ORDER BY u.o) FROM "
         "unnest(k.conkey) WITH ORDINALITY AS u(n, o) JOIN pg_attribute a ON a.attrelid = "
         "k.conrelid AND a.attnum = u.n), CAST(k.confrelid AS regclass), (SELECT "
         "string_agg(a.attname, ',' ORDER BY u.o) FROM unnest(k.confkey) WITH ORDINALITY AS "
         "u(n, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n), "
         "CAST(k.confdeltype AS text) FROM pg_constraint k WHERE k.conrelid = CAST(?1 AS "
         "regclass)",
         c.table, pg_constraint, &c);
    each(c.db,
         "SELECT i.relname, (SELECT string_agg(a.attname, ',' ORDER BY u.o) FROM unnest(x.indkey) "
         "WITH ORDINALITY AS u(n, o) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum "
         "= u.n), x.indisunique, x.indpred IS NOT NULL FROM pg_index x JOIN pg_class i ON i.oid "
         "= x.indexrelid WHERE x.indrelid = CAST(?1 AS regclass) AND NOT EXISTS (SELECT 1 FROM "
         "pg_constraint k WHERE k.conindid = x.indexrelid)",
         c.table, pg_index, &c);
    each(c.db, "SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(?1 AS regclass) AND NOT "
               "tgisinternal",
         c.table, pg_trigger, &c);
}

static void pg_facts(qf_db *db, facts *f)
{
    ctx c = {db, f, NULL};
    each(db, "SELECT c.relname, (SELECT count(*) FROM pg_constraint k WHERE k.conrelid = c.oid "
             "AND k.contype = 'c') FROM pg_class c WHERE c.relnamespace = "
             "CAST(current_schema() AS regnamespace) AND c.relkind = 'r' AND c.relname <> "
             "'qufa_meta'",
         NULL, pg_table, &c);
}

/* ---- the comparison ---------------------------------------------------------------------- */

static void pg_schema__has_a_file_for_each_sqlite_migration(void **state)
{
    (void)state;
    int n = 0, problems = 0;
    while (qf_schema_files[n].name)
        n++;
    for (int i = 0; i < n; i++) {
        if (!qf_schema_pg_files[i].name ||
            strcmp(qf_schema_pg_files[i].name, qf_schema_files[i].name) != 0) {
            print_error("core/schema/pg/%s is missing: every core/schema/ file needs its twin "
                        "(tools/schema_to_pg.py drafts it)\n",
                        qf_schema_files[i].name);
            problems++;
            break;
        }
    }
    if (!problems && qf_schema_pg_files[n].name)
        print_error("core/schema/pg/%s has no core/schema/ file of that name\n",
                    qf_schema_pg_files[n].name), problems++;
    assert_int_equal(problems, 0);
}

static void pg_schema__makes_what_the_sqlite_schema_makes(void **state)
{
    (void)state;
    if (!fx_pg()) {
        print_message("[ SKIPPED  ] needs a PostgreSQL server (QUFA_TEST_DB_URL)\n");
        skip();
    }
    qf_db *lite = NULL, *pg = NULL;
    QF_OK_OR_FAIL(qf_db_open(&lite, ":memory:", NULL));
    fx_setup_memory((void **)&pg); /* on PostgreSQL: a fresh migrated database */
    facts a = {0}, b = {0};
    lite_facts(lite, &a);
    pg_facts(pg, &b);
    qsort(a.line, a.n, sizeof *a.line, by_text);
    qsort(b.line, b.n, sizeof *b.line, by_text);
    size_t i = 0, j = 0;
    int problems = 0;
    while (i < a.n || j < b.n) {
        int cmp = i == a.n ? 1 : j == b.n ? -1 : strcmp(a.line[i], b.line[j]);
        if (cmp == 0) {
            i++;
            j++;
            continue;
        }
        if (cmp < 0)
            print_error("only in SQLite (core/schema/): %s\n", a.line[i++]);
        else
            print_error("only in PostgreSQL (core/schema/pg/): %s\n", b.line[j++]);
        problems++;
    }
    facts_free(&a);
    facts_free(&b);
    qf_db_free(lite);
    void *st = pg;
    fx_teardown(&st);
    if (problems)
        fail_msg("%d differences between core/schema/ and core/schema/pg/ (listed above)",
                 problems);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pg_schema__has_a_file_for_each_sqlite_migration),
        cmocka_unit_test(pg_schema__makes_what_the_sqlite_schema_makes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
