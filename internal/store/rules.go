package store

import (
	"context"

	"dangvien/internal/domain"
)

// entRule names versions of rules and minimum wages in the audit trail.
var entRule = newEntity("rule", "Quy định")

// RuleVersions lists the rule versions administrators added.
func (tx *Tx) RuleVersions() ([]domain.Rule, error) {
	rows, err := tx.query("SELECT name, value, source, valid_from FROM rule_versions ORDER BY name, valid_from")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Rule
	for rows.Next() {
		var r domain.Rule
		if err := rows.Scan(&r.Name, &r.Value, &r.Source, &r.ValidFrom); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

var actRuleVersion = newAction("rule.version", "thêm phiên bản quy định")

// AddRuleVersion records a checked rule version (an administrator's
// action), audited; the rule table takes it once the transaction commits
// (LoadRules).
func (tx *Tx) AddRuleVersion(r domain.Rule) error {
	if !tx.actor.All() {
		return errForbiddenWrite
	}
	id, err := tx.insert("INSERT INTO rule_versions (name, value, source, valid_from, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		r.Name, r.Value, r.Source, r.ValidFrom, nullID(tx.actor.UserID), tx.db.stamp())
	if err != nil {
		return err
	}
	return tx.audit(actRuleVersion, entRule, id, "", nil, map[string]any{"name": r.Name, "value": r.Value, "source": r.Source, "valid_from": r.ValidFrom})
}

// LoadRules puts the rule versions administrators added into the
// domain's rule table. Open calls it; so does every change, and a server
// sharing the database with others reloads it now and then.
func (db *DB) LoadRules(ctx context.Context) error {
	var rs []domain.Rule
	err := db.Read(ctx, domain.System, func(tx *Tx) (err error) {
		rs, err = tx.RuleVersions()
		return err
	})
	if err == nil {
		domain.Rules.Add(rs...)
	}
	return err
}
