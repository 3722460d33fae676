-- +goose Up
-- Members on the move (issue 11; RULES.md: Transfers, Members working away,
-- Regulation 213).

-- Transfers of party activity: the numbered letter (giấy giới thiệu sinh
-- hoạt đảng) and what became of it. Official transfers are in transit until
-- the receiving side confirms them; temporary ones keep the member's record
-- at the home cell while the member takes part at the temporary cell. Both
-- sides read a transfer through its cells (from_org_id, to_org_id), whose
-- paths the scope filter reads; one of them is absent when the other side is
-- another installation (route out, in).
CREATE TABLE transfers (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('official', 'temporary')),
  route TEXT NOT NULL CHECK (route IN ('internal', 'out', 'in')),
  status TEXT NOT NULL CHECK (status IN ('in_transit', 'arrived', 'cancelled', 'active', 'ended')),
  number TEXT NOT NULL,
  issuer_id BIGINT REFERENCES orgs(id),
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL DEFAULT 0,
  member_id BIGINT NOT NULL REFERENCES members(id),
  from_org_id BIGINT REFERENCES orgs(id),
  from_name TEXT NOT NULL,
  to_org_id BIGINT REFERENCES orgs(id),
  to_name TEXT NOT NULL,
  issuer_name TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '',
  effective_on DATE,
  letter_on DATE NOT NULL,
  purpose TEXT NOT NULL DEFAULT '',
  starts_on DATE,
  ends_on DATE,
  arrived_on DATE,
  late_reason TEXT NOT NULL DEFAULT '',
  closed_on DATE,
  close_note TEXT NOT NULL DEFAULT '',
  package_id TEXT,
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
-- Letter numbers run per issuing committee and year.
CREATE UNIQUE INDEX transfers_number ON transfers(issuer_id, year, seq) WHERE issuer_id IS NOT NULL;
-- One open transfer per member: a letter in transit or a temporary transfer.
CREATE UNIQUE INDEX transfers_open ON transfers(member_id) WHERE status IN ('in_transit', 'active');
CREATE INDEX transfers_member ON transfers(member_id, letter_on);
CREATE INDEX transfers_letter ON transfers(letter_on);
CREATE INDEX transfers_from ON transfers(from_org_id, letter_on);
CREATE INDEX transfers_to ON transfers(to_org_id, letter_on);
CREATE INDEX transfers_in_transit ON transfers(status) WHERE status IN ('in_transit', 'active');
-- The rosters of a temporary cell's meetings, and of the home cell's.
CREATE INDEX transfers_temporary_to ON transfers(to_org_id, starts_on) WHERE kind = 'temporary';
CREATE INDEX transfers_temporary_from ON transfers(from_org_id, starts_on) WHERE kind = 'temporary';

-- The signed file of a transfer to or from another installation, as it was
-- written or received: a package is imported once.
CREATE TABLE transfer_packages (
  id BIGSERIAL PRIMARY KEY,
  transfer_id BIGINT NOT NULL REFERENCES transfers(id),
  package_id TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  key_id TEXT NOT NULL,
  body BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX transfer_packages_once ON transfer_packages(direction, package_id);
CREATE INDEX transfer_packages_transfer ON transfer_packages(transfer_id);

-- The ed25519 key this installation signs its packages with, made on first
-- use (own = 1, private_key set), and the public keys of the installations
-- whose packages it accepts, entered by an administrator.
CREATE TABLE installation_keys (
  id BIGSERIAL PRIMARY KEY,
  key_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  public_key TEXT NOT NULL,
  private_key TEXT,
  own BOOLEAN NOT NULL DEFAULT FALSE,
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX installation_keys_own ON installation_keys(own) WHERE own;

-- Members working away (đi làm ăn xa): where, since when, how to reach
-- them, the temporary exemption, and the comments they bring back.
CREATE TABLE away_records (
  id BIGSERIAL PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES members(id),
  place TEXT NOT NULL,
  since DATE NOT NULL,
  contact TEXT NOT NULL DEFAULT '',
  keep_in_touch TEXT NOT NULL DEFAULT '',
  registered BOOLEAN NOT NULL DEFAULT FALSE,
  exempt_from DATE,
  exempt_to DATE,
  exempt_decision TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  returned_on DATE,
  comments TEXT NOT NULL DEFAULT '',
  comments_by TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX away_records_open ON away_records(member_id) WHERE returned_on IS NULL;
CREATE INDEX away_records_member ON away_records(member_id, since);

-- Regulation 213: a member's tie with the cell where they live, and that
-- cell's comment of each year.
CREATE TABLE residence_ties (
  id BIGSERIAL PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES members(id),
  residence_org_id BIGINT NOT NULL REFERENCES orgs(id),
  presented_on DATE NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  ended_on DATE,
  end_reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX residence_ties_open ON residence_ties(member_id) WHERE ended_on IS NULL;
CREATE INDEX residence_ties_member ON residence_ties(member_id);
CREATE INDEX residence_ties_cell ON residence_ties(residence_org_id);

CREATE TABLE residence_comments (
  id BIGSERIAL PRIMARY KEY,
  tie_id BIGINT NOT NULL REFERENCES residence_ties(id),
  member_id BIGINT NOT NULL REFERENCES members(id),
  year INTEGER NOT NULL,
  residence_org_id BIGINT NOT NULL REFERENCES orgs(id),
  text TEXT NOT NULL,
  verdict TEXT NOT NULL,
  commented_on DATE NOT NULL,
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX residence_comments_year ON residence_comments(tie_id, year);
CREATE INDEX residence_comments_member ON residence_comments(member_id, year);

-- Collective transfers: the handover record (biên bản bàn giao) of
-- organisations and members moved under one decision, and who moved.
CREATE TABLE handovers (
  id BIGSERIAL PRIMARY KEY,
  from_org_id BIGINT NOT NULL REFERENCES orgs(id),
  to_org_id BIGINT NOT NULL REFERENCES orgs(id),
  date DATE NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  orgs_moved INTEGER NOT NULL,
  members_moved INTEGER NOT NULL,
  closed_from BOOLEAN NOT NULL DEFAULT FALSE,
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX handovers_from ON handovers(from_org_id);
CREATE INDEX handovers_to ON handovers(to_org_id);
CREATE TABLE handover_items (
  id BIGSERIAL PRIMARY KEY,
  handover_id BIGINT NOT NULL REFERENCES handovers(id),
  kind TEXT NOT NULL CHECK (kind IN ('org', 'member')),
  ref_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT ''
);
CREATE INDEX handover_items_handover ON handover_items(handover_id, kind, id);

-- +goose Down
DROP TABLE handover_items;
DROP TABLE handovers;
DROP TABLE residence_comments;
DROP TABLE residence_ties;
DROP TABLE away_records;
DROP TABLE installation_keys;
DROP TABLE transfer_packages;
DROP TABLE transfers;
