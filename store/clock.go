package store

import "time"

// SetClock makes the store read the time from now instead of the system
// clock: for tests in which time must stand still (a lock that must not
// run out while a burst of requests is answered).
func (s *DB) SetClock(now func() time.Time) { s.now = now }
