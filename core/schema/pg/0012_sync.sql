-- PostgreSQL twin of core/schema/0012_sync.sql (drafted by tools/schema_to_pg.py, then reviewed).
-- qufa schema: the organ's side of sync (docs/sync.md). For every branch that pushes, the
-- audit entries and seals it sent, verbatim, and how far the organ has acknowledged. Keyed by
-- (branch, seq) and without an `id` column: the organ keeps the branches' own hash chains, and
-- its audit log does not log them a second time. Plain SQL both backends accept.
CREATE TABLE sync_branch (
    name       text COLLATE "C" PRIMARY KEY,
    acked_seq  bigint NOT NULL DEFAULT 0,
    acked_hash text COLLATE "C" NOT NULL,
    seals      bigint NOT NULL DEFAULT 0,
    first_push text COLLATE "C" NOT NULL,
    last_push  text COLLATE "C" NOT NULL
);
CREATE TABLE sync_seal (
    branch    text COLLATE "C" NOT NULL REFERENCES sync_branch(name),
    first_seq bigint NOT NULL,
    last_seq  bigint NOT NULL,
    at        text COLLATE "C" NOT NULL,
    prev_hash text COLLATE "C" NOT NULL,
    hash      text COLLATE "C" NOT NULL,
    PRIMARY KEY (branch, last_seq)
);
CREATE TABLE sync_entry (
    branch text COLLATE "C" NOT NULL REFERENCES sync_branch(name),
    seq    bigint NOT NULL,
    at     text COLLATE "C",
    actor  text COLLATE "C",
    action text COLLATE "C" NOT NULL,
    tbl    text COLLATE "C" NOT NULL,
    row_id bigint NOT NULL,
    before text COLLATE "C",
    after  text COLLATE "C",
    PRIMARY KEY (branch, seq)
);
