-- +goose Up
-- What the admission rules read of a candidate's own record (the
-- education and its local exception, the Youth Union, the decision that
-- allows one over 60), kept as columns beside fields_json: the pipeline,
-- quota and review lists read thousands of dossiers, and decoding each
-- record's JSON was most of their time. Written with fields_json by every
-- write (store.CreateCandidate, UpdateCandidate); filled here for the
-- dossiers kept before.
ALTER TABLE candidates ADD COLUMN education TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN education_exception INTEGER NOT NULL DEFAULT 0;
ALTER TABLE candidates ADD COLUMN youth_union INTEGER NOT NULL DEFAULT 0;
ALTER TABLE candidates ADD COLUMN over_60_decision TEXT NOT NULL DEFAULT '';
UPDATE candidates SET
  education = coalesce(json_extract(fields_json, '$.education'), ''),
  education_exception = coalesce(json_extract(fields_json, '$.education_exception'), 0),
  youth_union = coalesce(json_extract(fields_json, '$.youth_union'), 0),
  over_60_decision = coalesce(json_extract(fields_json, '$.over_60_decision'), '');

-- +goose Down
ALTER TABLE candidates DROP COLUMN over_60_decision;
ALTER TABLE candidates DROP COLUMN youth_union;
ALTER TABLE candidates DROP COLUMN education_exception;
ALTER TABLE candidates DROP COLUMN education;
