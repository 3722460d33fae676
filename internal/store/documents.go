package store

import (
	"dangvien/internal/domain"
)

// Document is a file attached to a meeting; Data only when one is read.
type Document struct {
	ID          int64  `json:"id"`
	MeetingID   int64  `json:"meeting_id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	At          Stamp  `json:"created_at"`
	Data        []byte `json:"-"`
}

// maxDocumentsPerMeeting bounds what one meeting can hold.
const maxDocumentsPerMeeting = 20

var actMeetingDocument = newAction("meeting.document", "đính kèm tài liệu")

// AddDocument attaches a checked PDF or image to a meeting, with its audit
// row; d carries the file's kind, size and hash.
func (tx *Tx) AddDocument(m Meeting, d Document, data []byte) (Document, error) {
	o, err := tx.WritableCell(m.OrgID)
	if err != nil {
		return d, err
	}
	var n int
	if err := tx.queryRow("SELECT count(*) FROM meeting_documents WHERE meeting_id = ? AND removed_at IS NULL", m.ID).Scan(&n); err != nil {
		return d, err
	}
	if n >= maxDocumentsPerMeeting {
		return d, domain.Errorf(domain.CodeConflict, "Mỗi buổi sinh hoạt đính kèm tối đa %d tệp.", maxDocumentsPerMeeting)
	}
	d.MeetingID = m.ID
	if d.ID, err = tx.insert("INSERT INTO meeting_documents (meeting_id, name, content_type, size, sha256, data, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		m.ID, d.Name, d.ContentType, d.Size, d.SHA256, data, nullID(tx.actor.UserID), tx.db.stamp()); err != nil {
		return d, err
	}
	return d, tx.audit(actMeetingDocument, entMeeting, m.ID, o.Path, nil, map[string]any{"document_id": d.ID, "name": d.Name, "size": d.Size, "sha256": d.SHA256})
}

// Documents lists a meeting's documents, without their content.
func (tx *Tx) Documents(m Meeting) ([]Document, error) {
	rows, err := tx.query("SELECT id, meeting_id, name, content_type, size, sha256, created_at FROM meeting_documents WHERE meeting_id = ? AND removed_at IS NULL ORDER BY id", m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Document{}
	for rows.Next() {
		var d Document
		if err := rows.Scan(&d.ID, &d.MeetingID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &d.At); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DocumentFile reads one document with its content, if its meeting is in
// the actor's scope.
func (tx *Tx) DocumentFile(id int64) (Document, error) {
	var d Document
	err := tx.queryRow("SELECT id, meeting_id, name, content_type, size, sha256, created_at, data FROM meeting_documents WHERE id = ? AND removed_at IS NULL", id).
		Scan(&d.ID, &d.MeetingID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &d.At, &d.Data)
	if isNoRows(err) {
		return Document{}, domain.ErrNotFound
	}
	if err != nil {
		return Document{}, err
	}
	if _, err := tx.Meeting(d.MeetingID); err != nil {
		return Document{}, err
	}
	return d, nil
}

var actMeetingDocumentRemove = newAction("meeting.document_remove", "gỡ tài liệu đính kèm")

// RemoveDocument takes a document off its meeting. It is kept, hidden, with
// who removed it and when; the audit row names it.
func (tx *Tx) RemoveDocument(id int64) (meetingID int64, err error) {
	var name string
	err = tx.queryRow("SELECT meeting_id, name FROM meeting_documents WHERE id = ? AND removed_at IS NULL", id).Scan(&meetingID, &name)
	if isNoRows(err) {
		return 0, domain.ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	m, err := tx.Meeting(meetingID)
	if err != nil {
		return 0, err
	}
	o, err := tx.WritableCell(m.OrgID)
	if err != nil {
		return 0, err
	}
	if _, err := tx.exec("UPDATE meeting_documents SET removed_at = ?, removed_by = ? WHERE id = ?", tx.db.stamp(), nullID(tx.actor.UserID), id); err != nil {
		return 0, err
	}
	return meetingID, tx.audit(actMeetingDocumentRemove, entMeeting, meetingID, o.Path, map[string]any{"document_id": id, "name": name}, nil)
}
