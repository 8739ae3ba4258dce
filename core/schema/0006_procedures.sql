-- qufa schema: procedures (multi-step workflows declared in Lua) and the workday calendar their
-- working-day deadlines are counted on.
--
-- A procedure definition is stored as the JSON its Lua declaration produces, normalised, with
-- the SHA-256 of that canonical form: reloading an unchanged definition is a no-op, a changed one
-- becomes a new revision. A case pins the revision it started with, so a branch that corrects a
-- rule (the 2026 admission rules) changes new cases only.

-- The Lua source of loaded procedures, kept so guards and on_complete functions can be
-- re-created from exactly the text that defined the pinned revision.
CREATE TABLE procedure_source (
    id        INTEGER PRIMARY KEY,
    sha256    TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    name      TEXT NOT NULL,
    text      TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

CREATE TABLE procedure_def (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL,
    rev       INTEGER NOT NULL CHECK (rev >= 1),
    version   TEXT,
    title     TEXT NOT NULL,
    subject   TEXT NOT NULL CHECK (subject IN ('member', 'org', 'none')),
    def       TEXT NOT NULL CHECK (json_valid(def)),
    hash      TEXT NOT NULL CHECK (length(hash) = 64),
    source_id INTEGER REFERENCES procedure_source(id),
    loaded_at TEXT NOT NULL,
    UNIQUE (code, rev)
);

-- A branch's corrections of a procedure's named parameters (durations, counts). They apply to
-- cases started afterwards; a case keeps the values it started with.
CREATE TABLE procedure_param (
    id    INTEGER PRIMARY KEY,
    code  TEXT NOT NULL,
    name  TEXT NOT NULL,
    value TEXT NOT NULL CHECK (json_valid(value)),
    note  TEXT,
    UNIQUE (code, name)
);

-- One run of a procedure for a subject. `state` is the life cycle; "overdue" is not stored but
-- derived from the deadlines and the day asked about, so a case behaves right whenever it is
-- read (no timers, no tick that must have run).
CREATE TABLE flow_case (
    id        INTEGER PRIMARY KEY,
    def_id    INTEGER NOT NULL REFERENCES procedure_def(id),
    procedure TEXT NOT NULL,
    rev       INTEGER NOT NULL,
    member_id INTEGER REFERENCES member(id),
    org_id    INTEGER NOT NULL REFERENCES org(id),
    state     TEXT NOT NULL CHECK (state IN ('active', 'completed', 'cancelled')),
    step      TEXT,
    entered   TEXT,
    entry_id  INTEGER,
    started   TEXT NOT NULL,
    ended     TEXT,
    params    TEXT NOT NULL CHECK (json_valid(params) AND json_type(params) = 'object'),
    fields    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields) AND json_type(fields) = 'object'),
    note      TEXT,
    CHECK ((state = 'active') = (step IS NOT NULL))
);
CREATE INDEX flow_case_procedure ON flow_case(procedure, state);
CREATE INDEX flow_case_member ON flow_case(member_id);
CREATE INDEX flow_case_org ON flow_case(org_id, state);

-- Every event of a case, in order: the start (no step completed), each completed step with
-- the step it led to (NULL when the case ended there), a cancellation.
CREATE TABLE flow_transition (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES flow_case(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    action  TEXT NOT NULL CHECK (action IN ('start', 'complete', 'cancel')),
    step    TEXT,
    to_step TEXT,
    on_date TEXT NOT NULL,
    actor   TEXT NOT NULL,
    note    TEXT,
    fields  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields) AND json_type(fields) = 'object'),
    late    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (case_id, seq)
);

-- The artifacts given as evidence when a step was completed.
CREATE TABLE flow_evidence (
    id            INTEGER PRIMARY KEY,
    transition_id INTEGER NOT NULL REFERENCES flow_transition(id) ON DELETE CASCADE,
    artifact_id   INTEGER NOT NULL REFERENCES artifact(id),
    type          TEXT NOT NULL,
    UNIQUE (transition_id, artifact_id)
);
CREATE INDEX flow_evidence_artifact ON flow_evidence(artifact_id);

-- The absolute dates of a step's time rules, computed when the step is entered (entry_id is
-- the transition that entered it): `within` = the last day to complete it, `not_before` = the
-- first. `met` is the day the step was completed. Anchor and duration are kept so working-day
-- rules can be recomputed when a newer workday calendar is imported.
CREATE TABLE flow_deadline (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES flow_case(id) ON DELETE CASCADE,
    entry_id     INTEGER NOT NULL REFERENCES flow_transition(id) ON DELETE CASCADE,
    step         TEXT NOT NULL,
    rule         INTEGER NOT NULL CHECK (rule >= 1),
    kind         TEXT NOT NULL CHECK (kind IN ('within', 'not_before')),
    interrupting INTEGER NOT NULL DEFAULT 0,
    anchor       TEXT NOT NULL,
    anchor_date  TEXT NOT NULL,
    duration     TEXT NOT NULL,
    due          TEXT NOT NULL,
    met          TEXT,
    label        TEXT
);
CREATE INDEX flow_deadline_case ON flow_deadline(case_id, entry_id);
CREATE INDEX flow_deadline_due ON flow_deadline(due) WHERE met IS NULL;

-- The workday calendar: days that differ from "Monday to Friday work, weekends off" — public
-- holidays (off) and weekend days made working days (调休, work). Imported per year from a
-- text file (see docs/writing-procedures.md and scripts/calendars/).
CREATE TABLE calendar_day (
    id   INTEGER PRIMARY KEY,
    day  TEXT NOT NULL UNIQUE CHECK (length(day) = 10),
    kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
    name TEXT
);
