-- qufa schema 10: the reminder ledger keeps what a reminder says as a message id with its
-- arguments (JSON, see core/src/base/msg.h), rendered in the reader's language and relative to
-- the reader's today when shown. The text columns keep a rendering as of the last change, for
-- readers outside qufa (the sqlite3 shell); qufa itself renders from the *_ref columns.
ALTER TABLE reminder ADD COLUMN title_ref TEXT CHECK (title_ref IS NULL OR json_valid(title_ref));
ALTER TABLE reminder ADD COLUMN message_ref TEXT CHECK (message_ref IS NULL OR json_valid(message_ref));
ALTER TABLE reminder ADD COLUMN subject_ref TEXT CHECK (subject_ref IS NULL OR json_valid(subject_ref));
