-- +goose Up
-- The screening notes the meetings each member missed without reason in
-- its one pass over a subtree's unexcused absences, so the partial index of
-- those absences by path and day (00005, the cell life's) now carries the
-- meeting too and covers that pass; the cell life's readers of it are
-- served as before. It replaces the index by member (00052), whose
-- "member_id IN (…) AND org_path range" reading PostgreSQL planned, once
-- prepared, as a scan of the whole subtree for each chunk of members.
DROP INDEX attendance_unexcused_member;
DROP INDEX attendance_unexcused;
CREATE INDEX attendance_unexcused ON meeting_attendance(org_path, held_on, member_id, meeting_id) WHERE status = 'unexcused';

-- +goose Down
DROP INDEX attendance_unexcused;
CREATE INDEX attendance_unexcused ON meeting_attendance(org_path, held_on, member_id) WHERE status = 'unexcused';
CREATE INDEX attendance_unexcused_member ON meeting_attendance(member_id, held_on, meeting_id, org_path) WHERE status = 'unexcused';
