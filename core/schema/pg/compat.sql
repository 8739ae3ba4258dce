-- qufa on PostgreSQL: what SQLite has built in and qufa's SQL relies on, made for PostgreSQL
-- with SQLite's results, so each statement is written once for both (docs/internals.md, "SQL
-- in both dialects"). The store runs this before every migration (CREATE OR REPLACE: an
-- upgrade brings the newest); everything lives in the qufa schema itself.

-- ---- JSON, as SQLite's json1 functions see it ----------------------------------------------

-- A path of SQLite's JSON functions ('$', '$.a.b', '$."a b"', '$[2]', '$.a[0]') as the text[]
-- of PostgreSQL's #>; NULL for a path it does not understand.
CREATE OR REPLACE FUNCTION qf_json_path(path text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    parts text[] := '{}';
    i int := 2;
    n int := length(path);
    j int;
BEGIN
    IF left(path, 1) <> '$' THEN
        RETURN NULL;
    END IF;
    WHILE i <= n LOOP
        IF substr(path, i, 1) = '.' THEN
            IF substr(path, i + 1, 1) = '"' THEN
                j := strpos(substr(path, i + 2), '"');
                IF j = 0 THEN
                    RETURN NULL;
                END IF;
                parts := parts || substr(path, i + 2, j - 1);
                i := i + 2 + j;
            ELSE
                j := i + 1;
                WHILE j <= n AND substr(path, j, 1) NOT IN ('.', '[') LOOP
                    j := j + 1;
                END LOOP;
                parts := parts || substr(path, i + 1, j - i - 1);
                i := j;
            END IF;
        ELSIF substr(path, i, 1) = '[' THEN
            j := strpos(substr(path, i), ']');
            IF j = 0 THEN
                RETURN NULL;
            END IF;
            parts := parts || substr(path, i + 1, j - 2);
            i := i + j;
        ELSE
            RETURN NULL;
        END IF;
    END LOOP;
    RETURN parts;
END $$;

-- SQLite's name for a JSON value's type: object, array, text, integer, real, true, false, null.
CREATE OR REPLACE FUNCTION qf_json_type(v json) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE json_typeof(v)
        WHEN 'string' THEN 'text'
        WHEN 'number' THEN CASE WHEN v::text ~ '[.eE]' THEN 'real' ELSE 'integer' END
        WHEN 'boolean' THEN CASE WHEN v::text = 'true' THEN 'true' ELSE 'false' END
        ELSE json_typeof(v)
    END
$$;

-- A JSON value as SQLite's json_extract returns it: a string unquoted, true/false as 1/0,
-- null as NULL, a number, object or array as its JSON text.
CREATE OR REPLACE FUNCTION qf_json_value(v json) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE json_typeof(v)
        WHEN 'string' THEN v #>> '{}'
        WHEN 'null' THEN NULL
        WHEN 'boolean' THEN CASE WHEN v::text = 'true' THEN '1' ELSE '0' END
        ELSE v::text
    END
$$;

CREATE OR REPLACE FUNCTION json_valid(x text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF x IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM x::json;
    RETURN true;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN false;
END $$;

CREATE OR REPLACE FUNCTION json_type(x text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT qf_json_type(x::json)
$$;

CREATE OR REPLACE FUNCTION json_type(x text, path text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT qf_json_type(x::json #> qf_json_path(path))
$$;

CREATE OR REPLACE FUNCTION json_extract(x text, path text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT qf_json_value(x::json #> qf_json_path(path))
$$;

-- The length of the array at path: 0 when it is not an array, NULL when there is nothing.
CREATE OR REPLACE FUNCTION json_array_length(x text, path text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN v IS NULL THEN NULL
                WHEN json_typeof(v) = 'array' THEN json_array_length(v)
                ELSE 0 END
    FROM (SELECT x::json #> qf_json_path(path) AS v) AS s
$$;

-- The members of an object or the elements of an array (key: the member's name or the
-- element's index), each value as json_extract gives it; a scalar is one row without a key.
CREATE OR REPLACE FUNCTION json_each(x text, path text)
RETURNS TABLE (key text, value text, type text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
#variable_conflict use_column
DECLARE
    j json := x::json #> qf_json_path(path);
BEGIN
    IF j IS NULL THEN
        RETURN;
    END IF;
    IF json_typeof(j) = 'array' THEN
        RETURN QUERY SELECT CAST(e.o - 1 AS text), qf_json_value(e.v), qf_json_type(e.v)
                     FROM json_array_elements(j) WITH ORDINALITY AS e(v, o);
    ELSIF json_typeof(j) = 'object' THEN
        RETURN QUERY SELECT e.key, qf_json_value(e.value), qf_json_type(e.value)
                     FROM json_each(j) AS e;
    ELSE
        RETURN QUERY SELECT CAST(NULL AS text), qf_json_value(j), qf_json_type(j);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION json_each(x text) RETURNS TABLE (key text, value text, type text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT * FROM json_each(x, '$')
$$;

-- ---- text and dates -------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION qf_concat_step(acc text, v text, sep text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || sep || v END
$$;
CREATE OR REPLACE FUNCTION qf_concat_step(acc text, v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT qf_concat_step(acc, v, ',')
$$;
CREATE OR REPLACE AGGREGATE group_concat(text, text) (SFUNC = qf_concat_step, STYPE = text);
CREATE OR REPLACE AGGREGATE group_concat(text) (SFUNC = qf_concat_step, STYPE = text);

-- SQLite's date(day, modifier) for the modifiers qufa uses: '±N days', '±N months',
-- '±N years', 'start of month', 'start of year'. NULL when either is NULL or not understood.
CREATE OR REPLACE FUNCTION date(day text, modifier text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    d date;
    m text[];
    mod text := lower(btrim(modifier));
BEGIN
    IF day IS NULL OR mod IS NULL OR day !~ '^\d{4}-\d{2}-\d{2}' THEN
        RETURN NULL;
    END IF;
    d := to_date(substr(day, 1, 10), 'YYYY-MM-DD');
    m := regexp_match(mod, '^([+-]?\d+) +(day|days|month|months|year|years)$');
    IF m IS NOT NULL THEN
        d := d + CAST(m[1] || ' ' || m[2] AS interval);
    ELSIF mod = 'start of month' THEN
        d := date_trunc('month', d);
    ELSIF mod = 'start of year' THEN
        d := date_trunc('year', d);
    ELSE
        RETURN NULL;
    END IF;
    RETURN to_char(d, 'YYYY-MM-DD');
END $$;

-- ---- ids and the audit log ------------------------------------------------------------------

-- Gives every table of this schema with an id primary key a trigger that assigns an insert
-- without an id the next after the highest, as SQLite's INTEGER PRIMARY KEY does (the same
-- ids on both backends, whatever was rolled back before). The store calls it after each
-- migration file; a file that inserts into a table it just created calls it itself first.
CREATE OR REPLACE FUNCTION qf_install_ids() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t name;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_class c
        JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
        WHERE c.relnamespace = CAST(current_schema() AS regnamespace) AND c.relkind = 'r'
          AND a.attname = 'id'
          AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'qf_id')
    LOOP
        EXECUTE format('CREATE OR REPLACE FUNCTION %I() RETURNS trigger LANGUAGE plpgsql AS '
                       '$f$ BEGIN IF NEW.id IS NULL THEN '
                       'NEW.id := (SELECT coalesce(max(id), 0) + 1 FROM %I); END IF; '
                       'RETURN NEW; END $f$', 'qf_id_' || t, t);
        EXECUTE format('CREATE TRIGGER qf_id BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION %I()',
                       t, 'qf_id_' || t);
    END LOOP;
END $$;

-- The tables whose writes are logged: an id primary key, and a name not starting audit_.
CREATE OR REPLACE FUNCTION qf_audited_tables() RETURNS SETOF name LANGUAGE sql STABLE AS $$
    SELECT c.relname FROM pg_class c
    JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
    WHERE c.relnamespace = CAST(current_schema() AS regnamespace) AND c.relkind = 'r'
      AND a.attname = 'id' AND a.atttypid = CAST('bigint' AS regtype)
      AND c.relname NOT LIKE 'audit\_%'
    ORDER BY c.relname
$$;

-- One audit entry per written row, as SQLite's generated triggers write it: the row's image is
-- row_to_json of the row, the same text as SQLite's json_object over its columns in order (so
-- an entry hashes the same on both backends); seq the next after the highest; actor and time
-- from the transaction's settings (the store sets them when it begins a write).
CREATE OR REPLACE FUNCTION qf_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (seq, at, actor, action, tbl, row_id, before, after)
    VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM audit_log),
            nullif(current_setting('qufa.at', true), ''),
            nullif(current_setting('qufa.actor', true), ''),
            lower(TG_OP), TG_TABLE_NAME,
            CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END,
            CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE CAST(row_to_json(OLD) AS text) END,
            CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE CAST(row_to_json(NEW) AS text) END);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION qf_install_audit() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t name;
BEGIN
    FOR t IN SELECT * FROM qf_audited_tables() LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER qf_audit AFTER INSERT OR UPDATE OR DELETE ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION qf_audit_row()', t);
    END LOOP;
END $$;
