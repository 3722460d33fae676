-- +goose Up
-- Committee members in charge of cells (cấp ủy viên phụ trách chi bộ), by
-- period, and whether they attended the meetings of the cells they cover.
CREATE TABLE in_charge (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members(id),
  org_id INTEGER NOT NULL REFERENCES orgs(id),
  from_on TEXT NOT NULL,
  to_on TEXT,
  decision TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX in_charge_org ON in_charge(org_id, from_on);
CREATE INDEX in_charge_member ON in_charge(member_id);

CREATE TABLE meeting_in_charge (
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  member_id INTEGER NOT NULL REFERENCES members(id),
  attended INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, member_id)
);

-- +goose Down
DROP TABLE meeting_in_charge;
DROP TABLE in_charge;
