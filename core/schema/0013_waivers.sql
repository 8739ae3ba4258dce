-- qufa schema 13: waivers (情况说明). A branch records that a finding is explained: which
-- clause (standard, clause, optionally one requirement) and which subjects of one org (a glob
-- over the part of the finding's key after "ORG/": "period/2017-08-H1", "activity/17",
-- "period/2017-0[78]-*"), why, who recorded it and who approved it (two different people),
-- and the days it holds. While it holds, a matching finding is `waived` (not a failure);
-- judged on a later day, the finding shows as it is with "waiver expired on …".
-- `end` shortens valid_until and says when and why (`ended`, `end_note`); the audit log keeps
-- the day it was approved for.
CREATE TABLE waiver (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES org(id),
    standard    TEXT NOT NULL,
    clause      TEXT NOT NULL,
    requirement INTEGER NOT NULL DEFAULT 0 CHECK (requirement >= 0), -- 0 = every requirement
    subject     TEXT NOT NULL CHECK (length(subject) > 0),
    reason      TEXT NOT NULL CHECK (length(reason) > 0),
    recorded_by TEXT NOT NULL CHECK (length(recorded_by) > 0),
    approved_by TEXT NOT NULL CHECK (length(approved_by) > 0),
    valid_from  TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    recorded_on TEXT NOT NULL,
    ended       TEXT,
    end_note    TEXT,
    CHECK (recorded_by <> approved_by),
    CHECK (valid_from <= valid_until)
);
CREATE INDEX waiver_org ON waiver(org_id);
