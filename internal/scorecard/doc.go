// Package scorecard answers the manager's questions about collections: the
// KPIs of a period for a scope (DSO and its family, CEI, the rates of
// promises and calls) and each rep's six-habit diagnosis. It loads from the
// store and computes with the rules packages kpi and habit, so the CLI, the
// pages and the API all get their figures from here.
package scorecard
