// Package celllife holds the user actions of a cell's monthly life: its
// meetings and their attendance, the plan for the year, documents, the
// committee members in charge of cells, members' tasks, and the staff's
// overview of a subtree.
//
// Each exported method is one user action: it takes the actor, resolves the
// organisation once, runs in one write transaction or one read snapshot,
// calls the domain's rules, and returns the view that both the screen and
// the API render.
package celllife

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// Service runs the cell-life actions against a database.
type Service struct{ DB *store.DB }

func (s *Service) today() domain.Date { return domain.DateOf(s.DB.Now()) }

// TasksCap is the most members of a subtree whose tasks are checked one by
// one; above it (a province) the lists ask to pick a commune.
const TasksCap = 20000

// OverviewTasksCap is the same for an overview, a summary: the task lists
// of a province are read commune by commune.
const OverviewTasksCap = 6000

// CellsCap is the most cells whose meeting rules an overview checks one by
// one; above it the page asks to pick a commune.
const CellsCap = 600

// Choice is one entry of a form's list.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// YearView is an organisation's meetings of a year with the rules they did
// not keep; for a cell, what its screen shows beside: the year's attendance,
// who was absent without reason, task flags and the committee members in
// charge.
type YearView struct {
	Org                     domain.Org              `json:"-"`
	Year                    int                     `json:"year"`
	Meetings                []store.Meeting         `json:"meetings"`
	Warnings                []domain.MeetingWarning `json:"warnings"`
	Upcoming                *store.Meeting          `json:"next,omitempty"`
	Totals                  domain.AttendanceCounts `json:"attendance"`
	Held                    int                     `json:"held"`
	RemovalAt               int                     `json:"removal_at"` // months of absence or unpaid fees that are a ground for removal
	Grounds                 []domain.RemovalGround  `json:"removal_grounds"`
	RemovalSrc              string                  `json:"removal_source"`
	Absentees               []store.Absentee        `json:"unexcused"` // the last twelve months
	MinMinutes, MinCombined int                     `json:"-"`         // the meeting rule's lengths, for the screen's reminder
	MeetingRuleSource       string                  `json:"-"`
	NoTask                  []store.MemberRef       `json:"no_current_task"`
	Stale                   []store.StaleTask       `json:"stale_tasks"`
	InCharge                []store.InCharge        `json:"in_charge"`
	Ended                   []store.InCharge        `json:"ended_in_charge"` // charges ended in the last year, to give back`
	CanWrite                bool                    `json:"-"`
	CanAssign               bool                    `json:"-"`
	Committee               []Choice                `json:"-"` // who can be put in charge: members above with a committee post
	// OwnOnly: the actor is a member, who reads the cell's schedule and
	// their own lines; the lists about others (absences, grounds, tasks,
	// the committee members in charge) hold at most their own.
	OwnOnly bool  `json:"-"`
	Self    int64 `json:"-"` // the member's own record, with OwnOnly
}

// Year reads an organisation's meetings of a year.
func (s *Service) Year(ctx context.Context, a domain.Actor, orgID int64, year int) (YearView, error) {
	var v YearView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v, err = yearView(tx, o, year)
		return err
	})
	return v, err
}

// PageView is the cell-life page of an organisation: a cell's year, or a
// committee's overview of its subtree.
type PageView struct {
	Org      domain.Org
	Year     *YearView
	Overview *OverviewView
}

// Page reads the cell-life page of an organisation, resolving it once.
func (s *Service) Page(ctx context.Context, a domain.Actor, orgID int64, year int) (PageView, error) {
	var v PageView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v.Org = o
		if !o.Kind.IsCell() {
			ov, err := overview(tx, o)
			v.Overview = &ov
			return err
		}
		y, err := yearView(tx, o, year)
		v.Year = &y
		return err
	})
	return v, err
}

func yearView(tx *store.Tx, o domain.Org, year int) (YearView, error) {
	a := tx.Actor()
	today := tx.Today()
	v := YearView{Org: o, Year: year, RemovalAt: domain.RemovalMonths(today), RemovalSrc: removalSource(today), CanWrite: a.Role.WritesMembers() && o.ValidTo.IsZero(),
		OwnOnly: a.Role == domain.RoleMember, Self: a.MemberID,
		MinMinutes: domain.Rules.Int("meeting.min_minutes", today), MinCombined: domain.Rules.Int("meeting.min_minutes_combined", today)}
	if r, err := domain.Rules.At("meeting.min_minutes", today); err == nil {
		v.MeetingRuleSource = r.Source
	}
	var err error
	if v.Meetings, err = tx.Meetings(o, year); err != nil {
		return v, err
	}
	for i, m := range v.Meetings {
		if m.Held(today) {
			v.Totals, v.Held = v.Totals.Plus(m.Counts), v.Held+1
		} else if v.Upcoming == nil {
			v.Upcoming = &v.Meetings[i]
		}
	}
	v.Warnings = orEmpty(domain.CheckMeetings(year, today, store.Facts(v.Meetings)))
	if !o.Kind.IsCell() {
		return v, nil
	}
	if v.Absentees, err = tx.Unexcused(o, today.AddMonths(-12).AddDays(1), today, 1, 0); err != nil {
		return v, err
	}
	if v.Grounds, err = removalGrounds(tx, o, today.AddMonths(-12).AddDays(1), today, 0); err != nil {
		return v, err
	}
	if v.NoTask, v.Stale, _, err = tx.TaskFlags(o, TasksCap); err != nil {
		return v, err
	}
	if v.InCharge, err = tx.InChargeOf(o, today, today); err != nil {
		return v, err
	}
	if v.Ended, err = endedInCharge(tx, o, today, v.InCharge); err != nil {
		return v, err
	}
	if v.CanAssign = a.Role.WritesOrgs() && o.ValidTo.IsZero(); v.CanAssign {
		// Committee members: those of the commune (or the committee above
		// the cell) whose party position names a committee.
		parent, err := tx.Org(o.ParentID)
		if err != nil {
			return v, nil // the committee above is out of scope: nobody to offer
		}
		page, err := tx.MemberPage(store.MemberFilter{Position: "ủy", Limit: 500}, &parent)
		if err != nil {
			return v, err
		}
		for _, m := range page.Items {
			v.Committee = append(v.Committee, Choice{strconv.FormatInt(m.ID, 10), m.FullName + " — " + m.PartyPosition})
		}
	}
	return v, nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// CreateMeeting records a planned or held meeting of a cell.
func (s *Service) CreateMeeting(ctx context.Context, a domain.Actor, cellID int64, in domain.MeetingInput) (store.Meeting, error) {
	in.Normalize(viet.Clean)
	if err := domain.ValidateMeeting(in, s.today()); err != nil {
		return store.Meeting{}, err
	}
	var m store.Meeting
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		o, err := tx.WritableCell(cellID)
		if err != nil {
			return err
		}
		m, err = tx.CreateMeeting(o, in)
		return err
	})
	return m, err
}

// UpdateMeeting changes a meeting's record.
func (s *Service) UpdateMeeting(ctx context.Context, a domain.Actor, id int64, in domain.MeetingInput) (store.Meeting, error) {
	in.Normalize(viet.Clean)
	if err := domain.ValidateMeeting(in, s.today()); err != nil {
		return store.Meeting{}, err
	}
	var m store.Meeting
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		before, err := tx.Meeting(id)
		if err != nil {
			return err
		}
		m, err = tx.UpdateMeeting(before, in)
		return err
	})
	return m, err
}

// PlanView is what a plan added.
type PlanView struct {
	Added int `json:"added"`
}

// PlanYear puts a cell's plan for a year in place (domain.PlanYear), in one
// transaction with one audit row.
func (s *Service) PlanYear(ctx context.Context, a domain.Actor, cellID int64, in domain.PlanInput) (PlanView, error) {
	var v PlanView
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		o, err := tx.WritableCell(cellID)
		if err != nil {
			return err
		}
		var existing []store.Meeting
		if in.Year >= tx.Today().Year() && in.Year <= tx.Today().Year()+1 {
			if existing, err = tx.Meetings(o, in.Year); err != nil {
				return err
			}
		}
		plan, err := domain.PlanYear(in, tx.Today(), store.Facts(existing), viet.Clean)
		if err != nil {
			return err
		}
		v.Added = len(plan)
		return tx.PlanMeetings(o, in, plan)
	})
	return v, err
}

// MeetingView is a meeting with the roster of its cell on its day, the
// committee members in charge then, and its documents.
type MeetingView struct {
	Meeting  store.Meeting           `json:"meeting"`
	Roster   []domain.RosterRow      `json:"roster"`
	InCharge []store.MeetingInCharge `json:"in_charge"`
	Docs     []store.Document        `json:"documents"`
	Problems []domain.MeetingWarning `json:"problems"` // rules this meeting broke (too short)
	Held     bool                    `json:"held"`
	CanWrite bool                    `json:"-"`
	OwnOnly  bool                    `json:"-"` // a member: the roster and the guests hold their own line only
}

// Meeting reads a meeting and its roster.
func (s *Service) Meeting(ctx context.Context, a domain.Actor, id int64) (MeetingView, error) {
	var v MeetingView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		v, err = meetingView(tx, id)
		return err
	})
	return v, err
}

func meetingView(tx *store.Tx, id int64) (MeetingView, error) {
	m, err := tx.Meeting(id)
	if err != nil {
		return MeetingView{}, err
	}
	today := tx.Today()
	v := MeetingView{Meeting: m, Held: m.Held(today), CanWrite: tx.Actor().Role.WritesMembers(), OwnOnly: tx.Actor().Role == domain.RoleMember, Problems: []domain.MeetingWarning{}}
	for _, w := range domain.CheckMeetings(m.HeldOn.Year(), today, store.Facts([]store.Meeting{m})) {
		if w.Meeting == m.ID {
			v.Problems = append(v.Problems, w)
		}
	}
	if v.Roster, err = tx.Roster(m); err != nil {
		return v, err
	}
	if v.InCharge, err = tx.InChargeAt(m); err != nil {
		return v, err
	}
	v.Docs, err = tx.Documents(m)
	return v, err
}

// Guest is whether a committee member in charge of the cell came.
type Guest struct {
	MemberID int64 `json:"member_id"`
	Attended bool  `json:"attended"`
}

// RecordAttendance sets the attendance of some members of a meeting's roster
// and whether the committee members in charge came, checked against the
// roster read in the same transaction (domain.CheckMarks); a refusal writes
// nothing.
func (s *Service) RecordAttendance(ctx context.Context, a domain.Actor, meetingID int64, marks []domain.Mark, guests []Guest) (store.Meeting, error) {
	var out store.Meeting
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Meeting(meetingID)
		if err != nil {
			return err
		}
		if len(marks) > 0 {
			roster, err := tx.Roster(m)
			if err != nil {
				return err
			}
			if err := domain.CheckMarks(m.Org, m.HeldOn, tx.Today(), roster, marks, viet.Clean); err != nil {
				return err
			}
			if err := tx.RecordAttendance(m, roster, marks); err != nil {
				return err
			}
		}
		if len(guests) > 0 && m.HeldOn.After(tx.Today()) {
			return domain.Errorf(domain.CodeConflict, "Buổi sinh hoạt ngày %s chưa diễn ra.", m.HeldOn)
		}
		for _, g := range guests {
			if err := tx.MarkInCharge(m, g.MemberID, g.Attended); err != nil {
				return err
			}
		}
		out, err = tx.Meeting(meetingID)
		return err
	})
	return out, err
}

// AttendanceView is the attendance of a subtree or a member over a period.
type AttendanceView struct {
	From       domain.Date             `json:"from"`
	To         domain.Date             `json:"to"`
	Meetings   int                     `json:"meetings"`
	Attendance domain.AttendanceCounts `json:"attendance"`
	PerMille   int                     `json:"present_per_mille"`
	Absentees  []store.Absentee        `json:"unexcused"`
}

// OrgAttendance reads a subtree's attendance between from and to, with the
// members of at least minUnexcused unexcused absences.
func (s *Service) OrgAttendance(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Date, minUnexcused int) (AttendanceView, error) {
	v := AttendanceView{From: from, To: to}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		if v.Attendance, v.Meetings, err = tx.AttendanceTotals(o, from, to); err != nil {
			return err
		}
		v.PerMille = v.Attendance.Rate()
		v.Absentees, err = tx.Unexcused(o, from, to, max(minUnexcused, 1), 0)
		return err
	})
	return v, err
}

// MemberAttendance reads one member's attendance between from and to.
func (s *Service) MemberAttendance(ctx context.Context, a domain.Actor, memberID int64, from, to domain.Date) (AttendanceView, error) {
	v := AttendanceView{From: from, To: to, Absentees: []store.Absentee{}}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		v.Attendance, err = tx.MemberAttendance(m, from, to)
		v.PerMille = v.Attendance.Rate()
		return err
	})
	return v, err
}

// InCharge lists the committee members in charge of the cells of a subtree
// over a period, with the meetings they attended.
func (s *Service) InCharge(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Date) ([]store.InCharge, error) {
	var out []store.InCharge
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		out, err = tx.InChargeOf(o, from, to)
		return err
	})
	return out, err
}

// AssignInCharge puts a committee member in charge of a cell from a day.
func (s *Service) AssignInCharge(ctx context.Context, a domain.Actor, cellID, memberID int64, from domain.Date, decision string) (store.InCharge, error) {
	if from.IsZero() {
		return store.InCharge{}, &domain.Error{Code: domain.CodeInvalid, Message: "Cần ngày bắt đầu phụ trách.", Fields: domain.Fields{"from": "Cần ngày (dd/mm/yyyy)."}}
	}
	var c store.InCharge
	err := s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		c, err = tx.AssignInCharge(cellID, memberID, from, strings.TrimSpace(decision))
		return err
	})
	return c, err
}

// EndInCharge ends a charge on a day.
func (s *Service) EndInCharge(ctx context.Context, a domain.Actor, id int64, to domain.Date) error {
	return s.DB.Write(ctx, a, func(tx *store.Tx) error { return tx.EndInCharge(id, to) })
}

// RestoreInCharge gives a charge that was ended back to the committee member
// who had it, from a day on or after its end: a mistaken end is undone by a
// new charge, audited, and the ended one stays on record.
func (s *Service) RestoreInCharge(ctx context.Context, a domain.Actor, id int64, from domain.Date) (store.InCharge, error) {
	var c store.InCharge
	err := s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		c, err = tx.RestoreInCharge(id, from)
		return err
	})
	return c, err
}

// endedInCharge lists the charges of a cell that ended in the last year,
// the latest of each committee member not in charge again: those a
// mistaken end can be undone for.
func endedInCharge(tx *store.Tx, o domain.Org, today domain.Date, current []store.InCharge) ([]store.InCharge, error) {
	all, err := tx.InChargeOf(o, today.AddMonths(-12), today)
	if err != nil {
		return nil, err
	}
	out := []store.InCharge{}
	at := map[int64]int{} // member → their latest ended charge in out
	for _, c := range current {
		at[c.MemberID] = -1
	}
	for _, c := range all { // by name, then by start: a member's latest comes last
		if c.To.IsZero() || c.To.After(today) {
			continue
		}
		switch i, ok := at[c.MemberID]; {
		case !ok:
			at[c.MemberID] = len(out)
			out = append(out, c)
		case i >= 0:
			out[i] = c
		}
	}
	return out, nil
}

// Documents lists a meeting's documents.
func (s *Service) Documents(ctx context.Context, a domain.Actor, meetingID int64) ([]store.Document, error) {
	var out []store.Document
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Meeting(meetingID)
		if err != nil {
			return err
		}
		out, err = tx.Documents(m)
		return err
	})
	return out, err
}

// AddDocument attaches a PDF or image to a meeting. What the file is comes
// from its content; a name is only shown.
func (s *Service) AddDocument(ctx context.Context, a domain.Actor, meetingID int64, name string, data []byte) (store.Document, error) {
	if err := domain.CheckDocumentName(name); err != nil {
		return store.Document{}, err
	}
	ct, err := domain.DocumentKind(data)
	if err != nil {
		return store.Document{}, &domain.Error{Code: domain.CodeInvalid, Message: "Không nhận tệp này: " + err.Error() + ".", Fields: domain.Fields{"file": err.Error()}}
	}
	sum := sha256.Sum256(data)
	d := store.Document{MeetingID: meetingID, Name: domain.DocumentName(name), ContentType: ct, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	err = s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Meeting(meetingID)
		if err != nil {
			return err
		}
		d, err = tx.AddDocument(m, d, data)
		return err
	})
	return d, err
}

// Document reads one document with its content.
func (s *Service) Document(ctx context.Context, a domain.Actor, id int64) (store.Document, error) {
	var d store.Document
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		d, err = tx.DocumentFile(id)
		return err
	})
	return d, err
}

// RemoveDocument takes a document off its meeting, whose id it returns; the
// document is kept, hidden.
func (s *Service) RemoveDocument(ctx context.Context, a domain.Actor, id int64) (meetingID int64, err error) {
	err = s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		meetingID, err = tx.RemoveDocument(id)
		return err
	})
	return meetingID, err
}

// TasksView is a member's tasks, with what the task form offers.
type TasksView struct {
	Member   domain.Member `json:"-"`
	Tasks    []store.Task  `json:"tasks"`
	CanWrite bool          `json:"-"`
	Meetings []Choice      `json:"-"` // the cell's meetings held this year, newest first
}

// Tasks reads a member's tasks, newest first.
func (s *Service) Tasks(ctx context.Context, a domain.Actor, memberID int64) (TasksView, error) {
	var v TasksView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		v.Member, v.CanWrite = m, a.Role.WritesMembers() && domain.CanGiveTask(m) == nil
		if v.Tasks, err = tx.MemberTasks(m); err != nil {
			return err
		}
		cell, err := tx.Org(m.OrgID)
		if err != nil {
			return nil // the cell is out of sight (a member who left): no meetings to offer
		}
		today := tx.Today()
		ms, err := tx.Meetings(cell, today.Year())
		if err != nil {
			return err
		}
		for i := len(ms) - 1; i >= 0; i-- {
			if ms[i].Held(today) {
				v.Meetings = append(v.Meetings, Choice{strconv.FormatInt(ms[i].ID, 10), ms[i].KindLabel + " " + ms[i].HeldOn.String()})
			}
		}
		return nil
	})
	return v, err
}

// GiveTask gives a member a task.
func (s *Service) GiveTask(ctx context.Context, a domain.Actor, memberID int64, in domain.TaskInput) (store.Task, error) {
	in.Title, in.AssignedBy, in.Description = viet.Clean(in.Title), viet.Clean(in.AssignedBy), strings.TrimSpace(in.Description)
	if err := domain.ValidateTask(in); err != nil {
		return store.Task{}, err
	}
	var out store.Task
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		id, err := tx.CreateTask(memberID, in)
		if err != nil {
			return err
		}
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		ts, err := tx.MemberTasks(m)
		if i := slices.IndexFunc(ts, func(t store.Task) bool { return t.ID == id }); i >= 0 {
			out = ts[i]
		}
		return err
	})
	return out, err
}

// AddTaskNote records progress on a task or, with a rating, its review.
func (s *Service) AddTaskNote(ctx context.Context, a domain.Actor, taskID int64, n domain.TaskNote) (domain.TaskNote, error) {
	n.Note = strings.TrimSpace(n.Note)
	today := s.today()
	if err := domain.ValidateTaskNote(n, domain.Date{}, today); err != nil {
		return n, err
	}
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		from, m, err := tx.TaskMember(taskID)
		if err != nil {
			return err
		}
		if err := domain.ValidateTaskNote(n, from, today); err != nil {
			return err
		}
		return tx.AddTaskNote(taskID, m.ID, n)
	})
	return n, err
}

// TaskFlagsView is, for a commune or a cell, the active members with no
// current task and the current tasks that no longer fit.
type TaskFlagsView struct {
	Listed bool              `json:"listed"` // false: the subtree is too large, ask a commune or a cell
	NoTask []store.MemberRef `json:"no_current_task"`
	Stale  []store.StaleTask `json:"stale_tasks"`
}

// TaskFlags reads the task flags of a subtree.
func (s *Service) TaskFlags(ctx context.Context, a domain.Actor, orgID int64) (TaskFlagsView, error) {
	var v TaskFlagsView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v.NoTask, v.Stale, v.Listed, err = tx.TaskFlags(o, TasksCap)
		v.NoTask, v.Stale = orEmpty(v.NoTask), orEmpty(v.Stale)
		return err
	})
	return v, err
}

// MonthView is a cell's month at a glance, for its secretary's home page:
// the last meeting held, the next one, and the fee sheet.
type MonthView struct {
	Org      domain.Org
	Month    domain.Month
	Last     *store.Meeting
	Next     *store.Meeting
	Sheet    store.FeeSheet
	CanWrite bool
}

// Month reads a cell's month at a glance.
func (s *Service) Month(ctx context.Context, a domain.Actor, cellID int64) (MonthView, error) {
	var v MonthView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(cellID)
		if err != nil {
			return err
		}
		today := tx.Today()
		v = MonthView{Org: o, Month: domain.MonthOf(today), CanWrite: a.Role.WritesMembers()}
		ms, err := tx.Meetings(o, today.Year())
		if err != nil {
			return err
		}
		for i := range ms {
			if ms[i].Held(today) {
				v.Last = &ms[i]
			} else if v.Next == nil {
				v.Next = &ms[i]
			}
		}
		v.Sheet, err = tx.FeeSheet(o, v.Month)
		return err
	})
	return v, err
}

// Cell reads the organisation a cell-life form is for.
func (s *Service) Cell(ctx context.Context, a domain.Actor, orgID int64) (domain.Org, error) {
	var o domain.Org
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		o, err = tx.Org(orgID)
		return err
	})
	return o, err
}
