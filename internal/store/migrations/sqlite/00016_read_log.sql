-- +goose Up
-- Reads of personal data (Nghị định 13/2023/NĐ-CP): who read which member's
-- record, sheet, citizen-ID search, list export or attachment. Apart from
-- the audit chain and not hash-chained: written in batches, off the read's
-- path. org_path is what was read (a member's cell, an exported subtree, an
-- attachment's cell); actor_path the smallest subtree holding the reader's
-- scope ('' for administrators).
CREATE TABLE read_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id INTEGER,
  actor TEXT NOT NULL,
  actor_path TEXT NOT NULL,
  kind TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  org_path TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  citizen_ids INTEGER NOT NULL,
  phones INTEGER NOT NULL,
  ip TEXT NOT NULL
);
CREATE INDEX read_log_entity ON read_log(entity, entity_id);
CREATE INDEX read_log_actor ON read_log(actor);
CREATE INDEX read_log_at ON read_log(at);
CREATE INDEX read_log_org_path ON read_log(org_path);
CREATE INDEX read_log_actor_path ON read_log(actor_path);

-- +goose Down
DROP TABLE read_log;
