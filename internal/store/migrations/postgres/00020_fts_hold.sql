-- +goose Up
-- SQLite only (a bulk import holds back the FTS5 row trigger); PostgreSQL's
-- search vector is a generated column and has no trigger to hold back.
SELECT 1;

-- +goose Down
SELECT 1;
