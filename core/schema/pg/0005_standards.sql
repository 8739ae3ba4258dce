-- PostgreSQL twin of core/schema/0005_standards.sql (drafted by tools/schema_to_pg.py, then reviewed).
-- qufa schema: the standards catalog, tailoring overlays, saved assessments.
-- Definitions are stored as the JSON the Lua DSL produces (see docs/writing-standards.md), with
-- the SHA-256 of their canonical form: reloading an unchanged definition is a no-op, a changed
-- one becomes a new revision and the old revision stays for judging past periods.

-- The source text of every loaded pack, kept so `check` functions can be re-created later.
CREATE TABLE std_source (
    id        bigint PRIMARY KEY,
    sha256    text COLLATE "C" NOT NULL UNIQUE CHECK (length(sha256) = 64),
    name      text COLLATE "C" NOT NULL,
    text      text COLLATE "C" NOT NULL,
    loaded_at text COLLATE "C" NOT NULL
);

CREATE TABLE std_system (
    id        bigint PRIMARY KEY,
    code      text COLLATE "C" NOT NULL UNIQUE,
    title     text COLLATE "C" NOT NULL,
    def       text COLLATE "C" NOT NULL CHECK (json_valid(def)),
    hash      text COLLATE "C" NOT NULL,
    source_id bigint REFERENCES std_source(id)
);

-- One row per revision of a standard. A revision is in force on day D when it is the highest
-- revision of its code with effective <= D (and D <= expires when set).
CREATE TABLE standard (
    id        bigint PRIMARY KEY,
    code      text COLLATE "C" NOT NULL,
    rev       bigint NOT NULL CHECK (rev >= 1),
    version   text COLLATE "C",
    title     text COLLATE "C" NOT NULL,
    system    text COLLATE "C",
    category  text COLLATE "C",
    origin    text COLLATE "C" NOT NULL CHECK (origin IN ('issued', 'branch')),
    effective text COLLATE "C" NOT NULL,
    expires   text COLLATE "C",
    replaces  text COLLATE "C",
    def       text COLLATE "C" NOT NULL CHECK (json_valid(def)),
    hash      text COLLATE "C" NOT NULL,
    source_id bigint REFERENCES std_source(id),
    loaded_at text COLLATE "C" NOT NULL,
    UNIQUE (code, rev)
);
CREATE INDEX standard_effective ON standard(code, effective);

-- Tailoring overlays (a branch's profile): imports, parameter changes, clauses marked not
-- applicable, clauses added. Revised like standards.
CREATE TABLE std_tailoring (
    id        bigint PRIMARY KEY,
    code      text COLLATE "C" NOT NULL,
    rev       bigint NOT NULL CHECK (rev >= 1),
    org_id    bigint REFERENCES org(id),
    title     text COLLATE "C",
    effective text COLLATE "C" NOT NULL,
    def       text COLLATE "C" NOT NULL CHECK (json_valid(def)),
    hash      text COLLATE "C" NOT NULL,
    source_id bigint REFERENCES std_source(id),
    loaded_at text COLLATE "C" NOT NULL,
    UNIQUE (code, rev)
);

-- A saved run of `qufa check --save`: its findings and the fingerprint of what it judged.
CREATE TABLE assessment (
    id          bigint PRIMARY KEY,
    created_at  text COLLATE "C" NOT NULL,
    today       text COLLATE "C" NOT NULL,
    org_id      bigint REFERENCES org(id),
    period      text COLLATE "C" NOT NULL,
    fingerprint text COLLATE "C" NOT NULL,
    summary     text COLLATE "C" NOT NULL CHECK (json_valid(summary)),
    findings    text COLLATE "C" NOT NULL CHECK (json_valid(findings)),
    note        text COLLATE "C"
);

-- The engine reads each branch's activities by date.
CREATE INDEX activity_org_start ON activity(org_id, starts_at);
-- ...and each activity's attendance without visiting the table (a covering index).
CREATE INDEX attendance_cover ON attendance(activity_id, member_id, state);
