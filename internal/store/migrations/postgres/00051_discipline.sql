-- +goose Up
-- Decisions of discipline on members (member_id set; org_id, org_path the
-- member's cell) and organisations (member_id NULL), with the deciding
-- body, the votes, the event they recorded, the appeal and its outcome.
CREATE TABLE disciplines (
  id BIGSERIAL PRIMARY KEY,
  member_id BIGINT REFERENCES members(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT COLLATE "C" NOT NULL,
  form TEXT NOT NULL,
  post TEXT NOT NULL DEFAULT '',
  post_title TEXT NOT NULL DEFAULT '',
  violation TEXT NOT NULL,
  violated_on DATE NOT NULL,
  body_id BIGINT NOT NULL REFERENCES orgs(id),
  entitled INTEGER NOT NULL,
  votes_for INTEGER NOT NULL,
  proposal_entitled INTEGER NOT NULL DEFAULT 0,
  proposal_for INTEGER NOT NULL DEFAULT 0,
  decision TEXT NOT NULL,
  decided_on DATE NOT NULL,
  self_reported BOOLEAN NOT NULL DEFAULT FALSE,
  counted_year INTEGER NOT NULL,
  event_id BIGINT REFERENCES member_events(id),
  appeal_on DATE,
  appeal_text TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  outcome_form TEXT NOT NULL DEFAULT '',
  outcome_decision TEXT NOT NULL DEFAULT '',
  outcome_on DATE,
  outcome_note TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX disciplines_member ON disciplines(member_id, counted_year);
CREATE INDEX disciplines_path ON disciplines(org_path, decided_on);

-- +goose Down
DROP TABLE disciplines;
