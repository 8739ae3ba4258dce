-- qufa schema 16: an assessment saved as its check streams (`qufa check --save`,
-- qf_check_options.save) keeps its findings in assessment_branch only, one row per branch (set
-- aside as the branch is judged, written when the check has ended), so saving a deployment of
-- 10,000 branches holds one branch's findings at a time; `assessment.findings` is then the empty array and `by_branch` is 1
-- (qf_assessment_load reads the branches' rows). An assessment saved from a whole result
-- (`result:save()`, qf_assessment_save) keeps every finding in `assessment.findings` as before.
ALTER TABLE assessment_run ADD COLUMN by_branch INTEGER NOT NULL DEFAULT 0 CHECK (by_branch IN (0, 1));
