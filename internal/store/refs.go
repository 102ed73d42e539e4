package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"huikuan/internal/errs"
)

// Refs beginning with these belong to huikuan: the call center's calls
// (cti:<call id>) and the creates of an Idempotency-Key
// (idem:<user id>:<key>). A user's ref may not take them, or it could
// plant a call the webhook then completes.
var reservedRefs = []string{"cti:", "idem:"}

// checkRef refuses a user's ref that is too long or in huikuan's own
// namespaces.
func checkRef(bad *errs.Invalid, ref string) {
	if len(ref) > 200 {
		bad.Add(0, "ref", "a ref is at most 200 bytes, not %d", len(ref))
	}
	for _, p := range reservedRefs {
		if strings.HasPrefix(ref, p) {
			bad.Add(0, "ref", "a ref beginning with %q is huikuan's own", p)
		}
	}
}

// recordRef is the ref a create is recorded under: the user's, or one made
// from the request's Idempotency-Key and the user, or none.
func recordRef(ref, idempotencyKey string, actor Actor) string {
	if ref != "" || idempotencyKey == "" {
		return ref
	}
	return "idem:" + strconv.FormatInt(actor.UserID, 10) + ":" + idempotencyKey
}

// recordedFor returns the id of the row of table (calls, commitments)
// recorded before under ref, or 0: a request sent again with its ref
// records nothing more. A ref of another customer's record is a conflict
// that tells nothing of that record: the ref is the user's to choose, the
// record is not theirs to see.
func recordedFor(ctx context.Context, q querier, table, ref string, custID int64) (int64, error) {
	if ref == "" {
		return 0, nil
	}
	var id, owner int64
	err := q.QueryRowContext(ctx, `SELECT id, customer_id FROM `+table+` WHERE ref = $1`, ref).Scan(&id, &owner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, err
	case owner != custID:
		return 0, fmt.Errorf("the ref %q is taken: %w", ref, errs.ErrConflict)
	}
	return id, nil
}
