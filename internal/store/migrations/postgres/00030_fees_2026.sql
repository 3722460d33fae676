-- +goose Up
-- Party fees under Quy định 01-QĐ/TW (from 1/2/2026) beside 342-QĐ/TW:
-- exemptions on application, reductions by decision, the regional minimum
-- wages and each organisation's region as dated tables, a cell's own share,
-- how each month's due was worked out, and reversed payments (kept).
ALTER TABLE fee_profiles ADD COLUMN exemption TEXT NOT NULL DEFAULT '';
ALTER TABLE fee_months ADD COLUMN basis TEXT NOT NULL DEFAULT '';
ALTER TABLE orgs ADD COLUMN fee_keep_pct INTEGER;

CREATE TABLE fee_reductions (
  id BIGSERIAL PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES members(id),
  pct INTEGER NOT NULL,
  from_month TEXT NOT NULL,
  to_month TEXT NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX fee_reductions_member ON fee_reductions(member_id, from_month);

-- The regional minimum wage (lương tối thiểu vùng), by region I–IV, from a day.
CREATE TABLE min_wages (
  id BIGSERIAL PRIMARY KEY,
  region INTEGER NOT NULL,
  amount BIGINT NOT NULL,
  valid_from TEXT NOT NULL,
  source TEXT NOT NULL,
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (region, valid_from)
);
INSERT INTO min_wages (region, amount, valid_from, source, created_at) VALUES
  (1, 4960000, '2024-07-01', 'Nghị định 74/2024/NĐ-CP', '2026-01-01T00:00:00.000000Z'),
  (2, 4410000, '2024-07-01', 'Nghị định 74/2024/NĐ-CP', '2026-01-01T00:00:00.000000Z'),
  (3, 3860000, '2024-07-01', 'Nghị định 74/2024/NĐ-CP', '2026-01-01T00:00:00.000000Z'),
  (4, 3450000, '2024-07-01', 'Nghị định 74/2024/NĐ-CP', '2026-01-01T00:00:00.000000Z'),
  (1, 5310000, '2026-01-01', 'Nghị định 293/2025/NĐ-CP', '2026-01-01T00:00:00.000000Z'),
  (2, 4730000, '2026-01-01', 'Nghị định 293/2025/NĐ-CP', '2026-01-01T00:00:00.000000Z'),
  (3, 4140000, '2026-01-01', 'Nghị định 293/2025/NĐ-CP', '2026-01-01T00:00:00.000000Z'),
  (4, 3700000, '2026-01-01', 'Nghị định 293/2025/NĐ-CP', '2026-01-01T00:00:00.000000Z');

-- The region of an organisation from a day; a member's is the one of the
-- nearest organisation above their cell (or the cell) that has one.
CREATE TABLE org_regions (
  id BIGSERIAL PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  region INTEGER NOT NULL,
  valid_from TEXT NOT NULL,
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (org_id, valid_from)
);

-- A payment taken back, with its reason: the month is unpaid again and the
-- payment stays on record.
CREATE TABLE fee_reversals (
  id BIGSERIAL PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES members(id),
  month TEXT NOT NULL,
  amount BIGINT NOT NULL,
  paid_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX fee_reversals_member ON fee_reversals(member_id, month);

-- Versions of the party's rules added by an administrator; the versions
-- compiled into the program are the base.
CREATE TABLE rule_versions (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  value INTEGER NOT NULL,
  source TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (name, valid_from)
);

-- +goose Down
DROP TABLE rule_versions;
DROP TABLE fee_reversals;
DROP TABLE org_regions;
DROP TABLE min_wages;
DROP TABLE fee_reductions;
ALTER TABLE orgs DROP COLUMN fee_keep_pct;
ALTER TABLE fee_months DROP COLUMN basis;
ALTER TABLE fee_profiles DROP COLUMN exemption;
