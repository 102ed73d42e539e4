// Package archtest holds no code: its tests check the import rules of the
// module (which package may import which) with go list.
package archtest
