-- PostgreSQL twin of core/schema/0001_records.sql (drafted by tools/schema_to_pg.py, then reviewed).
-- Ids are assigned by a trigger the store installs after each file (qf_install_ids, compat.sql).
-- qufa schema 1: the record store.
-- Dates are text "YYYY-MM-DD", date-times "YYYY-MM-DD HH:MM" (local wall clock), so any SQLite
-- client reads them; an open end date is NULL. Every record table has an INTEGER PRIMARY KEY id
-- so the audit log can name rows.

-- The audit log (see core/src/audit.c): triggers generated from each table's columns append
-- one entry per written row; every transaction seals its entries into a SHA-256 chain.
CREATE TABLE audit_ctx (
    id    bigint PRIMARY KEY CHECK (id = 1),
    actor text COLLATE "C" NOT NULL,
    at    text COLLATE "C" NOT NULL
);
CREATE TABLE audit_log (
    seq    bigint PRIMARY KEY,
    at     text COLLATE "C",
    actor  text COLLATE "C",
    action text COLLATE "C" NOT NULL,
    tbl    text COLLATE "C" NOT NULL,
    row_id bigint NOT NULL,
    before text COLLATE "C",
    after  text COLLATE "C"
);
CREATE INDEX audit_log_row ON audit_log(tbl, row_id, seq);
CREATE TABLE audit_seal (
    id        bigint PRIMARY KEY,
    first_seq bigint NOT NULL,
    last_seq  bigint NOT NULL,
    at        text COLLATE "C" NOT NULL,
    prev_hash text COLLATE "C" NOT NULL,
    hash      text COLLATE "C" NOT NULL
);

CREATE TABLE vocab (
    id       bigint PRIMARY KEY,
    vocab    text COLLATE "C" NOT NULL,
    code     text COLLATE "C" NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    label_zh text COLLATE "C",
    label_en text COLLATE "C",
    builtin  bigint NOT NULL DEFAULT 0,
    UNIQUE (vocab, code)
);

CREATE TABLE org (
    id        bigint PRIMARY KEY,
    parent_id bigint REFERENCES org(id),
    kind      text COLLATE "C" NOT NULL CHECK (kind IN ('committee', 'general_branch', 'branch', 'group')),
    code      text COLLATE "C" NOT NULL UNIQUE,
    name      text COLLATE "C" NOT NULL,
    attrs     text COLLATE "C" NOT NULL DEFAULT '{}' CHECK (json_valid(attrs) AND json_type(attrs) = 'object')
);
CREATE INDEX org_parent ON org(parent_id);

CREATE TABLE member (
    id         bigint PRIMARY KEY,
    code       text COLLATE "C" UNIQUE,
    name       text COLLATE "C" NOT NULL,
    gender     text COLLATE "C" CHECK (gender IN ('male', 'female')),
    birth_date text COLLATE "C",
    joined     text COLLATE "C",
    phone      text COLLATE "C",
    id_number  text COLLATE "C",
    attrs      text COLLATE "C" NOT NULL DEFAULT '{}' CHECK (json_valid(attrs) AND json_type(attrs) = 'object')
);
CREATE INDEX member_name ON member(name);

-- Dated status history: the status on day D is the row with the latest since <= D.
CREATE TABLE member_status (
    id        bigint PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    status    text COLLATE "C" NOT NULL
              CHECK (status IN ('applicant', 'activist', 'candidate', 'probationary', 'full')),
    since     text COLLATE "C" NOT NULL,
    note      text COLLATE "C",
    UNIQUE (member_id, since)
);

-- Membership of an org (a branch, or a party group) over [start, end].
CREATE TABLE membership (
    id        bigint PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    org_id    bigint NOT NULL REFERENCES org(id),
    start     text COLLATE "C" NOT NULL,
    "end"     text COLLATE "C",
    CHECK ("end" IS NULL OR "end" >= start)
);
CREATE INDEX membership_org ON membership(org_id, start);
CREATE INDEX membership_member ON membership(member_id, start);

CREATE TABLE member_flag (
    id        bigint PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    flag      text COLLATE "C" NOT NULL,
    start     text COLLATE "C" NOT NULL,
    "end"     text COLLATE "C",
    CHECK ("end" IS NULL OR "end" >= start)
);
CREATE INDEX member_flag_member ON member_flag(member_id, flag);

CREATE TABLE position (
    id        bigint PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES member(id),
    org_id    bigint NOT NULL REFERENCES org(id),
    post      text COLLATE "C" NOT NULL,
    start     text COLLATE "C" NOT NULL,
    "end"     text COLLATE "C",
    note      text COLLATE "C",
    CHECK ("end" IS NULL OR "end" >= start)
);
CREATE INDEX position_org ON position(org_id, post);
CREATE INDEX position_member ON position(member_id);

CREATE TABLE activity (
    id          bigint PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES org(id),
    kind        text COLLATE "C" NOT NULL,
    title       text COLLATE "C" NOT NULL,
    topic       text COLLATE "C",
    starts_at   text COLLATE "C" NOT NULL,
    ends_at     text COLLATE "C",
    place       text COLLATE "C",
    host_id     bigint REFERENCES member(id),
    recorder_id bigint REFERENCES member(id),
    lecturer_id bigint REFERENCES member(id),
    attrs       text COLLATE "C" NOT NULL DEFAULT '{}' CHECK (json_valid(attrs) AND json_type(attrs) = 'object'),
    CHECK (ends_at IS NULL OR ends_at >= starts_at)
);
CREATE INDEX activity_org ON activity(org_id, kind, starts_at);

CREATE TABLE attendance (
    id          bigint PRIMARY KEY,
    activity_id bigint NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    member_id   bigint NOT NULL REFERENCES member(id),
    state       text COLLATE "C" NOT NULL CHECK (state IN ('present', 'absent', 'leave', 'late')),
    reason      text COLLATE "C",
    UNIQUE (activity_id, member_id)
);
CREATE INDEX attendance_member ON attendance(member_id);

CREATE TABLE guest (
    id          bigint PRIMARY KEY,
    activity_id bigint NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    name        text COLLATE "C" NOT NULL,
    affiliation text COLLATE "C",
    role        text COLLATE "C" NOT NULL
);
CREATE INDEX guest_activity ON guest(activity_id);

CREATE TABLE agenda_item (
    id          bigint PRIMARY KEY,
    activity_id bigint NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    seq         bigint NOT NULL,
    segment     text COLLATE "C" NOT NULL,
    title       text COLLATE "C",
    UNIQUE (activity_id, seq)
);

-- Content-addressed file bytes: one row per distinct SHA-256.
CREATE TABLE blob (
    sha256 text COLLATE "C" PRIMARY KEY CHECK (length(sha256) = 64),
    size   bigint NOT NULL,
    data   bytea NOT NULL
);

CREATE TABLE artifact (
    id          bigint PRIMARY KEY,
    activity_id bigint REFERENCES activity(id) ON DELETE CASCADE,
    member_id   bigint REFERENCES member(id) ON DELETE CASCADE,
    org_id      bigint REFERENCES org(id),
    type        text COLLATE "C" NOT NULL,
    title       text COLLATE "C",
    issued_at   text COLLATE "C",
    sha256      text COLLATE "C" CHECK (sha256 IS NULL OR length(sha256) = 64),
    size        bigint,
    path        text COLLATE "C",
    mime        text COLLATE "C",
    attrs       text COLLATE "C" NOT NULL DEFAULT '{}' CHECK (json_valid(attrs) AND json_type(attrs) = 'object'),
    CHECK (num_nonnulls(activity_id, member_id, org_id) = 1)
);
CREATE INDEX artifact_activity ON artifact(activity_id, type);
CREATE INDEX artifact_member ON artifact(member_id) WHERE member_id IS NOT NULL;
CREATE INDEX artifact_org ON artifact(org_id) WHERE org_id IS NOT NULL;

CREATE TABLE transfer (
    id           bigint PRIMARY KEY,
    member_id    bigint NOT NULL REFERENCES member(id),
    org_id       bigint NOT NULL REFERENCES org(id),
    direction    text COLLATE "C" NOT NULL CHECK (direction IN ('in', 'out')),
    letter_date  text COLLATE "C" NOT NULL,
    other_org    text COLLATE "C",
    letter_no    text COLLATE "C",
    valid_days   bigint NOT NULL DEFAULT 0 CHECK (valid_days >= 0),
    receipt_date text COLLATE "C",
    status       text COLLATE "C" NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'cancelled')),
    note         text COLLATE "C"
);
CREATE INDEX transfer_member ON transfer(member_id);
