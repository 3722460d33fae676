package domain

import (
	_ "embed"
	"encoding/csv"
	"strings"
)

// ethnic-groups.csv is the statistics office's list of the 54 ethnic groups
// (01 Kinh … 54 Rơ-măm) and 55 for foreigners, copied from shared/data.
//
//go:embed ethnic-groups.csv
var ethnicCSV string

// EthnicGroups maps code → name.
var EthnicGroups = func() map[string]string {
	rows, err := csv.NewReader(strings.NewReader(ethnicCSV)).ReadAll()
	if err != nil || len(rows) < 55 {
		panic("domain: bad ethnic-groups.csv")
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows[1:] {
		m[r[0]] = r[1]
	}
	return m
}()

// EthnicGroup returns the name for a code.
func EthnicGroup(code string) (string, bool) {
	n, ok := EthnicGroups[code]
	return n, ok
}
