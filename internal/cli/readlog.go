package cli

import (
	"dangvien/internal/sheet"
	"dangvien/internal/store"
)

// exportRead is the read log's row for a list exported from the command
// line: how many rows, and whether the columns carried citizen IDs and
// phone numbers. It has no address: the screen shows "dòng lệnh".
func exportRead(orgID int64, rows int) store.Read {
	rd := store.Read{Kind: store.ReadExport, Entity: "org", EntityID: orgID, Rows: rows}
	for _, c := range sheet.Columns {
		rd.CitizenIDs = rd.CitizenIDs || c.Key == "citizen_id"
		rd.Phones = rd.Phones || c.Key == "phone"
	}
	return rd
}
