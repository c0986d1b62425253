package clustertest

import (
	"io"
	"net"
	"net/url"
	"sync"
)

// Forwarder is a TCP relay on loopback between an instance and its
// database: the instance's database URL names the forwarder's address,
// and Cut takes the database away from that instance alone — every open
// connection is closed and new ones are refused at once, as when
// PostgreSQL is stopped or its host is gone — until Restore. Stall
// leaves the connections open and carries nothing, as when the database
// hangs or its host stops answering without closing anything.
type Forwarder struct {
	target string
	ln     net.Listener

	mu    sync.Mutex
	cut   bool
	conns map[net.Conn]bool
	// stalled is open while the forwarder is stalled: relays wait on it.
	stalled chan struct{}
}

// NewForwarder relays a loopback port to target (host:port).
func NewForwarder(target string) (*Forwarder, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &Forwarder{target: target, ln: ln, conns: map[net.Conn]bool{}}
	go f.serve()
	return f, nil
}

// Addr is the forwarder's host:port.
func (f *Forwarder) Addr() string { return f.ln.Addr().String() }

// Via returns the database URL dsn with its host and port replaced by the
// forwarder's.
func (f *Forwarder) Via(dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	u.Host = f.Addr()
	return u.String(), nil
}

// Cut closes every relayed connection and refuses new ones.
func (f *Forwarder) Cut() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cut = true
	for c := range f.conns {
		c.Close()
	}
}

// Stall stops carrying bytes, either way, on every connection, and
// accepts new ones without reaching the database, until Restore.
func (f *Forwarder) Stall() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stalled == nil {
		f.stalled = make(chan struct{})
	}
}

// Restore relays again.
func (f *Forwarder) Restore() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cut = false
	if f.stalled != nil {
		close(f.stalled)
		f.stalled = nil
	}
}

// wait returns once the forwarder is not stalled.
func (f *Forwarder) wait() {
	f.mu.Lock()
	ch := f.stalled
	f.mu.Unlock()
	if ch != nil {
		<-ch
	}
}

// Close stops the forwarder and closes what it relays.
func (f *Forwarder) Close() error {
	err := f.ln.Close()
	f.Cut()
	f.Restore()
	return err
}

func (f *Forwarder) serve() {
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		go f.relay(c)
	}
}

func (f *Forwarder) track(cs ...net.Conn) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cut {
		return false
	}
	for _, c := range cs {
		f.conns[c] = true
	}
	return true
}

func (f *Forwarder) untrack(cs ...net.Conn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range cs {
		delete(f.conns, c)
		c.Close()
	}
}

func (f *Forwarder) relay(c net.Conn) {
	if !f.track(c) {
		c.Close()
		return
	}
	f.wait()
	d, err := net.Dial("tcp", f.target)
	if err != nil || !f.track(d) {
		if d != nil {
			d.Close()
		}
		f.untrack(c)
		return
	}
	defer f.untrack(c, d)
	done := make(chan struct{}, 2)
	go func() { io.Copy(d, gated{f, c}); done <- struct{}{} }()
	go func() { io.Copy(c, gated{f, d}); done <- struct{}{} }()
	<-done
}

// gated reads a relayed connection, holding what it read while the
// forwarder is stalled. It is a plain reader on purpose: a net.Conn
// would let io.Copy move the bytes itself (WriterTo), past the gate.
type gated struct {
	f *Forwarder
	r io.Reader
}

func (g gated) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.f.wait()
	return n, err
}
