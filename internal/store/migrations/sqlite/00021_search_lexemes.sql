-- +goose Up
-- PostgreSQL only (its search vector takes search_text's terms as they
-- are); SQLite's full-text index is FTS5 and does not change.
SELECT 1;

-- +goose Down
SELECT 1;
