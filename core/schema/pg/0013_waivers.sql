-- PostgreSQL twin of core/schema/0013_waivers.sql (drafted by tools/schema_to_pg.py, then reviewed).
-- qufa schema 13: waivers (情况说明). A branch records that a finding is explained: which
-- clause (standard, clause, optionally one requirement) and which subjects of one org (a glob
-- over the part of the finding's key after "ORG/": "period/2017-08-H1", "activity/17",
-- "period/2017-0[78]-*"), why, who recorded it and who approved it (two different people),
-- and the days it holds. While it holds, a matching finding is `waived` (not a failure);
-- judged on a later day, the finding shows as it is with "waiver expired on …".
-- `end` shortens valid_until and says when and why (`ended`, `end_note`); the audit log keeps
-- the day it was approved for.
CREATE TABLE waiver (
    id          bigint PRIMARY KEY,
    org_id      bigint NOT NULL REFERENCES org(id),
    standard    text COLLATE "C" NOT NULL,
    clause      text COLLATE "C" NOT NULL,
    requirement bigint NOT NULL DEFAULT 0 CHECK (requirement >= 0), -- 0 = every requirement
    subject     text COLLATE "C" NOT NULL CHECK (length(subject) > 0),
    reason      text COLLATE "C" NOT NULL CHECK (length(reason) > 0),
    recorded_by text COLLATE "C" NOT NULL CHECK (length(recorded_by) > 0),
    approved_by text COLLATE "C" NOT NULL CHECK (length(approved_by) > 0),
    valid_from  text COLLATE "C" NOT NULL,
    valid_until text COLLATE "C" NOT NULL,
    recorded_on text COLLATE "C" NOT NULL,
    ended       text COLLATE "C",
    end_note    text COLLATE "C",
    CHECK (recorded_by <> approved_by),
    CHECK (valid_from <= valid_until)
);
CREATE INDEX waiver_org ON waiver(org_id);
