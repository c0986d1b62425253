package web

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"runtime"
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

// countedFile is an uploaded file that counts the bytes read from it.
type countedFile struct {
	*bytes.Reader
	read int
}

func (f *countedFile) Read(p []byte) (int, error) {
	n, err := f.Reader.Read(p)
	f.read += n
	return n, err
}

func (f *countedFile) Close() error { return nil }

// allocated is the number of bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// readFormFile refuses a file over its limit before reading a byte of it
// or allocating its size; reads one at the limit into one buffer of its
// size; and a file whose declared size is wrong is read no further than
// one byte past the limit.
func TestReadFormFile(t *testing.T) {
	const limit = 1 << 20
	file := func(n int) *countedFile { return &countedFile{Reader: bytes.NewReader(bytes.Repeat([]byte{'x'}, n))} }

	over := file(limit + 1)
	var err error
	if n := allocated(func() { _, err = readFormFile(over, &multipart.FileHeader{Size: limit + 1}, limit) }); n > 4<<10 {
		t.Errorf("a file over the limit: %d bytes allocated; want none of its size", n)
	}
	if !errors.Is(err, errOverLimit) || over.read != 0 {
		t.Errorf("a file over the limit: %v, %d bytes read; want errOverLimit and none read", err, over.read)
	}

	at := file(limit)
	var data []byte
	if n := allocated(func() { data, err = readFormFile(at, &multipart.FileHeader{Size: limit}, limit) }); n > limit+(16<<10) { // the heap rounds a large buffer up to its 8 KiB pages
		t.Errorf("a file at the limit: %d bytes allocated; want one buffer of %d", n, limit+1)
	}
	if err != nil || len(data) != limit {
		t.Errorf("a file at the limit: %d bytes, %v", len(data), err)
	}

	liar := file(limit + 100)
	if _, err := readFormFile(liar, &multipart.FileHeader{Size: 10}, limit); !errors.Is(err, errOverLimit) || liar.read > limit+1 {
		t.Errorf("a file that says it has 10 bytes and has more than the limit: %v, %d bytes read; want errOverLimit, at most %d read", err, liar.read, limit+1)
	}
	short := file(10)
	if data, err := readFormFile(short, &multipart.FileHeader{Size: limit}, limit); err != nil || len(data) != 10 {
		t.Errorf("a file shorter than it says: %d bytes, %v; want its 10", len(data), err)
	}
}
