-- +goose Up
-- Tasks given to members (phân công nhiệm vụ), with the member's cell and
-- positions when given, to tell when a task no longer fits.
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  from_on TEXT NOT NULL,
  to_on TEXT,
  meeting_id INTEGER REFERENCES meetings(id),
  assigned_by TEXT NOT NULL DEFAULT '',
  party_position_at TEXT NOT NULL DEFAULT '',
  gov_position_at TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX tasks_member ON tasks(member_id, from_on);

-- Progress notes and periodic reviews of a task.
CREATE TABLE task_notes (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  on_date TEXT NOT NULL,
  rating TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX task_notes_task ON task_notes(task_id, on_date);

-- +goose Down
DROP TABLE task_notes;
DROP TABLE tasks;
