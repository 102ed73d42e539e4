package api_test

import (
	"encoding"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"huikuan/internal/api"
	"huikuan/internal/callsheet"
	"huikuan/internal/commitment"
	"huikuan/internal/followup"
	"huikuan/internal/ledger"
	"huikuan/internal/paydate"
	"huikuan/internal/plan"
	"huikuan/internal/planning"
	"huikuan/internal/scorecard"
	"huikuan/internal/store"
)

// schemaTypes is the Go type behind each schema of openapi.json's
// components: the test holds each to its schema field by field.
var schemaTypes = map[string]reflect.Type{
	"Problem":           reflect.TypeFor[api.Problem](),
	"ImportReport":      reflect.TypeFor[api.ImportReport](),
	"Customer":          reflect.TypeFor[api.Customer](),
	"CustomerInput":     reflect.TypeFor[api.CustomerInput](),
	"Invoice":           reflect.TypeFor[api.Invoice](),
	"InvoiceInput":      reflect.TypeFor[api.InvoiceInput](),
	"Payment":           reflect.TypeFor[api.Payment](),
	"PaymentInput":      reflect.TypeFor[api.PaymentInput](),
	"Statement":         reflect.TypeFor[ledger.Statement](),
	"AgingReport":       reflect.TypeFor[ledger.AgingReport](),
	"AuditEntry":        reflect.TypeFor[api.AuditEntry](),
	"Commitment":        reflect.TypeFor[api.Commitment](),
	"CommitmentInput":   reflect.TypeFor[api.CommitmentInput](),
	"CredibilityReport": reflect.TypeFor[commitment.Evaluation](),
	"Forecast":          reflect.TypeFor[commitment.Forecast](),
	"PaydateReport":     reflect.TypeFor[paydate.Evaluation](),
	"Call":              reflect.TypeFor[store.CallRow](),
	"CallInput":         reflect.TypeFor[api.CallInput](),
	"WorklistItem":      reflect.TypeFor[followup.Item](),
	"Compliance":        reflect.TypeFor[store.Compliance](),
	"CTIEvent":          reflect.TypeFor[api.CTIEvent](),
	"Followup":          reflect.TypeFor[api.Followup](),
	"Target":            reflect.TypeFor[api.Target](),
	"TargetInput":       reflect.TypeFor[api.TargetInput](),
	"Plan":              reflect.TypeFor[api.Plan](),
	"PlanInput":         reflect.TypeFor[api.PlanInput](),
	"Measure":           reflect.TypeFor[api.Measure](),
	"Effect":            reflect.TypeFor[api.Effect](),
	"MeasureInput":      reflect.TypeFor[api.MeasureInput](),
	"MeasurePatch":      reflect.TypeFor[api.MeasurePatch](),
	"Suggestion":        reflect.TypeFor[plan.Suggestion](),
	"Estimate":          reflect.TypeFor[plan.Estimate](),
	"Attainment":        reflect.TypeFor[plan.Attainment](),
	"AttainmentReport":  reflect.TypeFor[planning.Report](),
	"CallSheet":         reflect.TypeFor[callsheet.Sheet](),
	"ExcuseReport":      reflect.TypeFor[callsheet.ExcuseReport](),
	"KPIReport":         reflect.TypeFor[scorecard.KPIs](),
	"ScorecardReport":   reflect.TypeFor[scorecard.Card](),
	"Dispute":           reflect.TypeFor[store.DisputeRow](),
	"DisputeInput":      reflect.TypeFor[api.DisputeInput](),
	"DisputedPartInput": reflect.TypeFor[api.DisputedPartInput](),
	"ResolutionInput":   reflect.TypeFor[api.ResolutionInput](),
}

// bodyTypes is the Go type of each operation's request body and of its
// success answer, for the schemas written inline in the paths (the list
// envelopes, the worklist, the compliance report).
var bodyTypes = map[string]struct{ req, resp reflect.Type }{
	"listCustomers":        {nil, reflect.TypeFor[api.List[api.Customer]]()},
	"createCustomer":       {reflect.TypeFor[api.CustomerInput](), reflect.TypeFor[api.Customer]()},
	"getCustomer":          {nil, reflect.TypeFor[api.Customer]()},
	"getCustomerStatement": {nil, reflect.TypeFor[ledger.Statement]()},
	"getCustomerFollowup":  {nil, reflect.TypeFor[api.Followup]()},
	"setCustomerFollowup":  {reflect.TypeFor[api.FollowupInput](), reflect.TypeFor[api.Followup]()},
	"listInvoices":         {nil, reflect.TypeFor[api.List[api.Invoice]]()},
	"createInvoice":        {reflect.TypeFor[api.InvoiceInput](), reflect.TypeFor[api.Invoice]()},
	"listPayments":         {nil, reflect.TypeFor[api.List[api.Payment]]()},
	"createPayment":        {reflect.TypeFor[api.PaymentInput](), reflect.TypeFor[api.Payment]()},
	"getAgingReport":       {nil, reflect.TypeFor[ledger.AgingReport]()},
	"listAuditEntries":     {nil, reflect.TypeFor[api.List[api.AuditEntry]]()},
	"importFile":           {nil, reflect.TypeFor[api.ImportReport]()},
	"getOpenAPI":           {nil, nil},
	"listCommitments":      {nil, reflect.TypeFor[api.List[api.Commitment]]()},
	"createCommitment":     {reflect.TypeFor[api.CommitmentInput](), reflect.TypeFor[api.Commitment]()},
	"getCommitment":        {nil, reflect.TypeFor[api.Commitment]()},
	"cancelCommitment":     {nil, reflect.TypeFor[api.Commitment]()},
	"getCredibilityReport": {nil, reflect.TypeFor[commitment.Evaluation]()},
	"getForecast":          {nil, reflect.TypeFor[commitment.Forecast]()},
	"getPaydateReport":     {nil, reflect.TypeFor[paydate.Evaluation]()},
	"listCalls":            {nil, reflect.TypeFor[api.List[store.CallRow]]()},
	"createCall":           {reflect.TypeFor[api.CallInput](), reflect.TypeFor[store.CallRow]()},
	"setCallDisposition":   {reflect.TypeFor[api.DispositionInput](), reflect.TypeFor[store.CallRow]()},
	"getWorklist":          {nil, reflect.TypeFor[api.Worklist]()},
	"getComplianceReport":  {nil, reflect.TypeFor[api.ComplianceReport]()},
	"receiveCTIEvent":      {reflect.TypeFor[api.CTIEvent](), reflect.TypeFor[api.CTIAnswer]()},
	"listTargets":          {nil, reflect.TypeFor[api.List[api.Target]]()},
	"setTarget":            {reflect.TypeFor[api.TargetInput](), reflect.TypeFor[api.Target]()},
	"listPlans":            {nil, reflect.TypeFor[api.List[api.Plan]]()},
	"listPlanSuggestions":  {nil, reflect.TypeFor[api.List[plan.Suggestion]]()},
	"getPlan":              {nil, reflect.TypeFor[api.Plan]()},
	"putPlan":              {reflect.TypeFor[api.PlanInput](), reflect.TypeFor[api.Plan]()},
	"addPlanMeasure":       {reflect.TypeFor[api.MeasureInput](), reflect.TypeFor[api.Measure]()},
	"updateMeasure":        {reflect.TypeFor[api.MeasurePatch](), reflect.TypeFor[api.Measure]()},
	"getAttainmentReport":  {nil, reflect.TypeFor[planning.Report]()},
	"getCustomerCallSheet": {nil, reflect.TypeFor[callsheet.Sheet]()},
	"getExcuseReport":      {nil, reflect.TypeFor[callsheet.ExcuseReport]()},
	"getKPIReport":         {nil, reflect.TypeFor[scorecard.KPIs]()},
	"getScorecardReport":   {nil, reflect.TypeFor[scorecard.Card]()},
	"listDisputes":         {nil, reflect.TypeFor[api.List[store.DisputeRow]]()},
	"createDisputes":       {reflect.TypeFor[api.DisputeInput](), reflect.TypeFor[api.List[store.DisputeRow]]()},
	"resolveDispute":       {reflect.TypeFor[api.ResolutionInput](), reflect.TypeFor[store.DisputeRow]()},
}

type schema = map[string]any

type openAPIDoc struct {
	Paths      map[string]map[string]schema
	Components struct{ Schemas map[string]schema }
}

func loadOpenAPI(t *testing.T) openAPIDoc {
	t.Helper()
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc openAPIDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// operations calls f with each operation of the document, in a stable order.
func (d openAPIDoc) operations(f func(method, path string, op schema)) {
	for _, p := range slices.Sorted(mapKeys(d.Paths)) {
		for _, m := range slices.Sorted(mapKeys(d.Paths[p])) {
			switch m {
			case "get", "put", "post", "delete", "patch":
				f(m, p, d.Paths[p][m])
			}
		}
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

var camelCase = regexp.MustCompile(`^[a-z]+([A-Z][a-z]*)*$`)

// TestOperationIDs: every operation has an operationId, in camelCase,
// unique in the document, so a generated client can name its methods.
func TestOperationIDs(t *testing.T) {
	doc := loadOpenAPI(t)
	seen := map[string]string{}
	doc.operations(func(method, path string, op schema) {
		id, _ := op["operationId"].(string)
		where := strings.ToUpper(method) + " " + path
		switch {
		case id == "":
			t.Errorf("%s has no operationId", where)
		case !camelCase.MatchString(id):
			t.Errorf("%s: operationId %q is not camelCase", where, id)
		case seen[id] != "":
			t.Errorf("%s: operationId %q is already %s's", where, id, seen[id])
		}
		seen[id] = where
	})
}

// TestOpenAPISchemas holds every schema of the document to the Go type the
// API reads or writes: the same field names, and JSON types that match
// (integer for int64 and money, string for dates, array, object, boolean).
// Renaming a field in Go, or in the document, fails here.
func TestOpenAPISchemas(t *testing.T) {
	doc := loadOpenAPI(t)
	c := &schemaCheck{doc: doc}
	for _, name := range slices.Sorted(mapKeys(doc.Components.Schemas)) {
		if name == "Money" {
			continue // the type of amounts, checked wherever it is used
		}
		typ, ok := schemaTypes[name]
		if !ok {
			t.Errorf("schema %s has no Go type in schemaTypes", name)
			continue
		}
		c.check(name, doc.Components.Schemas[name], typ)
	}
	for name := range schemaTypes {
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("schemaTypes names %s, which openapi.json does not have", name)
		}
	}
	doc.operations(func(method, path string, op schema) {
		id, _ := op["operationId"].(string)
		types, ok := bodyTypes[id]
		if !ok {
			t.Errorf("operation %s has no entry in bodyTypes", id)
			return
		}
		if rb, ok := op["requestBody"].(schema); ok && (jsonSchemaOf(rb) != nil || types.req != nil) { // a file's body is no JSON
			s := jsonSchemaOf(rb)
			if types.req == nil || s == nil {
				t.Errorf("%s: request body %v, Go type %v", id, s != nil, types.req)
			} else {
				c.check(id+" request", s, types.req)
			}
		} else if types.req != nil {
			t.Errorf("%s: openapi.json has no request body; Go reads %v", id, types.req)
		}
		if types.resp == nil {
			return
		}
		resps, _ := op["responses"].(schema)
		var s schema
		for _, code := range []string{"200", "201", "202"} {
			if r, ok := resps[code].(schema); ok && s == nil {
				s = jsonSchemaOf(r)
			}
		}
		if s == nil {
			t.Errorf("%s: no JSON success answer in openapi.json; Go writes %v", id, types.resp)
			return
		}
		c.check(id+" answer", s, types.resp)
	})
	for _, e := range c.errs {
		t.Error(e)
	}
}

// jsonSchemaOf returns the application/json schema of a request body or
// response object.
func jsonSchemaOf(body schema) schema {
	content, _ := body["content"].(schema)
	mt, _ := content["application/json"].(schema)
	s, _ := mt["schema"].(schema)
	return s
}

type schemaCheck struct {
	doc  openAPIDoc
	errs []string
}

func (c *schemaCheck) fail(path, format string, args ...any) {
	c.errs = append(c.errs, path+": "+fmt.Sprintf(format, args...))
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// resolve follows $ref and drops the null of a nullable oneOf.
func (c *schemaCheck) resolve(s schema) schema {
	for {
		if ref, ok := s["$ref"].(string); ok {
			name := strings.TrimPrefix(ref, "#/components/schemas/")
			s = c.doc.Components.Schemas[name]
			continue
		}
		if alts, ok := s["oneOf"].([]any); ok {
			var rest []any
			for _, a := range alts {
				if a.(schema)["type"] != "null" {
					rest = append(rest, a)
				}
			}
			if len(rest) == 1 {
				s = rest[0].(schema)
				continue
			}
		}
		return s
	}
}

// types returns the JSON types a schema allows, null left out; an enum or
// const gives the types of its values.
func types(s schema) []string {
	var out []string
	switch t := s["type"].(type) {
	case string:
		out = append(out, t)
	case []any:
		for _, x := range t {
			out = append(out, x.(string))
		}
	}
	vals, _ := s["enum"].([]any)
	if v, ok := s["const"]; ok {
		vals = append(vals, v)
	}
	for _, v := range vals {
		switch v.(type) {
		case string:
			out = append(out, "string")
		case float64:
			out = append(out, "number")
		case bool:
			out = append(out, "boolean")
		}
	}
	out = slices.DeleteFunc(out, func(x string) bool { return x == "null" })
	slices.Sort(out)
	return slices.Compact(out)
}

// jsonType is the JSON type Go's encoding/json writes for t.
func jsonType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Implements(textMarshaler) && !t.Implements(jsonMarshaler) {
		return "string"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		if t.PkgPath() == "time" && t.Name() == "Time" {
			return "string"
		}
		return "object"
	}
	return "?"
}

func (c *schemaCheck) check(path string, s schema, t reflect.Type) {
	s = c.resolve(s)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	want := jsonType(t)
	got := types(s)
	if len(got) == 0 {
		c.fail(path, "the schema gives no type; Go writes %s (%v)", want, t)
		return
	}
	if len(got) != 1 || got[0] != want {
		c.fail(path, "schema type %v, Go writes %s (%v)", got, want, t)
		return
	}
	switch want {
	case "array":
		if items, ok := s["items"].(schema); ok {
			c.check(path+"[]", items, t.Elem())
		} else {
			c.fail(path, "array without items")
		}
	case "object":
		if t.Kind() == reflect.Map {
			return
		}
		props, _ := s["properties"].(schema)
		fields := jsonFields(t)
		for _, name := range slices.Sorted(mapKeys(fields)) {
			p, ok := props[name].(schema)
			if !ok {
				c.fail(path, "Go field %q (%v) is not in the schema", name, t)
				continue
			}
			if ft := fields[name]; ft != nil {
				c.check(path+"."+name, p, ft)
			}
		}
		for _, name := range slices.Sorted(mapKeys(props)) {
			if _, ok := fields[name]; !ok {
				c.fail(path, "schema property %q is not a field of %v", name, t)
			}
		}
	}
}

// jsonFields returns the JSON object keys encoding/json writes for struct
// type t, with each one's Go type (nil when a MarshalJSON method adds a key
// no field has; its type is then not checked).
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	if t.Implements(jsonMarshaler) {
		// Keys from what the method writes for a zero value; types from
		// the fields of the same name.
		b, err := json.Marshal(reflect.Zero(t).Interface())
		var m map[string]json.RawMessage
		if err != nil || json.Unmarshal(b, &m) != nil {
			panic(fmt.Sprintf("%v marshals to %s, %v", t, b, err))
		}
		plain := structFields(t)
		for k := range m {
			out[k] = plain[k]
			if out[k] == nil && string(m[k]) == "[]" {
				out[k] = reflect.TypeFor[[]string]()
			}
		}
		return out
	}
	return structFields(t)
}

func structFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range structFields(ft) {
					if _, ok := out[k]; !ok {
						out[k] = v
					}
				}
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// The check must catch a renamed field and a wrong type, or a broken
// schema test would pass.
func TestOpenAPISchemaCheckCatches(t *testing.T) {
	type renamed struct {
		Code   string `json:"code"`
		Amount int64  `json:"amount_due"`
		Due    string `json:"due"`
	}
	s := schema{"type": "object", "properties": schema{
		"code":   schema{"type": "string"},
		"amount": schema{"type": "integer"},
		"due":    schema{"type": "integer"},
	}}
	c := &schemaCheck{}
	c.check("X", s, reflect.TypeFor[renamed]())
	sort.Strings(c.errs)
	want := []string{
		`X.due: schema type [integer], Go writes string (string)`,
		`X: Go field "amount_due" (api_test.renamed) is not in the schema`,
		`X: schema property "amount" is not a field of api_test.renamed`,
	}
	sort.Strings(want)
	if !slices.Equal(c.errs, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(c.errs, "\n"), strings.Join(want, "\n"))
	}
}
