-- +goose Up
-- A cell's meetings, planned or held. The attendance counts are kept here as
-- well as per member, so that rates for a whole subtree and period read one
-- row per meeting (about 190k a year for a province of 300k members).
CREATE TABLE meetings (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  kind TEXT NOT NULL,
  topic TEXT NOT NULL DEFAULT '',
  held_on TEXT NOT NULL,
  starts_at TEXT NOT NULL DEFAULT '',
  minutes INTEGER NOT NULL DEFAULT 0,
  place TEXT NOT NULL DEFAULT '',
  chair TEXT NOT NULL DEFAULT '',
  secretary TEXT NOT NULL DEFAULT '',
  agenda TEXT NOT NULL DEFAULT '',
  record TEXT NOT NULL DEFAULT '',
  guests TEXT NOT NULL DEFAULT '',
  docs_on TEXT,
  expected INTEGER NOT NULL DEFAULT 0,
  present INTEGER NOT NULL DEFAULT 0,
  excused INTEGER NOT NULL DEFAULT 0,
  unexcused INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX meetings_org ON meetings(org_id, held_on);
CREATE INDEX meetings_path ON meetings(org_path, held_on, expected, present, excused, unexcused);

-- One row per member who had to attend a meeting. held_on and org_path are
-- the meeting's, copied so a member's or a subtree's record reads one index.
CREATE TABLE meeting_attendance (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  status TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  held_on TEXT NOT NULL,
  org_path TEXT NOT NULL,
  PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX attendance_member ON meeting_attendance(member_id, held_on);
CREATE INDEX attendance_unexcused ON meeting_attendance(org_path, held_on, member_id) WHERE status = 'unexcused';

-- What each member's monthly fee is worked out from (history in the audit).
CREATE TABLE fee_profiles (
  member_id INTEGER PRIMARY KEY REFERENCES members(id),
  category TEXT NOT NULL,
  base BIGINT NOT NULL DEFAULT 0,
  tier INTEGER NOT NULL DEFAULT 0,
  past_working_age INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);

-- One row per member and month on the cell's collection sheet: what was due
-- and, once paid, what and when. Unpaid rows are few, so arrears read a
-- partial index.
CREATE TABLE fee_months (
  member_id INTEGER NOT NULL REFERENCES members(id),
  month TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  due BIGINT NOT NULL,
  paid BIGINT NOT NULL DEFAULT 0,
  paid_on TEXT,
  PRIMARY KEY (member_id, month)
);
CREATE INDEX fee_months_org ON fee_months(org_id, month);
CREATE INDEX fee_months_unpaid ON fee_months(org_path, month, member_id, due) WHERE paid_on IS NULL;

-- Per cell and month: the sums of fee_months, kept in the same transaction,
-- so a province's report reads one row per cell and month.
CREATE TABLE fee_totals (
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  month TEXT NOT NULL,
  org_path TEXT NOT NULL,
  members INTEGER NOT NULL DEFAULT 0,
  members_paid INTEGER NOT NULL DEFAULT 0,
  due BIGINT NOT NULL DEFAULT 0,
  paid BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, month)
);
CREATE INDEX fee_totals_path ON fee_totals(org_path, month, members, members_paid, due, paid);

-- +goose Down
DROP TABLE fee_totals;
DROP TABLE fee_months;
DROP TABLE fee_profiles;
DROP TABLE meeting_attendance;
DROP TABLE meetings;
