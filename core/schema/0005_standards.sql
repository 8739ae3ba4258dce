-- qufa schema: the standards catalog, tailoring overlays, saved assessments.
-- Definitions are stored as the JSON the Lua DSL produces (see docs/writing-standards.md), with
-- the SHA-256 of their canonical form: reloading an unchanged definition is a no-op, a changed
-- one becomes a new revision and the old revision stays for judging past periods.

-- The source text of every loaded pack, kept so `check` functions can be re-created later.
CREATE TABLE std_source (
    id        INTEGER PRIMARY KEY,
    sha256    TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    name      TEXT NOT NULL,
    text      TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

CREATE TABLE std_system (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    def       TEXT NOT NULL CHECK (json_valid(def)),
    hash      TEXT NOT NULL,
    source_id INTEGER REFERENCES std_source(id)
);

-- One row per revision of a standard. A revision is in force on day D when it is the highest
-- revision of its code with effective <= D (and D <= expires when set).
CREATE TABLE standard (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL,
    rev       INTEGER NOT NULL CHECK (rev >= 1),
    version   TEXT,
    title     TEXT NOT NULL,
    system    TEXT,
    category  TEXT,
    origin    TEXT NOT NULL CHECK (origin IN ('issued', 'branch')),
    effective TEXT NOT NULL,
    expires   TEXT,
    replaces  TEXT,
    def       TEXT NOT NULL CHECK (json_valid(def)),
    hash      TEXT NOT NULL,
    source_id INTEGER REFERENCES std_source(id),
    loaded_at TEXT NOT NULL,
    UNIQUE (code, rev)
);
CREATE INDEX standard_effective ON standard(code, effective);

-- Tailoring overlays (a branch's profile): imports, parameter changes, clauses marked not
-- applicable, clauses added. Revised like standards.
CREATE TABLE std_tailoring (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL,
    rev       INTEGER NOT NULL CHECK (rev >= 1),
    org_id    INTEGER REFERENCES org(id),
    title     TEXT,
    effective TEXT NOT NULL,
    def       TEXT NOT NULL CHECK (json_valid(def)),
    hash      TEXT NOT NULL,
    source_id INTEGER REFERENCES std_source(id),
    loaded_at TEXT NOT NULL,
    UNIQUE (code, rev)
);

-- A saved run of `qufa check --save`: its findings and the fingerprint of what it judged.
CREATE TABLE assessment (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    today       TEXT NOT NULL,
    org_id      INTEGER REFERENCES org(id),
    period      TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    summary     TEXT NOT NULL CHECK (json_valid(summary)),
    findings    TEXT NOT NULL CHECK (json_valid(findings)),
    note        TEXT
);

-- The engine reads each branch's activities by date.
CREATE INDEX activity_org_start ON activity(org_id, starts_at);
-- ...and each activity's attendance without visiting the table (a covering index).
CREATE INDEX attendance_cover ON attendance(activity_id, member_id, state);
