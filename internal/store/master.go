package store

import (
	"context"
	"fmt"

	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// master is the reference data a ledger write needs: regions and reps by
// name and code, and the customers it touches by code.
type master struct {
	regions   map[string]int64
	reps      map[string]int64
	customers map[string]storedCustomer
}

type storedCustomer struct {
	id int64
	c  ledger.Customer
}

const customerColumns = `c.id, c.code, c.name, g.name, r.code, c.credit_tier, c.credit_limit, c.payment_terms_days, c.contact, c.phone, c.email`

const customerFrom = ` FROM customers c JOIN regions g ON g.id = c.region_id JOIN reps r ON r.id = c.rep_id`

func scanCustomer(sc interface{ Scan(...any) error }) (storedCustomer, error) {
	var s storedCustomer
	var tier string
	var limit int64
	err := sc.Scan(&s.id, &s.c.Code, &s.c.Name, &s.c.Region, &s.c.Rep, &tier, &limit, &s.c.TermsDays, &s.c.Contact, &s.c.Phone, &s.c.Email)
	s.c.ID, s.c.Tier, s.c.CreditLimit = s.id, ledger.Tier(tier), money.Amount(limit)
	return s, err
}

// loadMaster loads every region and rep, and the customers with the given
// codes.
func loadMaster(ctx context.Context, q querier, codes []string) (*master, error) {
	m := &master{regions: map[string]int64{}, reps: map[string]int64{}, customers: map[string]storedCustomer{}}
	if err := scanPairs(ctx, q, `SELECT name, id FROM regions`, m.regions); err != nil {
		return nil, err
	}
	if err := scanPairs(ctx, q, `SELECT code, id FROM reps`, m.reps); err != nil {
		return nil, err
	}
	err := inChunks(codes, 500, func(chunk []string) error {
		rows, err := q.QueryContext(ctx, `SELECT `+customerColumns+customerFrom+` WHERE c.code IN (`+placeholders(1, len(chunk))+`)`, anys(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			sc, err := scanCustomer(rows)
			if err != nil {
				return err
			}
			m.customers[sc.c.Code] = sc
		}
		return rows.Err()
	})
	return m, err
}

func scanPairs(ctx context.Context, q querier, query string, into map[string]int64) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var v int64
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		into[k] = v
	}
	return rows.Err()
}

// regionID returns the id of the named region, creating it if new.
func (m *master) regionID(ctx context.Context, q querier, name string) (int64, error) {
	if id, ok := m.regions[name]; ok {
		return id, nil
	}
	var id int64
	if err := q.QueryRowContext(ctx, `INSERT INTO regions (name) VALUES ($1) RETURNING id`, name).Scan(&id); err != nil {
		return 0, fmt.Errorf("create region %q: %w", name, err)
	}
	m.regions[name] = id
	return id, nil
}

// repID returns the id of the rep with the code, creating a rep of that
// code and name in the region if new.
func (m *master) repID(ctx context.Context, q querier, code, name string, regionID int64) (int64, error) {
	if id, ok := m.reps[code]; ok {
		return id, nil
	}
	var id int64
	if err := q.QueryRowContext(ctx, `INSERT INTO reps (code, name, region_id) VALUES ($1, $2, $3) RETURNING id`, code, name, regionID).Scan(&id); err != nil {
		return 0, fmt.Errorf("create rep %q: %w", code, err)
	}
	m.reps[code] = id
	return id, nil
}

// upsertReps creates or renames reps.
func (m *master) upsertReps(ctx context.Context, q querier, reps []ledger.Rep) error {
	for _, r := range reps {
		gid, err := m.regionID(ctx, q, r.Region)
		if err != nil {
			return err
		}
		if _, ok := m.reps[r.Code]; !ok {
			if _, err := m.repID(ctx, q, r.Code, r.Name, gid); err != nil {
				return err
			}
		}
		if _, err := q.ExecContext(ctx, `UPDATE reps SET name = $1, region_id = $2, team = $3 WHERE code = $4`, r.Name, gid, r.Team, r.Code); err != nil {
			return err
		}
	}
	return nil
}

// upsertCustomers creates new customers and updates changed ones, and
// counts what it did.
func (m *master) upsertCustomers(ctx context.Context, q querier, cs []ledger.Customer) (Counts, error) {
	var n Counts
	for _, c := range cs {
		gid, err := m.regionID(ctx, q, c.Region)
		if err != nil {
			return n, err
		}
		rid, err := m.repID(ctx, q, c.Rep, c.Rep, gid)
		if err != nil {
			return n, err
		}
		old, exists := m.customers[c.Code]
		if exists {
			c.ID = old.id
			if old.c == c {
				n.Unchanged++
				continue
			}
			_, err = q.ExecContext(ctx, `UPDATE customers SET name = $1, region_id = $2, rep_id = $3, credit_tier = $4, credit_limit = $5, payment_terms_days = $6, contact = $7, phone = $8, phone_digits = $9, email = $10 WHERE id = $11`,
				c.Name, gid, rid, string(c.Tier), int64(c.CreditLimit), c.TermsDays, c.Contact, c.Phone, ledger.NormalizePhone(c.Phone), c.Email, c.ID)
			n.Updated++
		} else {
			err = q.QueryRowContext(ctx, `INSERT INTO customers (code, name, region_id, rep_id, credit_tier, credit_limit, payment_terms_days, contact, phone, phone_digits, email) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
				c.Code, c.Name, gid, rid, string(c.Tier), int64(c.CreditLimit), c.TermsDays, c.Contact, c.Phone, ledger.NormalizePhone(c.Phone), c.Email).Scan(&c.ID)
			n.Created++
		}
		if err != nil {
			return n, fmt.Errorf("save customer %s: %w", c.Code, err)
		}
		m.customers[c.Code] = storedCustomer{id: c.ID, c: c}
	}
	return n, nil
}
