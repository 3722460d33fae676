-- +goose Up
-- The mobility reports of a province (issue 11 item 9) read each record's
-- paths and the member's standing from the record itself, by an index that
-- leads with what the report filters on, instead of looking up a member and
-- one or two organisations for each of tens of thousands of rows.
--
-- The copies are kept by triggers, in the transaction of the write that
-- changes what they copy, whoever writes it: a member's cell and standing
-- (a transfer arriving, a move, a collective transfer, an event that takes
-- the member off the roll, an organisation moved or merged, which rewrites
-- members.org_path) and an organisation's path.

-- The sending and receiving cells' paths ('' for the other installation).
ALTER TABLE transfers ADD COLUMN from_path TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE transfers ADD COLUMN to_path TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE transfers t SET from_path = coalesce((SELECT path FROM orgs WHERE id = t.from_org_id), ''),
  to_path = coalesce((SELECT path FROM orgs WHERE id = t.to_org_id), '');
-- The report of a period: its counts from this index alone.
CREATE INDEX transfers_period ON transfers(letter_on, from_path, to_path, kind, route, status);

-- The member's cell, standing and name order, and the residence cell's path.
ALTER TABLE residence_ties ADD COLUMN member_path TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE residence_ties ADD COLUMN member_status TEXT NOT NULL DEFAULT '';
ALTER TABLE residence_ties ADD COLUMN residence_path TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE residence_ties r SET member_path = m.org_path, member_status = m.status FROM members m WHERE m.id = r.member_id;
UPDATE residence_ties r SET residence_path = o.path FROM orgs o WHERE o.id = r.residence_org_id;
CREATE INDEX residence_ties_work ON residence_ties(member_path, member_status, presented_on, ended_on, category);
CREATE INDEX residence_ties_home ON residence_ties(residence_path, member_status, presented_on, ended_on, category);

ALTER TABLE away_records ADD COLUMN member_path TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE away_records ADD COLUMN member_status TEXT NOT NULL DEFAULT '';
ALTER TABLE away_records ADD COLUMN sort_key BYTEA NOT NULL DEFAULT ''::bytea;
UPDATE away_records a SET member_path = m.org_path, member_status = m.status, sort_key = m.sort_key FROM members m WHERE m.id = a.member_id;
CREATE INDEX away_records_path ON away_records(member_path, member_status, returned_on, since, exempt_from, exempt_to);

-- +goose StatementBegin
CREATE FUNCTION members_mobility_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE residence_ties SET member_path = NEW.org_path, member_status = NEW.status WHERE member_id = NEW.id;
  UPDATE away_records SET member_path = NEW.org_path, member_status = NEW.status, sort_key = NEW.sort_key WHERE member_id = NEW.id;
  RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER members_mobility_copy AFTER UPDATE OF org_path, status, sort_key ON members FOR EACH ROW
  WHEN (NEW.org_path IS DISTINCT FROM OLD.org_path OR NEW.status IS DISTINCT FROM OLD.status OR NEW.sort_key IS DISTINCT FROM OLD.sort_key)
  EXECUTE FUNCTION members_mobility_copy();

-- +goose StatementBegin
CREATE FUNCTION orgs_mobility_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE transfers SET from_path = NEW.path WHERE from_org_id = NEW.id;
  UPDATE transfers SET to_path = NEW.path WHERE to_org_id = NEW.id;
  UPDATE residence_ties SET residence_path = NEW.path WHERE residence_org_id = NEW.id;
  RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER orgs_mobility_copy AFTER UPDATE OF path ON orgs FOR EACH ROW
  WHEN (NEW.path IS DISTINCT FROM OLD.path)
  EXECUTE FUNCTION orgs_mobility_copy();

-- +goose Down
DROP TRIGGER orgs_mobility_copy ON orgs;
DROP FUNCTION orgs_mobility_copy();
DROP TRIGGER members_mobility_copy ON members;
DROP FUNCTION members_mobility_copy();
DROP INDEX away_records_path;
DROP INDEX residence_ties_home;
DROP INDEX residence_ties_work;
DROP INDEX transfers_period;
ALTER TABLE away_records DROP COLUMN sort_key, DROP COLUMN member_status, DROP COLUMN member_path;
ALTER TABLE residence_ties DROP COLUMN residence_path, DROP COLUMN member_status, DROP COLUMN member_path;
ALTER TABLE transfers DROP COLUMN to_path, DROP COLUMN from_path;
