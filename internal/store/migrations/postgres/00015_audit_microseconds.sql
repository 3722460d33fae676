-- Audit times are hashed as stored, in microseconds. Rows written before
-- were hashed with the clock's nanoseconds, which TIMESTAMPTZ rounded away:
-- the verifier checks rows up to legacy_upto within that rounding.
-- +goose Up
ALTER TABLE audit_head ADD COLUMN legacy_upto BIGINT NOT NULL DEFAULT 0;
UPDATE audit_head SET legacy_upto = seq;

-- +goose Down
ALTER TABLE audit_head DROP COLUMN legacy_upto;
