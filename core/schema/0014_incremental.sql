-- qufa schema 14: incremental re-checks (`qufa check --since ASSESSMENT`). An assessment keeps
-- what a later check needs to reuse it branch by branch: the last audit entry its check saw
-- (every write since is in the audit log after it, so the branches a change touches are known
-- without judging anything), the standard it was limited to, and per branch the fingerprint of
-- the rows and standard revisions read and the branch's findings (JSON, as in `findings`).
-- Neither table has an `id`: they are not audited (the assessment row that owns them is), so a
-- saved result does not enter the audit log twice. They are tables of their own, not columns
-- of `assessment`: a column after `findings` is read through all of its overflow pages.
CREATE TABLE assessment_run (
    assessment_id INTEGER PRIMARY KEY REFERENCES assessment(id) ON DELETE CASCADE,
    audit_seq     INTEGER NOT NULL,
    standard      TEXT
);
CREATE TABLE assessment_branch (
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    branch_id     INTEGER NOT NULL,
    fingerprint   TEXT NOT NULL CHECK (length(fingerprint) = 48),
    findings      TEXT NOT NULL CHECK (json_valid(findings)),
    PRIMARY KEY (assessment_id, branch_id)
);
