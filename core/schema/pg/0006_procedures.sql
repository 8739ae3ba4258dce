-- PostgreSQL twin of core/schema/0006_procedures.sql (drafted by tools/schema_to_pg.py, then reviewed).
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
    id        bigint PRIMARY KEY,
    sha256    text COLLATE "C" NOT NULL UNIQUE CHECK (length(sha256) = 64),
    name      text COLLATE "C" NOT NULL,
    text      text COLLATE "C" NOT NULL,
    loaded_at text COLLATE "C" NOT NULL
);

CREATE TABLE procedure_def (
    id        bigint PRIMARY KEY,
    code      text COLLATE "C" NOT NULL,
    rev       bigint NOT NULL CHECK (rev >= 1),
    version   text COLLATE "C",
    title     text COLLATE "C" NOT NULL,
    subject   text COLLATE "C" NOT NULL CHECK (subject IN ('member', 'org', 'none')),
    def       text COLLATE "C" NOT NULL CHECK (json_valid(def)),
    hash      text COLLATE "C" NOT NULL CHECK (length(hash) = 64),
    source_id bigint REFERENCES procedure_source(id),
    loaded_at text COLLATE "C" NOT NULL,
    UNIQUE (code, rev)
);

-- A branch's corrections of a procedure's named parameters (durations, counts). They apply to
-- cases started afterwards; a case keeps the values it started with.
CREATE TABLE procedure_param (
    id    bigint PRIMARY KEY,
    code  text COLLATE "C" NOT NULL,
    name  text COLLATE "C" NOT NULL,
    value text COLLATE "C" NOT NULL CHECK (json_valid(value)),
    note  text COLLATE "C",
    UNIQUE (code, name)
);

-- One run of a procedure for a subject. `state` is the life cycle; "overdue" is not stored but
-- derived from the deadlines and the day asked about, so a case behaves right whenever it is
-- read (no timers, no tick that must have run).
CREATE TABLE flow_case (
    id        bigint PRIMARY KEY,
    def_id    bigint NOT NULL REFERENCES procedure_def(id),
    procedure text COLLATE "C" NOT NULL,
    rev       bigint NOT NULL,
    member_id bigint REFERENCES member(id),
    org_id    bigint NOT NULL REFERENCES org(id),
    state     text COLLATE "C" NOT NULL CHECK (state IN ('active', 'completed', 'cancelled')),
    step      text COLLATE "C",
    entered   text COLLATE "C",
    entry_id  bigint,
    started   text COLLATE "C" NOT NULL,
    ended     text COLLATE "C",
    params    text COLLATE "C" NOT NULL CHECK (json_valid(params) AND json_type(params) = 'object'),
    fields    text COLLATE "C" NOT NULL DEFAULT '{}' CHECK (json_valid(fields) AND json_type(fields) = 'object'),
    note      text COLLATE "C",
    CHECK ((state = 'active') = (step IS NOT NULL))
);
CREATE INDEX flow_case_procedure ON flow_case(procedure, state);
CREATE INDEX flow_case_member ON flow_case(member_id);
CREATE INDEX flow_case_org ON flow_case(org_id, state);

-- Every event of a case, in order: the start (no step completed), each completed step with
-- the step it led to (NULL when the case ended there), a cancellation.
CREATE TABLE flow_transition (
    id      bigint PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES flow_case(id) ON DELETE CASCADE,
    seq     bigint NOT NULL,
    action  text COLLATE "C" NOT NULL CHECK (action IN ('start', 'complete', 'cancel')),
    step    text COLLATE "C",
    to_step text COLLATE "C",
    on_date text COLLATE "C" NOT NULL,
    actor   text COLLATE "C" NOT NULL,
    note    text COLLATE "C",
    fields  text COLLATE "C" NOT NULL DEFAULT '{}' CHECK (json_valid(fields) AND json_type(fields) = 'object'),
    late    bigint NOT NULL DEFAULT 0,
    UNIQUE (case_id, seq)
);

-- The artifacts given as evidence when a step was completed.
CREATE TABLE flow_evidence (
    id            bigint PRIMARY KEY,
    transition_id bigint NOT NULL REFERENCES flow_transition(id) ON DELETE CASCADE,
    artifact_id   bigint NOT NULL REFERENCES artifact(id),
    type          text COLLATE "C" NOT NULL,
    UNIQUE (transition_id, artifact_id)
);
CREATE INDEX flow_evidence_artifact ON flow_evidence(artifact_id);

-- The absolute dates of a step's time rules, computed when the step is entered (entry_id is
-- the transition that entered it): `within` = the last day to complete it, `not_before` = the
-- first. `met` is the day the step was completed. Anchor and duration are kept so working-day
-- rules can be recomputed when a newer workday calendar is imported.
CREATE TABLE flow_deadline (
    id           bigint PRIMARY KEY,
    case_id      bigint NOT NULL REFERENCES flow_case(id) ON DELETE CASCADE,
    entry_id     bigint NOT NULL REFERENCES flow_transition(id) ON DELETE CASCADE,
    step         text COLLATE "C" NOT NULL,
    rule         bigint NOT NULL CHECK (rule >= 1),
    kind         text COLLATE "C" NOT NULL CHECK (kind IN ('within', 'not_before')),
    interrupting bigint NOT NULL DEFAULT 0,
    anchor       text COLLATE "C" NOT NULL,
    anchor_date  text COLLATE "C" NOT NULL,
    duration     text COLLATE "C" NOT NULL,
    due          text COLLATE "C" NOT NULL,
    met          text COLLATE "C",
    label        text COLLATE "C"
);
CREATE INDEX flow_deadline_case ON flow_deadline(case_id, entry_id);
CREATE INDEX flow_deadline_due ON flow_deadline(due) WHERE met IS NULL;

-- The workday calendar: days that differ from "Monday to Friday work, weekends off" — public
-- holidays (off) and weekend days made working days (调休, work). Imported per year from a
-- text file (see docs/writing-procedures.md and scripts/calendars/).
CREATE TABLE calendar_day (
    id   bigint PRIMARY KEY,
    day  text COLLATE "C" NOT NULL UNIQUE CHECK (length(day) = 10),
    kind text COLLATE "C" NOT NULL CHECK (kind IN ('off', 'work')),
    name text COLLATE "C"
);
