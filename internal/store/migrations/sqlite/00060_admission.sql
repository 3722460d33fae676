-- +goose Up
-- Candidates for admission (quần chúng ưu tú) of a cell. Their personal
-- fields are the member record's, kept whole in fields_json and made into
-- the record at the ceremony; the columns beside them are what lists sort
-- and filter by.
CREATE TABLE candidates (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  full_name TEXT NOT NULL,
  sort_key BLOB NOT NULL,
  gender TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  citizen_id TEXT,
  source TEXT NOT NULL,
  fields_json TEXT NOT NULL,
  status TEXT NOT NULL,            -- open, admitted, withdrawn
  status_note TEXT NOT NULL DEFAULT '',
  member_id INTEGER REFERENCES members(id),
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX candidates_path ON candidates(org_path, status);
-- One open dossier per person.
CREATE UNIQUE INDEX candidates_open_citizen ON candidates(citizen_id) WHERE status = 'open' AND citizen_id IS NOT NULL;

-- The dated steps of a dossier, never changed: a later step of a kind
-- stands for the rules, the earlier stays on record.
CREATE TABLE candidate_steps (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  kind TEXT NOT NULL,
  date TEXT NOT NULL,
  number TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  introducer_id INTEGER REFERENCES members(id),
  introducer TEXT NOT NULL DEFAULT '',
  known_since TEXT,
  agree INTEGER NOT NULL DEFAULT 0,
  against INTEGER NOT NULL DEFAULT 0,
  eligible INTEGER NOT NULL DEFAULT 0,
  passed INTEGER NOT NULL DEFAULT 0,
  received TEXT,
  late INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX candidate_steps_candidate ON candidate_steps(candidate_id, date, id);

-- The steps of a probationary member's probation and recognition.
CREATE TABLE probation_steps (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  kind TEXT NOT NULL,
  date TEXT NOT NULL,
  number TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  helper_id INTEGER REFERENCES members(id),
  helper TEXT NOT NULL DEFAULT '',
  agree INTEGER NOT NULL DEFAULT 0,
  against INTEGER NOT NULL DEFAULT 0,
  eligible INTEGER NOT NULL DEFAULT 0,
  passed INTEGER NOT NULL DEFAULT 0,
  late INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX probation_steps_member ON probation_steps(member_id, date, id);

-- Each organisation's admission quota for a year.
CREATE TABLE admission_quotas (
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  year INTEGER NOT NULL,
  quota INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  updated_by INTEGER,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, year)
);
CREATE INDEX admission_quotas_path ON admission_quotas(org_path, year);

-- Admissions of a year, and the events the badges read (disciplines,
-- transfers in), by kind and date.
CREATE INDEX member_events_kind_date ON member_events(kind, date);

-- +goose Down
DROP INDEX member_events_kind_date;
DROP TABLE admission_quotas;
DROP TABLE probation_steps;
DROP TABLE candidate_steps;
DROP TABLE candidates;
