package store

import (
	"context"
	"time"

	"dangvien/internal/domain"
)

// WriteOldAudit writes n audit rows as dangvien did before audit times were
// hashed as stored: the hash and the stored value both from the clock's
// nanosecond time in RFC 3339 form (which PostgreSQL rounds on insert).
func (db *DB) WriteOldAudit(ctx context.Context, n int) error {
	return db.write(ctx, domain.System, func(tx *Tx) error {
		for range n {
			var seq int64
			var prev string
			if err := tx.queryRow("SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&seq, &prev); err != nil {
				return err
			}
			r := AuditRow{Seq: seq + 1, Actor: "system", Action: "org.rename", Entity: "org", EntityID: 1, OrgPath: "/1/", Before: `{"name":"a"}`, After: `{"name":"b"}`, PrevHash: prev}
			at := db.Now().UTC().Format(time.RFC3339Nano)
			r.Hash = r.hashWith(at)
			if _, err := tx.exec(`INSERT INTO audit (seq, at, actor_id, actor, action, entity, entity_id, org_path, before_json, after_json, prev_hash, hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.Seq, at, nil, r.Actor, r.Action, r.Entity, r.EntityID, r.OrgPath, r.Before, r.After, r.PrevHash, r.Hash); err != nil {
				return err
			}
			if _, err := tx.exec("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", r.Seq, r.Hash); err != nil {
				return err
			}
		}
		return nil
	})
}
