package clustertest

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"mime/multipart"
	"strconv"
	"time"
)

// UploadForm is the report form as a focal point's browser sends it, with
// a PDF of size bytes (random after its header, so that no two are the
// same file): the body and its content type.
func UploadForm(c *Client, version, size int) (io.Reader, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range map[string]string{"csrf": c.CSRF(), "version": strconv.Itoa(version), "status": "under_way", "completion": "limited", "narrative": "Con un archivo grande."} {
		mw.WriteField(k, v)
	}
	w, _ := mw.CreateFormFile("file", fmt.Sprintf("informe-%d.pdf", time.Now().UnixNano()))
	data := make([]byte, size)
	rand.Read(data)
	copy(data, "%PDF-1.7\n")
	w.Write(data)
	mw.Close()
	return &b, mw.FormDataContentType()
}
