package bench

import (
	"context"
	"strings"

	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// searchSample is how many members the search queries are drawn from.
const searchSample = 40

// SearchQueries is a fixed set of realistic searches drawn from the data:
// for members spread evenly over the table (the same ones for the same
// database), what people type into the search box: the first letters of a
// family name, a whole family name, a given name with and without its
// diacritics, family and given name, the whole name with and without
// diacritics, a name cut short in its last word, citizen-ID prefixes of 4 to
// 12 digits and card-number prefixes of 4 to 8 digits; and the common family
// names, which match a large share of a province.
func SearchQueries(ctx context.Context, db *store.DB) ([]string, error) {
	qs := []string{"nguyen", "Nguyễn", "tran", "le", "pham", "hoang", "nguyen van", "nguyen thi"}
	var lo, hi int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM members").Scan(&lo, &hi); err != nil {
		return nil, err
	}
	if hi == 0 {
		return qs, nil
	}
	seen := map[string]bool{}
	add := func(q string) {
		if q = strings.TrimSpace(q); q != "" && !seen[q] {
			seen[q] = true
			qs = append(qs, q)
		}
	}
	for _, q := range qs {
		seen[q] = true
	}
	for i := range int64(searchSample) {
		var name, cid, card string
		err := db.SQL().QueryRowContext(ctx, "SELECT full_name, coalesce(citizen_id, ''), coalesce(card_number, '') FROM members WHERE id >= $1 ORDER BY id LIMIT 1",
			lo+i*(hi-lo)/searchSample).Scan(&name, &cid, &card)
		if err != nil {
			return nil, err
		}
		w := strings.Fields(name)
		f := strings.Fields(viet.Fold(name))
		family, given := f[0], f[len(f)-1]
		add(family[:min(2, len(family))])
		add(family[:min(3, len(family))])
		add(family)
		add(given)
		add(w[len(w)-1])
		add(family + " " + given)
		add(viet.Fold(name))
		add(name)
		if last := f[len(f)-1]; len(last) > 2 {
			add(strings.Join(f[:len(f)-1], " ") + " " + last[:2])
		}
		for _, n := range []int{4, 6, 8, 10, 12} {
			if len(cid) >= n {
				add(cid[:n])
			}
		}
		for _, n := range []int{4, 6, 8} {
			if len(card) >= n {
				add(card[:n])
			}
		}
	}
	return qs, nil
}
