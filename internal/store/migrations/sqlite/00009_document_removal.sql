-- +goose Up
-- A document attached by mistake is taken off the meeting, not deleted: it
-- stays in the table, hidden, with who removed it and when.
ALTER TABLE meeting_documents ADD COLUMN removed_at TEXT;
ALTER TABLE meeting_documents ADD COLUMN removed_by INTEGER;

-- +goose Down
SELECT 1;
