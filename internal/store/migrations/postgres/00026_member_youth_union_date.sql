-- +goose Up
ALTER TABLE members ADD COLUMN youth_union_date DATE;

-- +goose Down
ALTER TABLE members DROP COLUMN youth_union_date;
