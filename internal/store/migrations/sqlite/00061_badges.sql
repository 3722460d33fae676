-- +goose Up
-- Party badges awarded, one per member and years; the number is the
-- provincial organisation's code and a serial from badge_series.
CREATE TABLE badge_awards (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  years INTEGER NOT NULL,
  award_date TEXT NOT NULL,
  number TEXT NOT NULL UNIQUE,
  decision TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at TEXT NOT NULL,
  UNIQUE (member_id, years)
);
CREATE INDEX badge_awards_date ON badge_awards(award_date);

-- The last serial given under each prefix: taken by one UPDATE … RETURNING,
-- so two awards recorded at once never share a number.
CREATE TABLE badge_series (
  prefix TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);

-- What the events do not show of a member's party age: periods without
-- party activity, and a serious illness from its day (the badge early).
CREATE TABLE party_age_notes (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  kind TEXT NOT NULL,              -- break, ill
  from_date TEXT NOT NULL,
  to_date TEXT,
  note TEXT NOT NULL,
  created_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX party_age_notes_member ON party_age_notes(member_id);

-- The members due a badge on an award date are found by the day their
-- party age starts; the path and status beside it answer a subtree and
-- the official members from the index alone.
CREATE INDEX members_admission_decision ON members(admission_decision_date, org_path, status);

-- +goose Down
DROP INDEX members_admission_decision;
DROP TABLE party_age_notes;
DROP TABLE badge_series;
DROP TABLE badge_awards;
