-- qufa schema 1: the record store.
-- Dates are text "YYYY-MM-DD", date-times "YYYY-MM-DD HH:MM" (local wall clock), so any SQLite
-- client reads them; an open end date is NULL. Every record table has an INTEGER PRIMARY KEY id
-- so the audit log can name rows.

-- The audit log (see core/src/audit.c): triggers generated from each table's columns append
-- one entry per written row; every transaction seals its entries into a SHA-256 chain.
CREATE TABLE audit_ctx (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    actor TEXT NOT NULL,
    at    TEXT NOT NULL
);
CREATE TABLE audit_log (
    seq    INTEGER PRIMARY KEY,
    at     TEXT,
    actor  TEXT,
    action TEXT NOT NULL,
    tbl    TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    before TEXT,
    after  TEXT
);
CREATE INDEX audit_log_row ON audit_log(tbl, row_id, seq);
CREATE TABLE audit_seal (
    id        INTEGER PRIMARY KEY,
    first_seq INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL,
    at        TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TABLE vocab (
    id       INTEGER PRIMARY KEY,
    vocab    TEXT NOT NULL,
    code     TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    label_zh TEXT,
    label_en TEXT,
    builtin  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (vocab, code)
);

CREATE TABLE org (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES org(id),
    kind      TEXT NOT NULL CHECK (kind IN ('committee', 'general_branch', 'branch', 'group')),
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    attrs     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs) AND json_type(attrs) = 'object')
);
CREATE INDEX org_parent ON org(parent_id);

CREATE TABLE member (
    id         INTEGER PRIMARY KEY,
    code       TEXT UNIQUE,
    name       TEXT NOT NULL,
    gender     TEXT CHECK (gender IN ('male', 'female')),
    birth_date TEXT,
    joined     TEXT,
    phone      TEXT,
    id_number  TEXT,
    attrs      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs) AND json_type(attrs) = 'object')
);
CREATE INDEX member_name ON member(name);

-- Dated status history: the status on day D is the row with the latest since <= D.
CREATE TABLE member_status (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    status    TEXT NOT NULL
              CHECK (status IN ('applicant', 'activist', 'candidate', 'probationary', 'full')),
    since     TEXT NOT NULL,
    note      TEXT,
    UNIQUE (member_id, since)
);

-- Membership of an org (a branch, or a party group) over [start, end].
CREATE TABLE membership (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    org_id    INTEGER NOT NULL REFERENCES org(id),
    start     TEXT NOT NULL,
    end       TEXT,
    CHECK (end IS NULL OR end >= start)
);
CREATE INDEX membership_org ON membership(org_id, start);
CREATE INDEX membership_member ON membership(member_id, start);

CREATE TABLE member_flag (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    flag      TEXT NOT NULL,
    start     TEXT NOT NULL,
    end       TEXT,
    CHECK (end IS NULL OR end >= start)
);
CREATE INDEX member_flag_member ON member_flag(member_id, flag);

CREATE TABLE position (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES member(id),
    org_id    INTEGER NOT NULL REFERENCES org(id),
    post      TEXT NOT NULL,
    start     TEXT NOT NULL,
    end       TEXT,
    note      TEXT,
    CHECK (end IS NULL OR end >= start)
);
CREATE INDEX position_org ON position(org_id, post);
CREATE INDEX position_member ON position(member_id);

CREATE TABLE activity (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    topic       TEXT,
    starts_at   TEXT NOT NULL,
    ends_at     TEXT,
    place       TEXT,
    host_id     INTEGER REFERENCES member(id),
    recorder_id INTEGER REFERENCES member(id),
    lecturer_id INTEGER REFERENCES member(id),
    attrs       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs) AND json_type(attrs) = 'object'),
    CHECK (ends_at IS NULL OR ends_at >= starts_at)
);
CREATE INDEX activity_org ON activity(org_id, kind, starts_at);

CREATE TABLE attendance (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES member(id),
    state       TEXT NOT NULL CHECK (state IN ('present', 'absent', 'leave', 'late')),
    reason      TEXT,
    UNIQUE (activity_id, member_id)
);
CREATE INDEX attendance_member ON attendance(member_id);

CREATE TABLE guest (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    affiliation TEXT,
    role        TEXT NOT NULL
);
CREATE INDEX guest_activity ON guest(activity_id);

CREATE TABLE agenda_item (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    segment     TEXT NOT NULL,
    title       TEXT,
    UNIQUE (activity_id, seq)
);

-- Content-addressed file bytes: one row per distinct SHA-256.
CREATE TABLE blob (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE artifact (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER REFERENCES activity(id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES member(id) ON DELETE CASCADE,
    org_id      INTEGER REFERENCES org(id),
    type        TEXT NOT NULL,
    title       TEXT,
    issued_at   TEXT,
    sha256      TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    size        INTEGER,
    path        TEXT,
    mime        TEXT,
    attrs       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs) AND json_type(attrs) = 'object'),
    CHECK ((activity_id IS NOT NULL) + (member_id IS NOT NULL) + (org_id IS NOT NULL) = 1)
);
CREATE INDEX artifact_activity ON artifact(activity_id, type);
CREATE INDEX artifact_member ON artifact(member_id) WHERE member_id IS NOT NULL;
CREATE INDEX artifact_org ON artifact(org_id) WHERE org_id IS NOT NULL;

CREATE TABLE transfer (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES member(id),
    org_id       INTEGER NOT NULL REFERENCES org(id),
    direction    TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    letter_date  TEXT NOT NULL,
    other_org    TEXT,
    letter_no    TEXT,
    valid_days   INTEGER NOT NULL DEFAULT 0 CHECK (valid_days >= 0),
    receipt_date TEXT,
    status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'cancelled')),
    note         TEXT
);
CREATE INDEX transfer_member ON transfer(member_id);
