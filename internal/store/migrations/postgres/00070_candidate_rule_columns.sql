-- +goose Up
-- What the admission rules read of a candidate's own record (the
-- education and its local exception, the Youth Union, the decision that
-- allows one over 60), kept as columns beside fields_json: the pipeline,
-- quota and review lists read thousands of dossiers, and decoding each
-- record's JSON was most of their time. Written with fields_json by every
-- write (store.CreateCandidate, UpdateCandidate); filled here for the
-- dossiers kept before.
ALTER TABLE candidates ADD COLUMN education TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN education_exception BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE candidates ADD COLUMN youth_union BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE candidates ADD COLUMN over_60_decision TEXT NOT NULL DEFAULT '';
UPDATE candidates SET
  education = coalesce(fields_json::jsonb ->> 'education', ''),
  education_exception = coalesce((fields_json::jsonb ->> 'education_exception')::boolean, FALSE),
  youth_union = coalesce((fields_json::jsonb ->> 'youth_union')::boolean, FALSE),
  over_60_decision = coalesce(fields_json::jsonb ->> 'over_60_decision', '');

-- +goose Down
ALTER TABLE candidates DROP COLUMN over_60_decision;
ALTER TABLE candidates DROP COLUMN youth_union;
ALTER TABLE candidates DROP COLUMN education_exception;
ALTER TABLE candidates DROP COLUMN education;
