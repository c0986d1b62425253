package web

import "github.com/elac/bitacora/password"

// Hasher exposes the server's password hasher, so that tests can fill its
// slots and count its hashes.
func (s *Server) Hasher() *password.Hasher { return s.hasher }
