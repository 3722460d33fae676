-- +goose Up
-- Decisions of discipline on members (member_id set; org_id, org_path the
-- member's cell) and organisations (member_id NULL), with the deciding
-- body, the votes, the event they recorded, the appeal and its outcome.
CREATE TABLE disciplines (
  id INTEGER PRIMARY KEY,
  member_id INTEGER REFERENCES members(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  form TEXT NOT NULL,
  post TEXT NOT NULL DEFAULT '',
  post_title TEXT NOT NULL DEFAULT '',
  violation TEXT NOT NULL,
  violated_on TEXT NOT NULL,
  body_id INTEGER NOT NULL REFERENCES orgs(id),
  entitled INTEGER NOT NULL,
  votes_for INTEGER NOT NULL,
  proposal_entitled INTEGER NOT NULL DEFAULT 0,
  proposal_for INTEGER NOT NULL DEFAULT 0,
  decision TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  self_reported INTEGER NOT NULL DEFAULT 0,
  counted_year INTEGER NOT NULL,
  event_id INTEGER REFERENCES member_events(id),
  appeal_on TEXT,
  appeal_text TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  outcome_form TEXT NOT NULL DEFAULT '',
  outcome_decision TEXT NOT NULL DEFAULT '',
  outcome_on TEXT,
  outcome_note TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX disciplines_member ON disciplines(member_id, counted_year);
CREATE INDEX disciplines_path ON disciplines(org_path, decided_on);

-- +goose Down
DROP TABLE disciplines;
