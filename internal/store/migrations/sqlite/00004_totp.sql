-- +goose Up
-- The optional second sign-in factor (TOTP, RFC 6238): the account's secret
-- once confirmed, one being set up, and the step of the last code accepted
-- (a code works once).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
-- A session whose password was right but whose code is still awaited.
ALTER TABLE sessions ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;

-- +goose Down
SELECT 1;
