-- qufa schema: the organ's side of sync (docs/sync.md). For every branch that pushes, the
-- audit entries and seals it sent, verbatim, and how far the organ has acknowledged. Keyed by
-- (branch, seq) and without an `id` column: the organ keeps the branches' own hash chains, and
-- its audit log does not log them a second time. Plain SQL both backends accept.
CREATE TABLE sync_branch (
    name       TEXT PRIMARY KEY,
    acked_seq  INTEGER NOT NULL DEFAULT 0,
    acked_hash TEXT NOT NULL,
    seals      INTEGER NOT NULL DEFAULT 0,
    first_push TEXT NOT NULL,
    last_push  TEXT NOT NULL
);
CREATE TABLE sync_seal (
    branch    TEXT NOT NULL REFERENCES sync_branch(name),
    first_seq INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL,
    at        TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    PRIMARY KEY (branch, last_seq)
);
CREATE TABLE sync_entry (
    branch TEXT NOT NULL REFERENCES sync_branch(name),
    seq    INTEGER NOT NULL,
    at     TEXT,
    actor  TEXT,
    action TEXT NOT NULL,
    tbl    TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    before TEXT,
    after  TEXT,
    PRIMARY KEY (branch, seq)
);
