-- +goose Up
-- The words of the full-text index, one row per occurrence, read by search
-- to turn a word of four letters or more typed as a prefix ("nguy") into
-- the words it begins ("nguyen", "nguyet"): FTS5 answers a prefix longer
-- than its prefix index ('1 2 3') by merging every posting of every such
-- word before the first row (300,000 for "nguyen" in a 1M-member province),
-- while a list of whole words is read lazily, in rowid order, and stops
-- where the search stops. A view of the index: nothing is written to it.
CREATE VIRTUAL TABLE member_fts_words USING fts5vocab(member_fts, 'instance');

-- +goose Down
DROP TABLE member_fts_words;
