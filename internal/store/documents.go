package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

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

// AddDocument attaches a PDF or image to a meeting. What the file is comes
// from its content; a name is only shown.
func (db *DB) AddDocument(ctx context.Context, a domain.Actor, meetingID int64, name string, data []byte) (Document, error) {
	if err := domain.CheckDocumentName(name); err != nil {
		return Document{}, err
	}
	ct, err := domain.DocumentKind(data)
	if err != nil {
		return Document{}, &domain.Error{Code: domain.CodeInvalid, Message: "Không nhận tệp này: " + err.Error() + ".", Fields: domain.Fields{"file": err.Error()}}
	}
	sum := sha256.Sum256(data)
	d := Document{MeetingID: meetingID, Name: domain.DocumentName(name), ContentType: ct, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	err = db.write(ctx, a, func(tx *Tx) error {
		m, err := tx.meeting(meetingID)
		if err != nil {
			return err
		}
		o, err := tx.writableCell(m.OrgID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.queryRow("SELECT count(*) FROM meeting_documents WHERE meeting_id = ? AND removed_at IS NULL", meetingID).Scan(&n); err != nil {
			return err
		}
		if n >= maxDocumentsPerMeeting {
			return domain.Errorf(domain.CodeConflict, "Mỗi buổi sinh hoạt đính kèm tối đa %d tệp.", maxDocumentsPerMeeting)
		}
		if d.ID, err = tx.insert("INSERT INTO meeting_documents (meeting_id, name, content_type, size, sha256, data, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			meetingID, d.Name, d.ContentType, d.Size, d.SHA256, data, nullID(tx.actor.UserID), tx.db.stamp()); err != nil {
			return err
		}
		return tx.audit("meeting.document", "meeting", meetingID, o.Path, nil, map[string]any{"document_id": d.ID, "name": d.Name, "size": d.Size, "sha256": d.SHA256})
	})
	return d, err
}

// Documents lists a meeting's documents, without their content.
func (db *DB) Documents(ctx context.Context, a domain.Actor, meetingID int64) ([]Document, error) {
	if _, err := db.Meeting(ctx, a, meetingID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT id, meeting_id, name, content_type, size, sha256, created_at FROM meeting_documents WHERE meeting_id = ? AND removed_at IS NULL ORDER BY id", meetingID)
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
func (db *DB) DocumentFile(ctx context.Context, a domain.Actor, id int64) (Document, error) {
	var d Document
	err := db.queryRow(ctx, "SELECT id, meeting_id, name, content_type, size, sha256, created_at, data FROM meeting_documents WHERE id = ? AND removed_at IS NULL", id).
		Scan(&d.ID, &d.MeetingID, &d.Name, &d.ContentType, &d.Size, &d.SHA256, &d.At, &d.Data)
	if isNoRows(err) {
		return Document{}, domain.ErrNotFound
	}
	if err != nil {
		return Document{}, err
	}
	if _, err := db.Meeting(ctx, a, d.MeetingID); err != nil {
		return Document{}, err
	}
	return d, nil
}

// RemoveDocument takes a document off its meeting. It is kept, hidden, with
// who removed it and when; the audit row names it.
func (db *DB) RemoveDocument(ctx context.Context, a domain.Actor, id int64) error {
	return db.write(ctx, a, func(tx *Tx) error {
		var meetingID int64
		var name string
		err := tx.queryRow("SELECT meeting_id, name FROM meeting_documents WHERE id = ? AND removed_at IS NULL", id).Scan(&meetingID, &name)
		if isNoRows(err) {
			return domain.ErrNotFound
		}
		if err != nil {
			return err
		}
		m, err := tx.meeting(meetingID)
		if err != nil {
			return err
		}
		o, err := tx.writableCell(m.OrgID)
		if err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE meeting_documents SET removed_at = ?, removed_by = ? WHERE id = ?", tx.db.stamp(), nullID(tx.actor.UserID), id); err != nil {
			return err
		}
		return tx.audit("meeting.document_remove", "meeting", meetingID, o.Path, map[string]any{"document_id": id, "name": name}, nil)
	})
}
