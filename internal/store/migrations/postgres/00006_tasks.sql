-- +goose Up
-- Tasks given to members (phân công nhiệm vụ), with the member's cell and
-- positions when given, to tell when a task no longer fits.
CREATE TABLE tasks (
  id BIGSERIAL PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES members(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  from_on DATE NOT NULL,
  to_on DATE,
  meeting_id BIGINT REFERENCES meetings(id),
  assigned_by TEXT NOT NULL DEFAULT '',
  party_position_at TEXT NOT NULL DEFAULT '',
  gov_position_at TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX tasks_member ON tasks(member_id, from_on);

-- Progress notes and periodic reviews of a task.
CREATE TABLE task_notes (
  id BIGSERIAL PRIMARY KEY,
  task_id BIGINT NOT NULL REFERENCES tasks(id),
  on_date DATE NOT NULL,
  rating TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX task_notes_task ON task_notes(task_id, on_date);

-- +goose Down
DROP TABLE task_notes;
DROP TABLE tasks;
