-- +goose Up
-- Committee members in charge of cells (cấp ủy viên phụ trách chi bộ), by
-- period, and whether they attended the meetings of the cells they cover.
CREATE TABLE in_charge (
  id BIGSERIAL PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES members(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  from_on DATE NOT NULL,
  to_on DATE,
  decision TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX in_charge_org ON in_charge(org_id, from_on);
CREATE INDEX in_charge_member ON in_charge(member_id);

CREATE TABLE meeting_in_charge (
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  member_id BIGINT NOT NULL REFERENCES members(id),
  attended BOOLEAN NOT NULL,
  PRIMARY KEY (meeting_id, member_id)
);

-- +goose Down
DROP TABLE meeting_in_charge;
DROP TABLE in_charge;
