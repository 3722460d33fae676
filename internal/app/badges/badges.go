// Package badges holds the user actions on party badges (huy hiệu Đảng):
// the list of members due a badge on an award date, the next four dates,
// recording the awards with their numbers, and a member's party age with
// the notes that move it.
//
// Each exported method is one user action: it takes the actor, resolves the
// organisation or member once, runs in one write transaction or one read
// snapshot, calls the domain's rules, and returns the view that both the
// screen and the API render.
package badges

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// Service runs the badge actions against a database.
type Service struct{ DB *store.DB }

func (s *Service) today() domain.Date { return domain.DateOf(s.DB.Now()) }

// orgOf reads an organisation whose badge lists the actor reads: a member
// reads their own badges, not their cell's lists.
func orgOf(tx *store.Tx, id int64) (domain.Org, error) {
	if tx.Actor().Role == domain.RoleMember {
		return domain.Org{}, domain.ErrNotFound
	}
	return tx.Org(id)
}

// AwardRow is a member on an award date's list: due the badge of Years (with
// why it is early or late), or awarded it that day (with its number).
type AwardRow struct {
	MemberID  int64         `json:"member_id"`
	Name      string        `json:"name"`
	Gender    domain.Gender `json:"gender"`
	BirthDate domain.Date   `json:"birth_date"`
	OrgID     int64         `json:"org_id"`
	Org       string        `json:"org"`
	Start     domain.Date   `json:"party_age_from"`
	// Unconfirmed: the record's decision date is the ceremony's, copied in;
	// the list asks for the decision to be checked before the award.
	Unconfirmed bool             `json:"decision_date_unconfirmed"`
	Case        domain.BadgeCase `json:"case"`
	Number      string           `json:"number,omitempty"`   // once awarded
	Decision    string           `json:"decision,omitempty"` // once awarded
	sortKey     []byte
}

// AwardList is the list of an award date for an organisation's subtree:
// who is due each badge, who was awarded it, grouped by years.
type AwardList struct {
	Org      domain.Org  `json:"-"`
	Award    domain.Date `json:"award_date"`
	From     domain.Date `json:"from"` // reaching the years after this day
	Rows     []AwardRow  `json:"members"`
	Due      int         `json:"due"`
	Awarded  int         `json:"awarded"`
	ByYears  []YearsN    `json:"by_years"`
	CanAward bool        `json:"-"`
	Upper    string      `json:"-"`
	Sources  []string    `json:"-"` // the rules' texts, for the page
}

// YearsN counts a list's members by the badge's years.
type YearsN struct {
	Years int `json:"years"`
	Count int `json:"count"`
}

var errNotAwardDate = &domain.Error{Code: domain.CodeInvalid, Message: "Huy hiệu Đảng được trao vào các ngày 03/02, 19/05, 02/09 và 07/11.", Fields: domain.Fields{"date": "Chọn một ngày trao huy hiệu: 03/02, 19/05, 02/09 hoặc 07/11."}}

// List reads the list of an award date (zero: the next one) for an
// organisation's subtree: members due a badge whose day falls after the
// award date before (or after since, to catch up), and those awarded on
// that date.
func (s *Service) List(ctx context.Context, a domain.Actor, orgID int64, award, since domain.Date) (AwardList, error) {
	if award.IsZero() {
		award = domain.AwardDates(s.today(), 1)[0]
	}
	if !domain.IsAwardDate(award) {
		return AwardList{}, errNotAwardDate
	}
	from := domain.PrevAwardDate(award)
	if !since.IsZero() {
		if !since.Before(award) {
			return AwardList{}, &domain.Error{Code: domain.CodeInvalid, Message: "Ngày bắt đầu xét phải trước ngày trao.", Fields: domain.Fields{"since": "Phải trước ngày trao."}}
		}
		from = since.AddDays(-1)
	}
	var v AwardList
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := orgOf(tx, orgID)
		if err != nil {
			return err
		}
		v, err = list(tx, o, from, award)
		if up, err := tx.Ancestors(o); err == nil && len(up) > 0 {
			v.Upper = up[0].Name
		}
		return err
	})
	return v, err
}

func list(tx *store.Tx, o domain.Org, from, award domain.Date) (AwardList, error) {
	v := AwardList{Org: o, Award: award, From: from, Rows: []AwardRow{}, CanAward: tx.Actor().Role.WritesOrgs()}
	ms, err := tx.BadgeMembers(o, from, award)
	if err != nil {
		return v, err
	}
	seen := map[int64]bool{}
	for _, m := range ms {
		c, ok := domain.BadgeDue(m.Facts, from, award)
		if !ok {
			continue
		}
		seen[m.MemberID] = true
		v.Rows = append(v.Rows, AwardRow{MemberID: m.MemberID, Name: m.Name, Gender: m.Gender, BirthDate: m.BirthDate, OrgID: m.OrgID, Org: m.Org, Start: m.Facts.Start, Unconfirmed: m.Unconfirmed, Case: c, sortKey: m.SortKey})
		v.Due++
	}
	awarded, as, err := tx.AwardedOn(o, award)
	if err != nil {
		return v, err
	}
	for i, m := range awarded {
		if seen[m.MemberID] {
			continue
		}
		v.Rows = append(v.Rows, AwardRow{MemberID: m.MemberID, Name: m.Name, Gender: m.Gender, BirthDate: m.BirthDate, OrgID: m.OrgID, Org: m.Org, Start: m.Facts.Start,
			Case: domain.BadgeCase{Years: as[i].Years}, Number: as[i].Number, Decision: as[i].Decision, sortKey: m.SortKey})
		v.Awarded++
	}
	// By years, then the cell (its whole name collated, each cell's key
	// made once: a key per comparison was nine tenths of a province's
	// list), then the name the Vietnamese way.
	orgKey := map[int64][]byte{}
	for _, r := range v.Rows {
		if _, ok := orgKey[r.OrgID]; !ok {
			orgKey[r.OrgID] = viet.CollateKey(r.Org)
		}
	}
	slices.SortFunc(v.Rows, func(x, y AwardRow) int {
		if x.Case.Years != y.Case.Years {
			return x.Case.Years - y.Case.Years
		}
		if c := bytes.Compare(orgKey[x.OrgID], orgKey[y.OrgID]); c != 0 {
			return c
		}
		return bytes.Compare(x.sortKey, y.sortKey)
	})
	for _, r := range v.Rows {
		if n := len(v.ByYears); n == 0 || v.ByYears[n-1].Years != r.Case.Years {
			v.ByYears = append(v.ByYears, YearsN{Years: r.Case.Years})
		}
		v.ByYears[len(v.ByYears)-1].Count++
	}
	return v, nil
}

// UpcomingView is the next four award dates of an organisation's subtree,
// each with how many members are due which badge.
type UpcomingView struct {
	Org   domain.Org `json:"-"`
	Dates []Upcoming `json:"dates"`
}

// Upcoming is one award date ahead and its counts.
type Upcoming struct {
	Award   domain.Date `json:"award_date"`
	Due     int         `json:"due"`
	Awarded int         `json:"awarded"`
	ByYears []YearsN    `json:"by_years"`
}

// Upcoming reads the next four award dates with their counts.
func (s *Service) Upcoming(ctx context.Context, a domain.Actor, orgID int64) (UpcomingView, error) {
	var v UpcomingView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := orgOf(tx, orgID)
		if err != nil {
			return err
		}
		v.Org = o
		for _, d := range domain.AwardDates(tx.Today(), 4) {
			l, err := list(tx, o, domain.PrevAwardDate(d), d)
			if err != nil {
				return err
			}
			v.Dates = append(v.Dates, Upcoming{Award: d, Due: l.Due, Awarded: l.Awarded, ByYears: l.ByYears})
		}
		return nil
	})
	return v, err
}

// AwardInput is the awards of one award date recorded at once: the
// members and the decision that awards them.
type AwardInput struct {
	Award     domain.Date `json:"award_date"`
	Since     domain.Date `json:"since,omitempty"` // as List's: members an earlier list missed
	Decision  string      `json:"decision"`
	MemberIDs []int64     `json:"member_ids"`
}

// AwardsRecorded is the awards written, with their numbers.
type AwardsRecorded struct {
	Awards []store.BadgeAward `json:"awards"`
}

// maxAwards is the most awards one request records.
const maxAwards = 5000

// Record records the badges of an award date for members of an
// organisation's subtree, each due its badge on that date, with a number
// each, in one transaction: a member not due, or a bad decision number,
// refuses the whole.
func (s *Service) Record(ctx context.Context, a domain.Actor, orgID int64, in AwardInput) (AwardsRecorded, error) {
	v := AwardsRecorded{Awards: []store.BadgeAward{}}
	in.Decision = viet.Clean(in.Decision)
	f := domain.Fields{}
	if err := domain.CheckText("decision", "Số quyết định", viet.Proper, in.Decision); err != nil {
		return v, err
	}
	if in.Decision == "" || len([]rune(in.Decision)) > 64 {
		f.Add("decision", "Cần số quyết định tặng huy hiệu (tối đa 64 ký tự).")
	}
	if !domain.IsAwardDate(in.Award) {
		f.Add("award_date", errNotAwardDate.Message)
	} else if next := domain.AwardDates(s.today(), 1)[0]; in.Award.After(next) {
		f.Add("award_date", fmt.Sprintf("Chỉ ghi huy hiệu của đợt trao gần nhất (%s) hoặc các đợt đã qua.", next))
	}
	switch {
	case len(in.MemberIDs) == 0:
		f.Add("member_ids", "Chưa chọn đảng viên.")
	case len(in.MemberIDs) > maxAwards:
		f.Add("member_ids", fmt.Sprintf("Tối đa %d đảng viên một lần.", maxAwards))
	}
	if err := f.Err(); err != nil {
		return v, err
	}
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		o, err := orgOf(tx, orgID)
		if err != nil {
			return err
		}
		if !a.Role.WritesOrgs() {
			return domain.ErrForbiddenWrite
		}
		from := domain.PrevAwardDate(in.Award)
		if !in.Since.IsZero() && in.Since.Before(in.Award) {
			from = in.Since.AddDays(-1)
		}
		prefix, err := tx.BadgePrefix(o)
		if err != nil {
			return err
		}
		if err := tx.LockBadgeSeries(prefix); err != nil {
			return err
		}
		l, err := list(tx, o, from, in.Award)
		if err != nil {
			return err
		}
		due, awarded := map[int64]AwardRow{}, map[int64]AwardRow{}
		for _, r := range l.Rows {
			if r.Number == "" {
				due[r.MemberID] = r
			} else {
				awarded[r.MemberID] = r
			}
		}
		seen := map[int64]bool{}
		for _, id := range in.MemberIDs {
			r, ok := due[id]
			if !ok || seen[id] {
				name := fmt.Sprintf("#%d", id)
				if m, err := tx.Member(id); err == nil {
					name = m.FullName
				}
				msg := fmt.Sprintf("Đảng viên %s không có trong danh sách được xét tặng huy hiệu ngày %s.", name, in.Award)
				switch {
				case seen[id]:
					msg = fmt.Sprintf("Đảng viên %s được chọn hai lần.", name)
				case awarded[id].Number != "":
					w := awarded[id]
					msg = fmt.Sprintf("Đảng viên %s đã được ghi tặng Huy hiệu %d năm tuổi đảng (số %s, quyết định %s) đợt %s.", name, w.Case.Years, w.Number, w.Decision, in.Award)
				}
				return &domain.Error{Code: domain.CodeInvalid, Message: msg, Fields: domain.Fields{"member_ids": msg}}
			}
			seen[id] = true
			m, err := tx.Member(id)
			if err != nil {
				return err
			}
			aw, err := tx.RecordBadge(m, prefix, r.Case, in.Award, in.Decision, r.Case.Early+r.Case.Delayed)
			if err != nil {
				return err
			}
			v.Awards = append(v.Awards, aw)
		}
		return nil
	})
	return v, err
}

// PartyAgeView is a member's party age and badges: when it counts from, the
// breaks, how old it is today, the next badge and its award date, the
// badges awarded and the notes.
type PartyAgeView struct {
	Member   domain.Member         `json:"-"`
	Start    domain.Date           `json:"party_age_from"`
	Years    int                   `json:"party_age_years"`
	Months   int                   `json:"party_age_months"`
	Breaks   []domain.Period       `json:"breaks"`
	Next     *domain.BadgeCase     `json:"next,omitempty"`
	NextDate domain.Date           `json:"next_award_date,omitempty"`
	Awards   []store.BadgeAward    `json:"awards"`
	Notes    []domain.PartyAgeNote `json:"notes"`
	CanWrite bool                  `json:"-"`
}

// Member reads a member's party age and badges.
func (s *Service) Member(ctx context.Context, a domain.Actor, memberID int64) (PartyAgeView, error) {
	var v PartyAgeView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		v.Member, v.CanWrite = m, a.Role.WritesMembers() && m.Status.Active()
		facts, err := tx.BadgeFactsOf(m)
		if err != nil {
			return err
		}
		today := tx.Today()
		v.Start, v.Notes = facts.Start, facts.Notes
		if v.Notes == nil {
			v.Notes = []domain.PartyAgeNote{}
		}
		v.Breaks = domain.PartyAgeBreaks(facts.Events, facts.Notes)
		if v.Breaks == nil {
			v.Breaks = []domain.Period{}
		}
		if m.Status == domain.StatusOfficial || m.Status == domain.StatusProbationary {
			v.Years, v.Months = domain.PartyAgeLess(facts.Start, v.Breaks, today)
		}
		if v.Awards, err = tx.MemberBadges(m); err != nil {
			return err
		}
		if m.Status != domain.StatusOfficial {
			return nil
		}
		// The next award date the member is due a badge on, within the
		// next twelve years of dates.
		for _, d := range domain.AwardDates(today, 48) {
			if c, ok := domain.BadgeDue(facts, domain.PrevAwardDate(d), d); ok {
				v.Next, v.NextDate = &c, d
				break
			}
		}
		return nil
	})
	return v, err
}

// AddNote records a note on a member's party age: a period without party
// activity the events do not show, or a serious illness (the badge early).
func (s *Service) AddNote(ctx context.Context, a domain.Actor, memberID int64, n domain.PartyAgeNote) (domain.PartyAgeNote, error) {
	var out domain.PartyAgeNote
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.MemberForUpdate(memberID)
		if err != nil {
			return err
		}
		if !m.Status.Active() {
			return domain.Errorf(domain.CodeConflict, "Đảng viên %s không còn sinh hoạt (%s).", m.FullName, m.Status.Label())
		}
		if err := domain.CheckPartyAgeNote(&n, domain.PartyAgeStart(m), tx.Today()); err != nil {
			return err
		}
		out, err = tx.AddPartyAgeNote(m, n)
		return err
	})
	return out, err
}
