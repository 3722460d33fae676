-- +goose Up
-- 00021 dropped the search vector and added it again, and with it its
-- statistics: the planner then takes every word for one of a member in 200
-- and reads the full-text index for "nguyen" (a third of a province), where
-- a pass over the table finds the few hundred a search keeps in a
-- millisecond. Nothing written since need have told autovacuum to analyze
-- the table again; this does, once.
ANALYZE members;

-- +goose Down
SELECT 1;
