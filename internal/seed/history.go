package seed

import (
	"fmt"
	"strings"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
)

// history gives some members the later events of a long membership: deaths,
// removals, transfers, exemptions for age, discipline and moves between
// cells, each through the use case and the domain's rules.
func (g *gen) history(units []builtUnit) error {
	before := mergeDay.AddDays(-1)
	ms := &members.Service{DB: g.db}
	for _, u := range units {
		for id := u.firstID; id < u.firstID+int64(u.members); id++ {
			roll := g.r.IntN(1000)
			if roll >= 100 {
				continue
			}
			m, err := ms.Member(g.ctx, domain.System, id)
			if err != nil {
				return err
			}
			last := m.AdmissionDate
			if !m.OfficialDate.IsZero() {
				last = m.OfficialDate
			}
			age := domain.AgeOn(m.BirthDate, g.opt.Today)
			when := func(until domain.Date) domain.Date {
				from := last.AddDays(30)
				days := int(until.Time().Sub(from.Time()).Hours() / 24)
				if days <= 0 {
					return domain.Date{}
				}
				return from.AddDays(g.r.IntN(days))
			}
			var e domain.Event
			switch {
			case roll < 25 && age > 55:
				e = domain.Event{Kind: domain.EventDied, Date: when(g.opt.Today), Reason: "Từ trần", Decision: ""}
			case roll < 35:
				e = domain.Event{Kind: domain.EventRemoved, Date: when(before), Reason: "Bỏ sinh hoạt chi bộ 3 tháng trong năm không có lý do chính đáng", Decision: fmt.Sprintf("%d-QĐ/ĐU", 10+g.r.IntN(300))}
			case roll < 37 && m.Status == domain.StatusOfficial:
				e = domain.Event{Kind: domain.EventExpelled, Date: when(before), Reason: "Vi phạm tư cách đảng viên", Decision: fmt.Sprintf("%d-QĐ/UBKT", 10+g.r.IntN(300))}
			case roll < 52:
				e = domain.Event{Kind: domain.EventTransferredOut, Date: when(before), Reason: "Chuyển công tác ra ngoài tỉnh", Decision: fmt.Sprintf("%d-GGT/TU", 100+g.r.IntN(900))}
			case roll < 80 && age > 70:
				e = domain.Event{Kind: domain.EventExempted, Date: when(g.opt.Today), Reason: "Tuổi cao, sức yếu", Decision: fmt.Sprintf("%d-QĐ/CB", 1+g.r.IntN(50))}
			case roll < 86:
				e = domain.Event{Kind: domain.EventDisciplined, Date: when(before), Discipline: []string{"reprimand", "warning"}[g.r.IntN(2)],
					Reason: "Vi phạm quy định về những điều đảng viên không được làm", Decision: fmt.Sprintf("%d-QĐ/UBKT", 10+g.r.IntN(300))}
			case roll < 100 && len(u.cells) > 1:
				to := u.cells[g.r.IntN(len(u.cells))]
				if to.ID == m.OrgID {
					continue
				}
				e = domain.Event{Kind: domain.EventMoved, Date: when(before), ToOrgID: to.ID, Reason: "Thay đổi nơi cư trú", Decision: fmt.Sprintf("%d-GGT/ĐU", 1+g.r.IntN(200))}
			default:
				continue
			}
			if e.Date.IsZero() {
				continue
			}
			if _, _, err := ms.AddEvent(g.ctx, domain.System, id, e); err != nil {
				return fmt.Errorf("seed event %s for member %d: %w", e.Kind, id, err)
			}
			g.sum.Events++
		}
	}
	g.logf("Đã ghi %d sự kiện trong quá trình sinh hoạt.", g.sum.Events)
	return nil
}

// merge records the 2025 reorganisation: communes of each district merge in
// twos and threes into new communes directly under the province; agencies
// move to the new communes or the province; the districts are dissolved.
func (g *gen) merge(p domain.Org, units []builtUnit) error {
	dec := domain.Decision{Date: mergeDay, Reason: "Sắp xếp đơn vị hành chính, kết thúc hoạt động cấp huyện"}
	n := 0
	for ui, u := range units {
		var created []domain.Org
		for i := 0; i < len(u.communes); {
			size := 2 + g.r.IntN(2)
			if len(u.communes)-i == 4 || len(u.communes)-i < size {
				size = min(len(u.communes)-i, 2)
			}
			group := u.communes[i : i+size]
			i += size
			ids := make([]int64, len(group))
			for k, c := range group {
				ids[k] = c.ID
			}
			n++
			dec.Number = fmt.Sprintf("%d-QĐ/TU", 1200+n)
			// A merged commune takes the place name of its first part; a
			// town (thị trấn) becomes a commune, a city's wards stay wards.
			place := group[0].Name
			for _, pre := range []string{"Đảng bộ thị trấn ", "Đảng bộ xã ", "Đảng bộ phường "} {
				place = strings.TrimPrefix(place, pre)
			}
			kind := "xã"
			if u.town {
				kind = "phường"
			}
			name := "Đảng bộ " + kind + " " + place
			into, err := g.orgs.Merge(g.ctx, domain.System, domain.MergeInput{SourceIDs: ids, Decision: dec,
				Into: &domain.OrgInput{Code: fmt.Sprintf("X%03d", n), Name: name, Kind: domain.KindCommune, ParentID: p.ID}})
			if err != nil {
				return fmt.Errorf("seed merge %s: %w", name, err)
			}
			g.sum.Orgs++
			g.sum.Merged += len(group)
			created = append(created, into)
		}
		for k, d := range u.direct {
			to := p.ID
			if d.Kind == domain.KindGrassrootsCell && len(created) > 0 {
				to = created[k%len(created)].ID
			}
			dec.Number = fmt.Sprintf("%d-QĐ/TU", 1500+ui)
			if _, err := g.orgs.Move(g.ctx, domain.System, d.ID, to, dec); err != nil {
				return fmt.Errorf("seed move %s: %w", d.Name, err)
			}
		}
		dec.Number = fmt.Sprintf("%d-QĐ/TW", 300+ui)
		if _, err := g.orgs.Dissolve(g.ctx, domain.System, u.org.ID, dec); err != nil {
			return fmt.Errorf("seed dissolve %s: %w", u.org.Name, err)
		}
		if ui == 0 && len(created) > 0 {
			g.sum.Commune = created[0]
		}
	}
	g.logf("Đã ghi việc sáp nhập %d đảng bộ xã cũ thành %d đảng bộ xã mới ngày %s.", g.sum.Merged, n, mergeDay)
	return nil
}
