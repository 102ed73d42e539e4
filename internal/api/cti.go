package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/store"
)

// CTIMaxAge is how old a call-center event may be: an older one may be a
// replay of a captured request.
const CTIMaxAge = 5 * time.Minute

// SignatureHeader carries the hex HMAC-SHA256 of the request body under
// the installation's CTI secret, as "sha256=<hex>".
const SignatureHeader = "X-Huikuan-Signature"

// Sign returns the signature header value for body: for call centers and
// tests.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// ctiEvent receives a call-center event. It is authenticated by its
// signature, not a token: the call center holds the shared secret.
func (s *Server) ctiEvent(w http.ResponseWriter, r *http.Request) {
	if len(s.CTISecret) == 0 {
		s.problem(w, r, &httpError{http.StatusNotFound, "the call-center webhook is not set up: start huikuan with HUIKUAN_CTI_SECRET"})
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		s.problem(w, r, &httpError{http.StatusBadRequest, "the body could not be read"})
		return
	}
	got := r.Header.Get(SignatureHeader)
	if !hmac.Equal([]byte(got), []byte(Sign(s.CTISecret, body))) {
		s.problem(w, r, &httpError{http.StatusUnauthorized, "the signature does not match the body: " + SignatureHeader + ": sha256=<hex HMAC-SHA256 of the body>"})
		return
	}
	var ev CTIEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		s.problem(w, r, &httpError{http.StatusBadRequest, "the body is not a call-center event: " + err.Error()})
		return
	}
	var bad errs.Invalid
	if ev.EventID == "" {
		bad.Add(0, "event_id", "the event id is required")
	}
	if ev.Type != "call.started" && ev.Type != "call.ended" {
		bad.Add(0, "type", "unknown event type %q: want call.started or call.ended", ev.Type)
	}
	if ev.CallID == "" {
		bad.Add(0, "call_id", "the call id is required")
	}
	if ev.CustomerPhone == "" {
		bad.Add(0, "customer_phone", "the customer's number is required")
	}
	if ev.Direction == "" {
		ev.Direction = "outbound"
	}
	if ev.Direction != "outbound" && ev.Direction != "inbound" {
		bad.Add(0, "direction", "unknown direction %q", ev.Direction)
	}
	if err := bad.Err(); err != nil {
		s.problem(w, r, err)
		return
	}
	if age := s.now().Sub(ev.Timestamp); age > CTIMaxAge || age < -CTIMaxAge {
		s.problem(w, r, &httpError{http.StatusBadRequest, "the event's timestamp is more than 5 minutes from now: refused as a possible replay"})
		return
	}
	call, err := s.store.RecordCTIEvent(r.Context(), store.CTIEvent{
		ID: ev.EventID, Type: ev.Type, At: ev.Timestamp, Date: civil.FromTime(ev.Timestamp.In(s.loc)), CallID: ev.CallID,
		Rep: strings.TrimSpace(ev.Rep), Phone: ev.CustomerPhone, Direction: ev.Direction, DurationS: ev.Duration, RecordingURL: ev.RecordingURL,
	})
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if call == nil {
		writeJSON(w, http.StatusAccepted, CTIAnswer{})
		return
	}
	writeJSON(w, http.StatusOK, CTIAnswer{Call: call, Matched: true})
}
