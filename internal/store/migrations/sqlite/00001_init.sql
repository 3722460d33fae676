-- +goose Up
CREATE TABLE orgs (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  parent_id INTEGER REFERENCES orgs(id),
  path TEXT NOT NULL UNIQUE,       -- materialised path "/1/7/42/": a subtree is one range
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  closed_reason TEXT NOT NULL DEFAULT '',
  closed_decision TEXT NOT NULL DEFAULT '',
  successor_id INTEGER REFERENCES orgs(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);

-- One row per period in which an organisation had the same name and parent:
-- the tree as of any date is the rows open on that date.
CREATE TABLE org_versions (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  parent_id INTEGER REFERENCES orgs(id),
  valid_from TEXT NOT NULL,
  valid_to TEXT
);
CREATE INDEX org_versions_org ON org_versions(org_id);
CREATE INDEX org_versions_from ON org_versions(valid_from);

CREATE TABLE org_links (
  id INTEGER PRIMARY KEY,
  from_id INTEGER NOT NULL REFERENCES orgs(id),
  to_id INTEGER NOT NULL REFERENCES orgs(id),
  kind TEXT NOT NULL,              -- merge, split
  date TEXT NOT NULL,
  decision TEXT NOT NULL
);
CREATE INDEX org_links_from ON org_links(from_id);
CREATE INDEX org_links_to ON org_links(to_id);

CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,          -- copy of orgs.path, so scope and counts need no join
  full_name TEXT NOT NULL,
  name_fold TEXT NOT NULL,
  sort_key BLOB NOT NULL,
  other_names TEXT NOT NULL DEFAULT '',
  gender TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  hometown TEXT NOT NULL DEFAULT '',
  birth_place TEXT NOT NULL DEFAULT '',
  ethnicity TEXT NOT NULL,
  religion TEXT NOT NULL DEFAULT '',
  citizen_id TEXT UNIQUE,
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  card_number TEXT UNIQUE,
  file_number TEXT NOT NULL DEFAULT '',
  admission_date TEXT,
  official_date TEXT,
  education TEXT NOT NULL DEFAULT '',
  qualification TEXT NOT NULL DEFAULT '',
  theory_level TEXT NOT NULL DEFAULT '',
  foreign_language TEXT NOT NULL DEFAULT '',
  occupation TEXT NOT NULL DEFAULT '',
  workplace TEXT NOT NULL DEFAULT '',
  party_position TEXT NOT NULL DEFAULT '',
  gov_position TEXT NOT NULL DEFAULT '',
  army INTEGER NOT NULL DEFAULT 0,
  police INTEGER NOT NULL DEFAULT 0,
  retired INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,            -- derived from member_events
  exempted INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Counts of a subtree read only this index (it covers every column they use).
CREATE INDEX members_counts ON members(org_path, status, gender, birth_date, exempted);
-- Counts of the whole tree: status and gender groups in index order, age bands
-- as range counts, without evaluating anything per row.
CREATE INDEX members_status ON members(status, gender, birth_date);
CREATE INDEX members_exempted ON members(status) WHERE exempted;
CREATE INDEX members_org_sort ON members(org_id, sort_key);
CREATE INDEX members_sort ON members(sort_key);

CREATE VIRTUAL TABLE member_fts USING fts5(
  name_fold, card_number, citizen_id,
  content='members', content_rowid='id', tokenize='unicode61', prefix='1 2 3'
);
-- +goose StatementBegin
CREATE TRIGGER members_fts_ins AFTER INSERT ON members BEGIN
  INSERT INTO member_fts(rowid, name_fold, card_number, citizen_id) VALUES (new.id, new.name_fold, new.card_number, new.citizen_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER members_fts_upd AFTER UPDATE OF name_fold, card_number, citizen_id ON members BEGIN
  INSERT INTO member_fts(member_fts, rowid, name_fold, card_number, citizen_id) VALUES ('delete', old.id, old.name_fold, old.card_number, old.citizen_id);
  INSERT INTO member_fts(rowid, name_fold, card_number, citizen_id) VALUES (new.id, new.name_fold, new.card_number, new.citizen_id);
END;
-- +goose StatementEnd

CREATE TABLE member_events (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  kind TEXT NOT NULL,
  date TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '',
  discipline TEXT NOT NULL DEFAULT '',
  to_org_id INTEGER REFERENCES orgs(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  created_at TEXT NOT NULL,
  created_by INTEGER
);
CREATE INDEX member_events_member ON member_events(member_id, date, id);

-- Which cell a member belonged to over time: the tree's counts as of a date.
CREATE TABLE member_placements (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  valid_from TEXT NOT NULL,
  valid_to TEXT
);
CREATE INDEX member_placements_member ON member_placements(member_id);
CREATE INDEX member_placements_org ON member_placements(org_id, valid_from);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  member_id INTEGER REFERENCES members(id),
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE user_orgs (
  user_id INTEGER NOT NULL REFERENCES users(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (user_id, org_id)
);
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- Hash-chained audit trail: each row's hash covers its content and the
-- previous row's hash; audit_head holds the last seq and hash, so a removed
-- tail is found too.
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id INTEGER,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  org_path TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_path ON audit(org_path);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- +goose Down
SELECT 1;
