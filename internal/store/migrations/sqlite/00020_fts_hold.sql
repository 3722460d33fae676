-- +goose Up
-- A bulk import holds the row trigger back while it writes members (a row
-- here, in its own transaction) and writes the full-text rows in one
-- INSERT … SELECT afterwards: the trigger, fired per row inside a statement
-- that opens a savepoint, made FTS5 flush its pending index at every row.
CREATE TABLE member_fts_hold (id INTEGER PRIMARY KEY CHECK (id = 1));
DROP TRIGGER members_fts_ins;
-- +goose StatementBegin
CREATE TRIGGER members_fts_ins AFTER INSERT ON members WHEN NOT EXISTS (SELECT 1 FROM member_fts_hold) BEGIN
  INSERT INTO member_fts(rowid, name_fold, card_number, citizen_id) VALUES (new.id, new.name_fold, new.card_number, new.citizen_id);
END;
-- +goose StatementEnd

-- +goose Down
SELECT 1;
