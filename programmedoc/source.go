package programmedoc

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/elac/bitacora"
)

var utf8BOM = []byte("\xef\xbb\xbf")

// splitLines checks that src is a text document and splits it into lines:
// the BOM stripped, CRLF and CR line endings read as LF, a final newline
// not counted as a line of its own. Line i of the document is lines[i-1].
func splitLines(src []byte, name string) ([]string, error) {
	if len(src) > MaxSize {
		return nil, bitacora.Errorf(bitacora.ETOOLARGE, "%sthe document is %d bytes; the limit is %d bytes (%d MiB)",
			namePrefix(name), len(src), MaxSize, MaxSize>>20)
	}
	src = bytes.TrimPrefix(src, utf8BOM)
	if err := checkText(src, name); err != nil {
		return nil, err
	}
	text := string(src)
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	if !strings.ContainsFunc(text, func(r rune) bool { return !unicode.IsSpace(r) && !isInvisible(r) }) {
		return nil, bitacora.Errorf(bitacora.EINVALID, "%sempty document", namePrefix(name))
	}
	lines := strings.Split(text, "\n")
	if len(lines) > 1 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines, nil
}

// checkText refuses what is not text: invalid UTF-8 (a binary file, or text
// in a legacy encoding), NUL bytes and other control characters. Tabs,
// line ends, form feeds (page breaks) and vertical tabs are text.
func checkText(src []byte, name string) error {
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line++
			case c == '\r':
				if i+1 >= len(src) || src[i+1] != '\n' {
					line++
				}
			case c == 0:
				return notText(name, line, "it contains a NUL byte")
			case c == '\t', c == '\f', c == '\v':
			case c < 0x20 || c == 0x7f:
				return notText(name, line, "it contains the control character U+%04X", c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return notText(name, line, "it is not valid UTF-8 (save the file as UTF-8)")
		}
		if r >= 0x80 && r <= 0x9f {
			return notText(name, line, "it contains the control character U+%04X", r)
		}
		i += size
	}
	return nil
}

func notText(name string, line int, format string, args ...any) error {
	return bitacora.Errorf(bitacora.EINVALID, "%sline %d: not a text document: %s",
		namePrefix(name), line, fmt.Sprintf(format, args...))
}

// namePrefix starts a message with the document's name, when there is one.
func namePrefix(name string) string {
	if name == "" {
		return ""
	}
	return name + ": "
}
