package web

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"
)

// readAllSized reads everything, whether the size it is given is right,
// too small or too large, in one allocation when it is right.
func TestReadAllSized(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 10_000)
	for _, size := range []int64{0, 1, 512, int64(len(data)) - 1, int64(len(data)), int64(len(data)) + 1, 1 << 20} {
		got, err := readAllSized(iotest.HalfReader(bytes.NewReader(data)), size)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("size %d: %d bytes, %v; want the %d bytes", size, len(got), err, len(data))
		}
	}
	if _, err := readAllSized(iotest.ErrReader(io.ErrUnexpectedEOF), 10); err != io.ErrUnexpectedEOF {
		t.Errorf("a failing reader: %v", err)
	}
	r := bytes.NewReader(data)
	allocs := testing.AllocsPerRun(10, func() {
		r.Reset(data)
		readAllSized(r, int64(len(data))+1)
	})
	if allocs != 1 {
		t.Errorf("%v allocations with the right size; want 1", allocs)
	}
}
