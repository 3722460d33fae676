-- +goose Up
-- The full-text index keeps in which column a member holds a word, not
-- where in it (detail=column), nor each name's length (columnsize=0):
-- search asks only whether every word typed begins a word of the member's
-- name or numbers (ftsMatch quotes one word per term, with no phrase or
-- ranking), and positions were a good part of what an import wrote into
-- the index. Rebuilding it at 1M members took 9.6 s with them, 7.6 s
-- without. Keeping not even the columns (detail=none) took 5.7 s but made a
-- commune's search by name 1.7 times slower (BenchmarkSearch at 1M).
DROP TABLE member_fts_words;
DROP TABLE member_fts;
CREATE VIRTUAL TABLE member_fts USING fts5(
  name_fold, card_number, citizen_id,
  content='members', content_rowid='id', tokenize='unicode61', prefix='1 2 3',
  detail=column, columnsize=0
);
INSERT INTO member_fts (member_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE member_fts_words USING fts5vocab(member_fts, 'instance');

-- +goose Down
DROP TABLE member_fts_words;
DROP TABLE member_fts;
CREATE VIRTUAL TABLE member_fts USING fts5(
  name_fold, card_number, citizen_id,
  content='members', content_rowid='id', tokenize='unicode61', prefix='1 2 3'
);
INSERT INTO member_fts (member_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE member_fts_words USING fts5vocab(member_fts, 'instance');
