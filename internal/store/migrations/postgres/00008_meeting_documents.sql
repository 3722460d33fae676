-- +goose Up
-- Documents attached to a meeting (PDF or images, checked by content, at
-- most 10 MB), kept in the database so a backup holds them and no file path
-- is ever built from a name someone typed.
CREATE TABLE meeting_documents (
  id BIGSERIAL PRIMARY KEY,
  meeting_id BIGINT NOT NULL REFERENCES meetings(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data BYTEA NOT NULL,
  created_by BIGINT,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX meeting_documents_meeting ON meeting_documents(meeting_id);

-- +goose Down
DROP TABLE meeting_documents;
