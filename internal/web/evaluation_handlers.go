package web

import (
	"net/http"
	"strconv"

	"dangvien/internal/app/discipline"
	"dangvien/internal/app/evaluation"
	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The JSON API of the yearly evaluation, discipline and the screening.
// Thin: each route decodes, calls one use case, writes its view.

type proposalsBody struct {
	Proposals []evaluation.ProposalItem `json:"proposals"`
}

type closeFindingBody struct {
	On   domain.Date `json:"on"`
	Note string      `json:"note"`
}

// pathYear reads the {year} of a route; a malformed one is not found.
func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y <= 0 {
		return 0, domain.ErrNotFound
	}
	return y, nil
}

// byYearBody makes a handler of a route with an {id}, a {year} and a JSON body.
func byYearBody[In, Out any](s *Server, fn func(r *http.Request, a domain.Actor, id int64, year int, in In) (Out, error)) handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in In) (Out, error) {
		y, err := pathYear(r)
		if err != nil {
			var zero Out
			return zero, err
		}
		return fn(r, a, id, y, in)
	})
}

func (s *Server) apiMemberRatings() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (evaluation.MemberRatingsView, error) {
		y, err := queryInt(r, "year")
		if err != nil {
			return evaluation.MemberRatingsView{}, err
		}
		return s.Eval.Member(r.Context(), a, id, y)
	})
}

func (s *Server) apiSelfReview() handler {
	return byYearBody(s, func(r *http.Request, a domain.Actor, id int64, y int, in domain.SelfReview) (store.Rating, error) {
		return s.Eval.SelfReview(r.Context(), a, id, y, in)
	})
}

func (s *Server) apiOrgRatings() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (evaluation.OrgRatingsView, error) {
		y, err := queryInt(r, "year")
		if err != nil {
			return evaluation.OrgRatingsView{}, err
		}
		return s.Eval.Org(r.Context(), a, id, y)
	})
}

func (s *Server) apiPropose() handler {
	return byYearBody(s, func(r *http.Request, a domain.Actor, id int64, y int, in proposalsBody) ([]store.Rating, error) {
		return s.Eval.Propose(r.Context(), a, id, y, in.Proposals)
	})
}

func (s *Server) apiDecide() handler {
	return byYearBody(s, func(r *http.Request, a domain.Actor, id int64, y int, in evaluation.DecideInput) ([]store.Rating, error) {
		return s.Eval.Decide(r.Context(), a, id, y, in)
	})
}

func (s *Server) apiRateOrgs() handler {
	return byYearBody(s, func(r *http.Request, a domain.Actor, id int64, y int, in evaluation.OrgRatingInput) ([]store.OrgRating, error) {
		return s.Eval.RateOrgs(r.Context(), a, id, y, in)
	})
}

func (s *Server) apiRatingShares() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (evaluation.SharesView, error) {
		y, err := queryInt(r, "year")
		if err != nil {
			return evaluation.SharesView{}, err
		}
		if y == 0 {
			y = evaluation.EvalYear(domain.DateOf(s.DB.Now()))
		}
		return s.Eval.Shares(r.Context(), a, id, y)
	})
}

func (s *Server) apiMemberDisciplines() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) ([]store.Discipline, error) {
		return s.Discipline.MemberDisciplines(r.Context(), a, id)
	})
}

func (s *Server) apiDisciplineMember() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.DisciplineInput) (store.Discipline, error) {
		return s.Discipline.DisciplineMember(r.Context(), a, id, in)
	})
}

func (s *Server) apiOrgDisciplines() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (discipline.DisciplinesView, error) {
		from, to, err := s.period(r)
		if err != nil {
			return discipline.DisciplinesView{}, err
		}
		return s.Discipline.Org(r.Context(), a, id, from, to)
	})
}

func (s *Server) apiDisciplineOrg() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.DisciplineInput) (store.Discipline, error) {
		return s.Discipline.DisciplineOrg(r.Context(), a, id, in)
	})
}

func (s *Server) apiAppeal() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.AppealInput) (store.Discipline, error) {
		return s.Discipline.Appeal(r.Context(), a, id, in)
	})
}

func (s *Server) apiAppealOutcome() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.OutcomeInput) (store.Discipline, error) {
		return s.Discipline.DecideAppeal(r.Context(), a, id, in)
	})
}

func (s *Server) apiScreening() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (screening.ReportView, error) {
		on, err := queryDate(r, "date")
		if err != nil {
			return screening.ReportView{}, err
		}
		return s.Screening.Report(r.Context(), a, id, on)
	})
}

func (s *Server) apiMemberScreening() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (screening.MemberScreenView, error) {
		return s.Screening.Member(r.Context(), a, id)
	})
}

func (s *Server) apiAddFinding() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.FindingInput) (domain.Finding, error) {
		return s.Screening.AddFinding(r.Context(), a, id, in)
	})
}

func (s *Server) apiCloseFinding() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in closeFindingBody) (domain.Finding, error) {
		return s.Screening.CloseFinding(r.Context(), a, id, in.On, in.Note)
	})
}

func (s *Server) apiProposeRemoval() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.RemovalProposal) (store.RemovalCase, error) {
		return s.Screening.Propose(r.Context(), a, id, in)
	})
}

func (s *Server) apiDecideRemoval() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.RemovalDecision) (store.RemovalCase, error) {
		return s.Screening.Decide(r.Context(), a, id, in)
	})
}

func (s *Server) apiRemovalCounts() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (screening.CountsView, error) {
		first, err := queryInt(r, "from")
		if err != nil {
			return screening.CountsView{}, err
		}
		last, err := queryInt(r, "to")
		if err != nil {
			return screening.CountsView{}, err
		}
		return s.Screening.Counts(r.Context(), a, id, first, last)
	})
}
