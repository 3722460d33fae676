package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"dangvien/internal/app/celllife"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

type tasksPage struct {
	celllife.TasksView
	M        domain.Member
	Raw      map[string]string
	Errs     map[string]string
	Error    string
	Ratings  []option
	Meetings []option
	Today    string
}

// tasksScreen is a member's tasks: what they were given, when and by whom,
// progress and reviews, and why a task may no longer fit.
func (s *Server) tasksScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.tasksPageFor(r, sess)
	if err != nil {
		return err
	}
	flash := map[string]string{"giao": "Đã giao nhiệm vụ.", "ghi": "Đã ghi."}[r.URL.Query().Get("da-luu")]
	s.render(w, http.StatusOK, "tasks", view{Title: "Nhiệm vụ: " + p.M.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

func (s *Server) tasksPageFor(r *http.Request, sess store.Session) (tasksPage, error) {
	ctx, a := r.Context(), sess.Actor
	id, err := pathID(r, "id")
	if err != nil {
		return tasksPage{}, err
	}
	v, err := s.Life.Tasks(ctx, a, id)
	if err != nil {
		return tasksPage{}, err
	}
	today := domain.DateOf(s.DB.Now())
	p := tasksPage{TasksView: v, M: v.Member, Errs: map[string]string{}, Today: today.String(),
		Raw: map[string]string{"from": today.String(), "to": domain.NewDate(today.Year(), 12, 31).String()}}
	for _, rt := range domain.TaskRatings {
		p.Ratings = append(p.Ratings, option{string(rt), rt.Label()})
	}
	for _, c := range v.Meetings {
		p.Meetings = append(p.Meetings, option{c.Value, c.Label})
	}
	return p, nil
}

// taskSave gives a task or notes one.
func (s *Server) taskSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.tasksPageFor(r, sess)
	if err != nil {
		return err
	}
	ctx := r.Context()
	for _, k := range []string{"title", "description", "from", "to", "meeting_id", "assigned_by", "task_id", "on", "rating", "note"} {
		p.Raw[k] = r.PostFormValue(k)
	}
	bad := domain.Fields{}
	date := func(k string) domain.Date {
		d, err := domain.ParseDate(p.Raw[k])
		if err != nil {
			bad.Add(k, "Ngày có dạng dd/mm/yyyy.")
		}
		return d
	}
	done := ""
	switch r.PostFormValue("action") {
	case "create":
		in := domain.TaskInput{Title: p.Raw["title"], Description: p.Raw["description"], From: date("from"), To: date("to"), AssignedBy: p.Raw["assigned_by"]}
		in.MeetingID, _ = strconv.ParseInt(p.Raw["meeting_id"], 10, 64)
		if len(bad) == 0 {
			_, err = s.Life.GiveTask(ctx, sess.Actor, p.M.ID, in)
		}
		done = "giao"
	case "note":
		task, _ := strconv.ParseInt(p.Raw["task_id"], 10, 64)
		n := domain.TaskNote{On: date("on"), Rating: domain.TaskRating(p.Raw["rating"]), Note: p.Raw["note"]}
		if len(bad) == 0 {
			_, err = s.Life.AddTaskNote(ctx, sess.Actor, task, n)
		}
		done = "ghi"
	default:
		return domain.ErrNotFound
	}
	if len(bad) > 0 {
		err = &domain.Error{Code: domain.CodeInvalid, Message: "Dữ liệu chưa hợp lệ, xin kiểm tra lại.", Fields: bad}
	}
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == domain.CodeInvalid || de.Code == domain.CodeConflict) {
		p.Error, p.Errs = de.Message, de.Fields
		if p.Errs == nil {
			p.Errs = map[string]string{}
		}
		s.render(w, http.StatusUnprocessableEntity, "tasks", view{Title: "Nhiệm vụ: " + p.M.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d/nhiem-vu?da-luu=%s", p.M.ID, done), http.StatusSeeOther)
	return nil
}
