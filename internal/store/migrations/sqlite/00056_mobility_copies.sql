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
ALTER TABLE transfers ADD COLUMN from_path TEXT NOT NULL DEFAULT '';
ALTER TABLE transfers ADD COLUMN to_path TEXT NOT NULL DEFAULT '';
UPDATE transfers SET from_path = coalesce((SELECT path FROM orgs WHERE id = transfers.from_org_id), ''),
  to_path = coalesce((SELECT path FROM orgs WHERE id = transfers.to_org_id), '');
-- The report of a period: its counts from this index alone.
CREATE INDEX transfers_period ON transfers(letter_on, from_path, to_path, kind, route, status);

-- The member's cell, standing and name order, and the residence cell's path.
ALTER TABLE residence_ties ADD COLUMN member_path TEXT NOT NULL DEFAULT '';
ALTER TABLE residence_ties ADD COLUMN member_status TEXT NOT NULL DEFAULT '';
ALTER TABLE residence_ties ADD COLUMN residence_path TEXT NOT NULL DEFAULT '';
UPDATE residence_ties SET member_path = (SELECT org_path FROM members WHERE id = residence_ties.member_id),
  member_status = (SELECT status FROM members WHERE id = residence_ties.member_id),
  residence_path = (SELECT path FROM orgs WHERE id = residence_ties.residence_org_id);
CREATE INDEX residence_ties_work ON residence_ties(member_path, member_status, presented_on, ended_on, category);
CREATE INDEX residence_ties_home ON residence_ties(residence_path, member_status, presented_on, ended_on, category);

ALTER TABLE away_records ADD COLUMN member_path TEXT NOT NULL DEFAULT '';
ALTER TABLE away_records ADD COLUMN member_status TEXT NOT NULL DEFAULT '';
ALTER TABLE away_records ADD COLUMN sort_key BLOB NOT NULL DEFAULT x'';
UPDATE away_records SET member_path = (SELECT org_path FROM members WHERE id = away_records.member_id),
  member_status = (SELECT status FROM members WHERE id = away_records.member_id),
  sort_key = (SELECT sort_key FROM members WHERE id = away_records.member_id);
CREATE INDEX away_records_path ON away_records(member_path, member_status, returned_on, since, exempt_from, exempt_to);

-- +goose StatementBegin
CREATE TRIGGER members_mobility_copy AFTER UPDATE OF org_path, status, sort_key ON members
WHEN new.org_path IS NOT old.org_path OR new.status IS NOT old.status OR new.sort_key IS NOT old.sort_key BEGIN
  UPDATE residence_ties SET member_path = new.org_path, member_status = new.status WHERE member_id = new.id;
  UPDATE away_records SET member_path = new.org_path, member_status = new.status, sort_key = new.sort_key WHERE member_id = new.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER orgs_mobility_copy AFTER UPDATE OF path ON orgs WHEN new.path IS NOT old.path BEGIN
  UPDATE transfers SET from_path = new.path WHERE from_org_id = new.id;
  UPDATE transfers SET to_path = new.path WHERE to_org_id = new.id;
  UPDATE residence_ties SET residence_path = new.path WHERE residence_org_id = new.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER orgs_mobility_copy;
DROP TRIGGER members_mobility_copy;
DROP INDEX away_records_path;
DROP INDEX residence_ties_home;
DROP INDEX residence_ties_work;
DROP INDEX transfers_period;
ALTER TABLE away_records DROP COLUMN sort_key;
ALTER TABLE away_records DROP COLUMN member_status;
ALTER TABLE away_records DROP COLUMN member_path;
ALTER TABLE residence_ties DROP COLUMN residence_path;
ALTER TABLE residence_ties DROP COLUMN member_status;
ALTER TABLE residence_ties DROP COLUMN member_path;
ALTER TABLE transfers DROP COLUMN to_path;
ALTER TABLE transfers DROP COLUMN from_path;
