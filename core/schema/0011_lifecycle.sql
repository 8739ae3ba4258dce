-- qufa schema: the member lifecycle the rules expect (issue 14).
--
-- 1. 民主评议党员 results: one per member and year (优秀 / 合格 / 基本合格 / 不合格), kept by the
-- branch that appraised the member, optionally tied to the appraisal meeting. The one-third
-- ceiling on 优秀 is a rule judged by the standards (GY1-ZZSHH, ZBGZTL/6.4), not a constraint:
-- the records say what the branch decided, the check says whether that was within the rules.
-- An appraisal result is a record of what happened, like attendance: a member or a meeting
-- with results is not deleted while they refer to it (no cascade).
CREATE TABLE appraisal (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member(id),
    org_id      INTEGER NOT NULL REFERENCES org(id),
    year        INTEGER NOT NULL CHECK (year BETWEEN 1921 AND 9999),
    result      TEXT NOT NULL
                CHECK (result = 'excellent' OR result = 'qualified'
                       OR result = 'basically_qualified' OR result = 'unqualified'),
    activity_id INTEGER REFERENCES activity(id),
    note        TEXT,
    UNIQUE (member_id, year)
);
-- listing a branch's results of a year (the check reads them once per appraisal)
CREATE INDEX appraisal_org_year ON appraisal(org_id, year);

-- 2. The transfer letter carries 党费交至 (the month up to which the member's dues are paid,
-- 'YYYY-MM'; DOMAIN.md appendix C). NULL: not recorded (older letters).
ALTER TABLE transfer ADD COLUMN dues_paid_to TEXT;

-- 3. Built-in terms the branch standards use: the evidence an organizational life meeting
-- leaves (征求意见汇总, 对照检查材料 per committee member, 整改清单), and the post a committee
-- member holds while on duty (支部委员轮值制度). A database where a user already defined one of
-- these codes keeps the user's labels.
INSERT INTO vocab (vocab, code, label_zh, label_en, builtin) VALUES
 ('artifact_type', 'opinions', '征求意见汇总', 'opinions collected', 1),
 ('artifact_type', 'self_review', '对照检查材料', 'self-review statement', 1),
 ('artifact_type', 'rectification', '整改清单', 'rectification list', 1),
 ('post', 'on_duty', '轮值委员', 'committee member on duty', 1)
ON CONFLICT (vocab, code) DO NOTHING;
