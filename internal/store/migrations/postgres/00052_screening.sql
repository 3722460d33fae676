-- +goose Up
-- Facts the screening weighs beside attendance, fees and ratings: the
-- start (and end, once improved) of the cell's education of a member, a
-- card returned or destroyed, a conclusion on the political standard.
CREATE TABLE member_findings (
  id BIGSERIAL PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES members(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  on_date DATE NOT NULL,
  decision TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  closed_on DATE,
  closed_note TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX member_findings_member ON member_findings(member_id);
CREATE INDEX member_findings_path ON member_findings(org_path, on_date);

-- A removal from the roll: the cell's proposal on its grounds, then the
-- committee's decision (removed, with the event it recorded, or not).
CREATE TABLE removal_cases (
  id BIGSERIAL PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES members(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT COLLATE "C" NOT NULL,
  grounds TEXT NOT NULL,
  evidence TEXT NOT NULL,
  proposed_on DATE NOT NULL,
  proposal_note TEXT NOT NULL DEFAULT '',
  proposed_by BIGINT,
  outcome TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '',
  decided_on DATE,
  decision_note TEXT NOT NULL DEFAULT '',
  event_id BIGINT REFERENCES member_events(id),
  decided_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX removal_cases_member ON removal_cases(member_id);
CREATE INDEX removal_cases_path ON removal_cases(org_path, outcome);
CREATE UNIQUE INDEX removal_cases_open ON removal_cases(member_id) WHERE outcome = '';

-- The screening reads the probationary members of a subtree.
CREATE INDEX members_probation ON members(org_path, admission_date, id) WHERE status = 'probationary';

-- The meetings each member missed without reason, read for the members a
-- screening names: a small partial index that covers the query.
CREATE INDEX attendance_unexcused_member ON meeting_attendance(member_id, held_on, meeting_id, org_path) WHERE status = 'unexcused';

-- +goose Down
DROP INDEX attendance_unexcused_member;
DROP INDEX members_probation;
DROP TABLE removal_cases;
DROP TABLE member_findings;
