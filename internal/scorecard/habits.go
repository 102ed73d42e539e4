package scorecard

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/excuse"
	"huikuan/internal/habit"
	"huikuan/internal/plan"
	"huikuan/internal/store"
	"huikuan/internal/user"
)

// Card is the six-habit scorecard of a month: one RepCard per rep the
// caller sees, by rep code.
type Card struct {
	Month string    `json:"month"` // YYYY-MM
	Reps  []RepCard `json:"reps"`
}

// RepCard is one rep's six habits, weakest first (the lowest score; the
// habits with no data last).
type RepCard struct {
	Rep    string  `json:"rep"`
	Name   string  `json:"name"`
	Team   string  `json:"team"`
	Habits []Habit `json:"habits"`
}

// Habit is one habit of a rep's month: the indicator (Value, nil for no
// data), the team's median, the 0–100 score against the team, the finding
// and tip in words, the definition, and the secondary figures. Its fields
// and their JSON names are habit.Assessment's.
type Habit = habit.Assessment

// Measure is a secondary figure of a habit: {code, label, value, unit}.
type Measure = habit.Measure

// Month is the six-habit scorecard of the month beginning on month (any
// day of it) for the reps sc sees — a rep themself, a manager their team,
// an admin everyone — as of today (a month that is over, as of its last
// day). Each rep's team median and score are over the rep's whole team
// (the reps with the same team), whoever asks: a rep sees where they
// stand among their teammates without seeing the teammates. lang is "en"
// or Chinese otherwise. A month not begun by today has no data.
func Month(ctx context.Context, s *store.Store, sc user.Scope, month, today civil.Date, lang string) (Card, error) {
	month = month.MonthStart()
	card := Card{Month: plan.MonthKey(month), Reps: []RepCard{}}
	visible, err := s.Targets(ctx, sc, month)
	if err != nil || len(visible) == 0 {
		return card, err
	}
	wide := sc
	if sc.Rep != "" {
		wide = user.Scope{Team: visible[0].Team}
		if wide.Team == "" {
			wide = user.Scope{All: true} // the reps without a team are one team
		}
	}
	reps, err := loadSums(ctx, s, wide, month, today)
	if err != nil {
		return card, err
	}
	p, err := s.FollowupPolicy(ctx)
	if err != nil {
		return card, err
	}
	seen := map[string]bool{}
	for _, t := range visible {
		seen[t.Rep] = true
	}
	teams := map[string][]int{}
	for i, r := range reps {
		teams[r.Team] = append(teams[r.Team], i)
	}
	cards := make([]RepCard, len(reps))
	for _, idx := range teams {
		sums := make([]habit.Sums, len(idx))
		for k, i := range idx {
			sums[k] = reps[i].Sums
		}
		for k, as := range habit.Assess(sums, p.PlanDays, lang) {
			r := reps[idx[k]]
			cards[idx[k]] = RepCard{Rep: r.Rep, Name: r.Name, Team: r.Team, Habits: as}
		}
	}
	for _, c := range cards {
		if seen[c.Rep] {
			card.Reps = append(card.Reps, c)
		}
	}
	return card, nil
}

// loadSums is every rep's habit.Sums for the month in the scope: the
// database's sums, the follow-up compliance and the excuses.
func loadSums(ctx context.Context, s *store.Store, sc user.Scope, month, today civil.Date) ([]store.HabitRep, error) {
	asOf := min(today, month.MonthEnd())
	reps, err := s.HabitSums(ctx, sc, month, asOf)
	if err != nil || asOf < month {
		return reps, err
	}
	byRep := make(map[string]*habit.Sums, len(reps))
	for i := range reps {
		byRep[reps[i].Rep] = &reps[i].Sums
	}
	cs, err := s.Compliance(ctx, sc, month, asOf, today)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if r := byRep[c.Rep]; r != nil {
			r.FollowupsDue, r.FollowupsOnTime, r.AvgDelayDays, r.Broken, r.BrokenToCallDays = c.Due, c.OnTime, c.AvgDelayDays, c.Broken, c.BrokenToCallDays
		}
	}
	obs, err := s.ExcuseObservations(ctx, sc, month.AddDays(-excuse.RepeatDays), asOf)
	if err != nil {
		return nil, err
	}
	for rep, c := range habit.ExcuseCounts(obs, month, asOf, today) {
		if r := byRep[rep]; r != nil {
			r.Excuses, r.Countered, r.Repeats, r.RepeatsAccepted = c.Excuses, c.Countered, c.Repeats, c.RepeatsAccepted
		}
	}
	return reps, nil
}
