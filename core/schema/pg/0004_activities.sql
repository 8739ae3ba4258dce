-- PostgreSQL twin of core/schema/0004_activities.sql (drafted by tools/schema_to_pg.py, then reviewed).
-- qufa schema: activities and artifacts.
-- Written with IF NOT EXISTS so it stays harmless if it is ever run twice while migration
-- files are renumbered on merge.

-- Listing activities by date across all orgs (a year's ledger) without a full scan.
CREATE INDEX IF NOT EXISTS activity_start ON activity(starts_at);

-- Finding the artifacts that keep a blob alive (stored content: a digest and no external path).
CREATE INDEX IF NOT EXISTS artifact_stored ON artifact(sha256) WHERE sha256 IS NOT NULL AND path IS NULL;

-- A blob lives as long as an artifact stores it. Done in the schema rather than in C so that
-- cascades (deleting an activity or a member deletes its artifacts) clean up too. The same
-- when an artifact's content reference is changed by an update (qufa's own update keeps it;
-- this covers edits through other tools).
CREATE OR REPLACE FUNCTION qf_artifact_blob_gc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.sha256 IS NOT NULL AND OLD.path IS NULL
       AND NOT EXISTS (SELECT 1 FROM artifact WHERE sha256 = OLD.sha256 AND path IS NULL) THEN
        DELETE FROM blob WHERE sha256 = OLD.sha256;
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER artifact_blob_gc AFTER DELETE ON artifact
    FOR EACH ROW EXECUTE FUNCTION qf_artifact_blob_gc();
CREATE OR REPLACE TRIGGER artifact_blob_gc_update AFTER UPDATE OF sha256, path ON artifact
    FOR EACH ROW EXECUTE FUNCTION qf_artifact_blob_gc();
