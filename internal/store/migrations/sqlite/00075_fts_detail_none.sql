-- +goose Up
-- The full-text index keeps which members hold a word, not where in the
-- name it stands (detail=none), nor each name's length (columnsize=0):
-- search asks only whether every word typed begins a word of the member's
-- name or numbers (ftsMatch quotes one word per term, with no phrase, column
-- filter or ranking), and positions were most of what an import wrote into
-- the index (a third of its full-text CPU at 200,000 members).
DROP TABLE member_fts_words;
DROP TABLE member_fts;
CREATE VIRTUAL TABLE member_fts USING fts5(
  name_fold, card_number, citizen_id,
  content='members', content_rowid='id', tokenize='unicode61', prefix='1 2 3',
  detail=none, columnsize=0
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
