-- PostgreSQL twin of core/schema/0009_performance.sql (drafted by tools/schema_to_pg.py, then reviewed).
-- qufa schema: changes for speed (docs/performance.md has the measurements).
--
-- 1. The attendance and member_status CHECK constraints without IN (…).
-- SQLite evaluates `x IN ('a', 'b', 'c')` (three or more constants) by building an ephemeral
-- table, and a CHECK constraint builds it again for every row written: measured, that was a
-- third of the cost of inserting an attendance row (~27,000 instructions of ~80,000). An OR of
-- equalities checks the same thing without it. The tables are rebuilt with the same columns
-- in the same order, so their audit images do not change; their audit triggers are dropped with
-- them and regenerated after this file runs. Nothing references these two tables, so the
-- rebuild cannot break a foreign key. Written to be harmless if run twice.

CREATE TABLE attendance_rebuilt (
    id          bigint PRIMARY KEY,
    activity_id bigint NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    member_id   bigint NOT NULL REFERENCES member(id),
    state       text COLLATE "C" NOT NULL
                CHECK (state = 'present' OR state = 'absent' OR state = 'leave' OR state = 'late'),
    reason      text COLLATE "C",
    UNIQUE (activity_id, member_id)
);
INSERT INTO attendance_rebuilt (id, activity_id, member_id, state, reason)
    SELECT id, activity_id, member_id, state, reason FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_rebuilt RENAME TO attendance;
CREATE INDEX attendance_member ON attendance(member_id);
CREATE INDEX attendance_cover ON attendance(activity_id, member_id, state);

CREATE TABLE member_status_rebuilt (
    id        bigint PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES member(id) ON DELETE CASCADE,
    status    text COLLATE "C" NOT NULL
              CHECK (status = 'applicant' OR status = 'activist' OR status = 'candidate'
                     OR status = 'probationary' OR status = 'full'),
    since     text COLLATE "C" NOT NULL,
    note      text COLLATE "C",
    UNIQUE (member_id, since)
);
INSERT INTO member_status_rebuilt (id, member_id, status, since, note)
    SELECT id, member_id, status, since, note FROM member_status;
DROP TABLE member_status;
ALTER TABLE member_status_rebuilt RENAME TO member_status;

-- 2. The engine reads each activity's artifacts as (activity_id, id, type, issued_at): with
-- issued_at in the index it never visits the artifact table (a third of the time it spent
-- reading artifacts). Same number of indexes, so writing an artifact costs what it did.
DROP INDEX IF EXISTS artifact_activity;
CREATE INDEX artifact_activity ON artifact(activity_id, type, issued_at);

-- 3. Transfers by org: a check function lists each branch's transfers (TXGD/3, /4), and without
-- an index every list read the whole table (a deployment check grew as the square of its size).
CREATE INDEX IF NOT EXISTS transfer_org ON transfer(org_id);
