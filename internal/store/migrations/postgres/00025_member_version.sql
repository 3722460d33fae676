-- +goose Up
-- Every change of a member record raises its version in the same UPDATE
-- (… SET version = version + 1 WHERE id = ? AND version = ?), so a change
-- made from an older version is refused instead of silently lost: the API's
-- ETag and If-Match, the edit form's conflict screen.
ALTER TABLE members ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE members DROP COLUMN version;
