// Package clustertest drives Bitácora instances from outside, as clients
// do, to check what several instances over one database promise (issue
// 16): a session works on every instance, concurrent saves of one report
// end in exactly one winner and conflicts with no lost update, a change
// made through one instance shows on another's public pages, and an
// instance that loses its database says so on /readyz, answers writes
// 503 at once and keeps serving the public pages it holds.
//
// The checks take the instances' base URLs only, so the same code drives
// in-process servers (the smoke tests in the test command) and real
// `bitacora serve` processes behind HAProxy (internal/cmd/cluster, run by
// scripts/faults.sh). Forwarder stands between an instance and its
// database, so that a test can take the database away from one instance
// and give it back.
package clustertest
