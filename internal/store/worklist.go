package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/followup"
	"huikuan/internal/user"
)

// Worklist returns the ranked call list for the customers of one rep the
// scope sees, as of today.
func (s *Store) Worklist(ctx context.Context, sc user.Scope, rep string, today civil.Date) (_ []followup.Item, err error) {
	defer wrap(&err, "store.Worklist")
	lists, err := s.Worklists(ctx, sc, rep, today)
	return lists[rep], err
}

// Worklists returns each rep's ranked call list (of the reps the scope
// sees; only rep's when rep is not empty), as of today. Each rep has the
// day's capacity.
//
// Lists are cached for a few seconds and until this process writes: the
// home page of every rep reads them, and they change only with writes.
// Callers must not change the lists returned.
func (s *Store) Worklists(ctx context.Context, sc user.Scope, rep string, today civil.Date) (_ map[string][]followup.Item, err error) {
	defer wrap(&err, "store.Worklists")
	key := fmt.Sprintf("worklists %+v %s %s", sc, rep, today)
	writes, now := s.db.Writes(), time.Now()
	if v, ok := s.results.get(key, writes, now); ok {
		return v.(map[string][]followup.Item), nil
	}
	out := map[string][]followup.Item{}
	err = s.readTx(ctx, func(q querier) error {
		p, cal, err := followupRules(ctx, q)
		if err != nil {
			return err
		}
		var args []any
		cond := scopeClause(sc, &args)
		if rep != "" {
			args = append(args, rep)
			cond += " AND r.code = $" + strconv.Itoa(len(args))
		}
		cs, err := loadFollowupCustomers(ctx, q, cond, args, today, p)
		if err != nil {
			return err
		}
		byRep := map[string][]followup.Customer{}
		for _, c := range cs {
			byRep[c.Rep] = append(byRep[c.Rep], c)
		}
		for r, list := range byRep {
			out[r] = p.Worklist(list, cal, today)
		}
		return nil
	})
	if err == nil {
		s.results.put(key, out, writes, now)
	}
	return out, err
}
