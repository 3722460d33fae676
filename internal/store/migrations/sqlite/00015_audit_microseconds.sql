-- Audit times are hashed as stored, in microseconds. SQLite stores the very
-- text each row was hashed with (older rows the nanosecond RFC 3339 form),
-- so its rows need no marker; the number is kept in step with PostgreSQL.
-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
