-- +goose Up
-- The admission has two dates (RULES.md, Probation and recognition): the
-- decision's (party age, badges, the fee exemption at 50 years) and the
-- ceremony's (probation, the official date), which admission_date has held
-- so far. Records kept before both were known get the ceremony's day as
-- their decision's and are marked to be completed (admission_unconfirmed:
-- "Ngày quyết định kết nạp chưa được xác nhận") until someone confirms it.
-- An admission event carries the decision's date beside its own (the
-- ceremony's); those recorded before are left blank: not known.
ALTER TABLE members ADD COLUMN admission_decision_date DATE;
ALTER TABLE members ADD COLUMN admission_unconfirmed BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE members SET admission_decision_date = admission_date, admission_unconfirmed = TRUE WHERE admission_date IS NOT NULL;
-- The records to complete, listed in name order.
CREATE INDEX members_admission_unconfirmed ON members(sort_key) WHERE admission_unconfirmed;
ALTER TABLE member_events ADD COLUMN decision_date DATE;

-- +goose Down
DROP INDEX members_admission_unconfirmed;
ALTER TABLE member_events DROP COLUMN decision_date;
ALTER TABLE members DROP COLUMN admission_unconfirmed;
ALTER TABLE members DROP COLUMN admission_decision_date;
