-- +goose Up
-- A password someone else set (a new account's, a reset one) must be
-- changed by the account's holder at the next sign-in.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

-- +goose Down
SELECT 1;
