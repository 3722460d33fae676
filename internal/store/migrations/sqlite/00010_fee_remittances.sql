-- +goose Up
-- Party fees actually sent up: from an organisation to the one above it,
-- for a month, on a day. What should be sent comes from the shares table;
-- this records what was.
CREATE TABLE fee_remittances (
  id INTEGER PRIMARY KEY,
  from_org_id INTEGER NOT NULL REFERENCES orgs(id),
  to_org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  month TEXT NOT NULL,
  amount BIGINT NOT NULL,
  paid_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX fee_remittances_from ON fee_remittances(from_org_id, month);
CREATE INDEX fee_remittances_path ON fee_remittances(org_path, month);

-- +goose Down
DROP TABLE fee_remittances;
