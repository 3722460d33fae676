-- +goose Up
-- An API token may stop working at a set time (dangvien token create --expires 90d).
ALTER TABLE tokens ADD COLUMN expires_at TEXT;
CREATE INDEX tokens_user ON tokens(user_id);
-- /healthz writes this one row to prove the database takes writes.
CREATE TABLE heartbeat (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at TEXT NOT NULL
);
INSERT INTO heartbeat (id, at) VALUES (1, '1970-01-01T00:00:00.000000Z');

-- +goose Down
SELECT 1;
