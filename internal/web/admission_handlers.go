package web

import (
	"net/http"

	"dangvien/internal/app/admission"
	"dangvien/internal/app/badges"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The JSON API of admission, probation, quotas and badges: decode, call one
// use case, answer its view.

type withdrawBody struct {
	Reason string `json:"reason"`
}

type quotaBody struct {
	Year  int    `json:"year"`
	Quota int    `json:"quota"`
	Note  string `json:"note"`
}

// admissionYear reads ?year=, by default this year.
func (s *Server) admissionYear(r *http.Request) (int, error) {
	y, err := queryInt(r, "year")
	if err == nil && y == 0 {
		y = domain.DateOf(s.DB.Now()).Year()
	}
	if err == nil && (y < 1930 || y > 2200) {
		err = badParam("year", "Năm không hợp lệ.")
	}
	return y, err
}

func (s *Server) apiCandidates() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (admission.CandidatesView, error) {
		return s.Admission.Candidates(r.Context(), a, id, r.URL.Query().Get("status"))
	})
}

func (s *Server) apiCandidateCreate() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.CandidateInput) (domain.Candidate, error) {
		return s.Admission.CreateCandidate(r.Context(), a, id, in)
	})
}

func (s *Server) apiCandidate() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (admission.CandidateView, error) {
		v, err := s.Admission.Candidate(r.Context(), a, id)
		if err == nil {
			s.DB.LogRead(a, store.Read{Kind: store.ReadMember, Entity: "candidate", EntityID: id, Rows: 1, IP: clientIP(r)})
		}
		return v, err
	})
}

func (s *Server) apiCandidateUpdate() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.CandidateInput) (domain.Candidate, error) {
		return s.Admission.UpdateCandidate(r.Context(), a, id, in)
	})
}

func (s *Server) apiCandidateStep() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.Step) (admission.StepResult, error) {
		return s.Admission.AddStep(r.Context(), a, id, in)
	})
}

func (s *Server) apiCandidateWithdraw() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in withdrawBody) (domain.Candidate, error) {
		return s.Admission.Withdraw(r.Context(), a, id, in.Reason)
	})
}

func (s *Server) apiProbation() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (admission.ProbationPage, error) {
		return s.Admission.Probation(r.Context(), a, id)
	})
}

func (s *Server) apiProbationStep() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.PStep) (admission.ProbationResult, error) {
		return s.Admission.AddProbationStep(r.Context(), a, id, in)
	})
}

func (s *Server) apiProbations() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (admission.ProbationsView, error) {
		return s.Admission.Probations(r.Context(), a, id)
	})
}

func (s *Server) apiQuotas() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (admission.QuotaView, error) {
		y, err := s.admissionYear(r)
		if err != nil {
			return admission.QuotaView{}, err
		}
		return s.Admission.Quotas(r.Context(), a, id, y)
	})
}

func (s *Server) apiQuotaSet() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in quotaBody) (store.Quota, error) {
		return s.Admission.SetQuota(r.Context(), a, id, in.Year, in.Quota, in.Note)
	})
}

func (s *Server) apiReview() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (admission.ReviewView, error) {
		return s.Admission.Review(r.Context(), a, id)
	})
}

func (s *Server) apiAdmissionReport() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (admission.ReportView, error) {
		y, err := s.admissionYear(r)
		if err != nil {
			return admission.ReportView{}, err
		}
		return s.Admission.Report(r.Context(), a, id, y)
	})
}

func (s *Server) apiPipeline() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (admission.PipelineView, error) {
		return s.Admission.Pipeline(r.Context(), a, id)
	})
}

func (s *Server) apiBadgeList() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (badges.AwardList, error) {
		on, err := queryDate(r, "date")
		if err != nil {
			return badges.AwardList{}, err
		}
		since, err := queryDate(r, "since")
		if err != nil {
			return badges.AwardList{}, err
		}
		return s.Badges.List(r.Context(), a, id, on, since)
	})
}

func (s *Server) apiBadgeUpcoming() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (badges.UpcomingView, error) {
		return s.Badges.Upcoming(r.Context(), a, id)
	})
}

func (s *Server) apiBadgeRecord() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in badges.AwardInput) (badges.AwardsRecorded, error) {
		return s.Badges.Record(r.Context(), a, id, in)
	})
}

func (s *Server) apiPartyAge() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (badges.PartyAgeView, error) {
		return s.Badges.Member(r.Context(), a, id)
	})
}

func (s *Server) apiPartyAgeNote() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.PartyAgeNote) (domain.PartyAgeNote, error) {
		return s.Badges.AddNote(r.Context(), a, id, in)
	})
}
