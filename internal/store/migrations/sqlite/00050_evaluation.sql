-- +goose Up
-- The yearly evaluation of members (đánh giá, xếp loại chất lượng): one row
-- per member and year with the member's self-review, the cell's proposal
-- and the committee's decision (each change in the audit trail). The cap
-- on "xuất sắc" counts per grassroots organisation, kept with the row.
CREATE TABLE member_ratings (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  year INTEGER NOT NULL,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  grassroots_id INTEGER NOT NULL REFERENCES orgs(id),
  self_level TEXT NOT NULL DEFAULT '',
  self_text TEXT NOT NULL DEFAULT '',
  self_on TEXT,
  proposed_level TEXT NOT NULL DEFAULT '',
  proposed_points INTEGER NOT NULL DEFAULT 0,
  all_on_time INTEGER NOT NULL DEFAULT 0,
  beyond_pct INTEGER NOT NULL DEFAULT 0,
  proposal_note TEXT NOT NULL DEFAULT '',
  proposed_on TEXT,
  level TEXT NOT NULL DEFAULT '',
  points INTEGER NOT NULL DEFAULT 0,
  decision TEXT NOT NULL DEFAULT '',
  decided_on TEXT,
  decision_note TEXT NOT NULL DEFAULT '',
  updated_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (member_id, year)
);
CREATE INDEX member_ratings_grassroots ON member_ratings(grassroots_id, year, level);
CREATE INDEX member_ratings_path ON member_ratings(org_path, year, level);
-- The screening reads the few "Không hoàn thành" of a subtree.
CREATE INDEX member_ratings_not_done ON member_ratings(org_path, year, member_id, decided_on) WHERE level = 'not_done';

-- The yearly rating of organisations, decided by the committee above.
CREATE TABLE org_ratings (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  year INTEGER NOT NULL,
  parent_id INTEGER NOT NULL REFERENCES orgs(id),
  level TEXT NOT NULL,
  points INTEGER NOT NULL DEFAULT 0,
  decision TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  updated_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (org_id, year)
);
CREATE INDEX org_ratings_path ON org_ratings(org_path, year, level);
CREATE INDEX org_ratings_parent ON org_ratings(parent_id, year, level);

-- +goose Down
DROP TABLE org_ratings;
DROP TABLE member_ratings;
