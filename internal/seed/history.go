package seed

import (
	"fmt"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
)

// history gives some members the later events of a long membership: deaths,
// removals, transfers, exemptions for age, discipline and moves between the
// cells of two villages of a district, each through the store's rules.
func (g *gen) history(units []builtUnit) error {
	before := mergeDay.AddDays(-1)
	ms := &members.Service{DB: g.db}
	for _, u := range units {
		home := map[int64]bool{}
		for _, c := range u.homes {
			home[c.ID] = true
		}
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
			case roll < 100 && len(u.homes) > 1 && home[m.OrgID]:
				// A move of residence, from one village's cell to another's.
				to := u.homes[g.r.IntN(len(u.homes))]
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

// merge records the reorganisation as it happened: the mergers of wards
// inside a district before 1/7/2025, then on that day the communes, wards
// and towns of each district merged into the communes and wards of the
// places list, directly under the province and each with its region of the
// minimum wage; the cells of the district's offices move to the offices of
// its new communes and its other agencies' to the commune of the district
// seat, under the names they took then (planAgencyLater); its grassroots
// committees move to the province, renamed likewise; the district is
// dissolved.
func (g *gen) merge(p domain.Org, units []builtUnit) error {
	n, early := 0, 0
	for ui, u := range units {
		pd := u.plan
		now := append([]domain.Org(nil), u.parts...) // what holds each former commune
		for _, e := range pd.early {
			early++
			dec := domain.Decision{Date: e.day, Number: fmt.Sprintf("%d-QĐ/TU", 1100+early), Reason: "Sắp xếp đơn vị hành chính cấp xã giai đoạn 2023–2025"}
			ids := make([]int64, len(e.parts))
			for k, i := range e.parts {
				ids[k] = now[i].ID
			}
			into, err := g.orgs.Merge(g.ctx, domain.System, domain.MergeInput{SourceIDs: ids, Decision: dec,
				Into: &domain.OrgInput{Code: e.code, Name: e.name, Kind: domain.KindCommune, ParentID: u.org.ID}})
			if err != nil {
				return fmt.Errorf("seed merge %s: %w", e.name, err)
			}
			g.sum.Orgs++
			g.sum.Merged += len(ids)
			for _, i := range e.parts {
				now[i] = into
			}
		}
		dec := domain.Decision{Date: mergeDay, Reason: "Sắp xếp đơn vị hành chính, kết thúc hoạt động cấp huyện"}
		created := make([]domain.Org, len(pd.communes))
		for ci, c := range pd.communes {
			var ids []int64
			seen := map[int64]bool{}
			for i, pp := range pd.parts {
				if pp.into == ci && !seen[now[i].ID] {
					seen[now[i].ID] = true
					ids = append(ids, now[i].ID)
				}
			}
			n++
			dec.Number = fmt.Sprintf("%d-QĐ/TU", 1200+n)
			into, err := g.orgs.Merge(g.ctx, domain.System, domain.MergeInput{SourceIDs: ids, Decision: dec,
				Into: &domain.OrgInput{Code: c.code, Name: c.name, Kind: domain.KindCommune, ParentID: p.ID}})
			if err != nil {
				return fmt.Errorf("seed merge %s: %w", c.name, err)
			}
			if err := g.region(into, pd.d.communes[ci].region, mergeDay); err != nil {
				return err
			}
			g.sum.Orgs++
			g.sum.Merged += len(ids)
			created[ci] = into
		}
		dec.Number = fmt.Sprintf("%d-QĐ/TU", 1500+ui)
		for k, a := range u.agencies {
			l := pd.agencyLater[k]
			if _, err := g.orgs.Move(g.ctx, domain.System, a.ID, created[l.commune].ID, dec); err != nil {
				return fmt.Errorf("seed move %s: %w", a.Name, err)
			}
			if l.name == a.Name {
				continue
			}
			if _, err := g.orgs.Rename(g.ctx, domain.System, a.ID, l.name, dec); err != nil {
				return fmt.Errorf("seed rename %s: %w", a.Name, err)
			}
		}
		for k, c := range u.committees {
			moved, err := g.orgs.Move(g.ctx, domain.System, c.ID, p.ID, dec)
			if err != nil {
				return fmt.Errorf("seed move %s: %w", c.Name, err)
			}
			if moved, err = g.orgs.Rename(g.ctx, domain.System, c.ID, pd.committees[k].later, dec); err != nil {
				return fmt.Errorf("seed rename %s: %w", c.Name, err)
			}
			// Under the province a committee keeps the region of the place it is in.
			if err := g.region(moved, pd.d.communes[0].region, mergeDay); err != nil {
				return err
			}
		}
		dec.Number = fmt.Sprintf("%d-QĐ/TW", 300+ui)
		if _, err := g.orgs.Dissolve(g.ctx, domain.System, u.org.ID, dec); err != nil {
			return fmt.Errorf("seed dissolve %s: %w", u.org.Name, err)
		}
		if ui == 0 {
			g.sum.Commune = created[0]
		}
	}
	g.logf("Đã ghi việc sáp nhập %d đảng bộ xã, phường, thị trấn cũ thành %d đảng bộ xã, phường mới ngày %s.", g.sum.Merged, n, mergeDay)
	return nil
}
