package clustertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Client is one visitor: its cookies (a session, the anti-forgery
// cookie), the anti-forgery field its last page held, and an API token.
// Redirects are not followed: a 303 is a form's success.
type Client struct {
	HTTP  *http.Client
	Token string // for the API, as "Authorization: Bearer"
	// The anti-forgery field of the last page read: the client is shared
	// by goroutines (concurrent saves of one report), hence the lock.
	mu   sync.Mutex
	csrf string
}

// NewClient returns a client with an empty cookie jar. Cookies do not
// depend on the port (RFC 6265), so a session taken on one loopback
// instance goes with every request to the others, as a browser's does
// behind one address.
func NewClient(timeout time.Duration) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{HTTP: &http.Client{Jar: jar, Timeout: timeout,
		Transport:     &http.Transport{MaxIdleConnsPerHost: 16},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Response is an answer read whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Took is the time from sending to the last byte.
	Took time.Duration
}

// ServedBy is the instance that answered, as the balancer names it
// (HAProxy's X-Served-By, see deploy/haproxy.cfg); "" without one.
func (r *Response) ServedBy() string { return r.Header.Get("X-Served-By") }

// Do sends a request and reads the answer whole.
func (c *Client) Do(ctx context.Context, method, u, contentType string, body io.Reader) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.Token != "" && strings.Contains(u, "/api/") {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	t0 := time.Now()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	out := &Response{Status: resp.StatusCode, Header: resp.Header, Body: b, Took: time.Since(t0)}
	if m := csrfField.FindSubmatch(b); m != nil {
		c.mu.Lock()
		c.csrf = string(m[1])
		c.mu.Unlock()
	}
	return out, nil
}

// Get reads a page or an API answer.
func (c *Client) Get(ctx context.Context, u string) (*Response, error) {
	return c.Do(ctx, "GET", u, "", nil)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// SignIn signs in through base's login form.
func (c *Client) SignIn(ctx context.Context, base, email, password string) error {
	r, err := c.Get(ctx, base+"/es/login")
	if err != nil {
		return err
	}
	if r.Status != http.StatusOK || c.CSRF() == "" {
		return fmt.Errorf("login page: %d, no anti-forgery field", r.Status)
	}
	r, err = c.PostForm(ctx, base+"/es/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return err
	}
	if r.Status != http.StatusSeeOther {
		return fmt.Errorf("sign-in of %s: %d", email, r.Status)
	}
	return nil
}

// PostForm posts a form as a browser does, with the anti-forgery field of
// the last page read.
func (c *Client) PostForm(ctx context.Context, u string, fields url.Values) (*Response, error) {
	body := url.Values{"csrf": {c.CSRF()}}
	for k, vs := range fields {
		body[k] = vs
	}
	return c.Do(ctx, "POST", u, "application/x-www-form-urlencoded", strings.NewReader(body.Encode()))
}

// PostMultipart posts a form as multipart/form-data (the report form),
// with the anti-forgery field of the last page read.
func (c *Client) PostMultipart(ctx context.Context, u string, fields url.Values) (*Response, error) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf", c.CSRF())
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	mw.Close()
	return c.Do(ctx, "POST", u, mw.FormDataContentType(), &b)
}

// JSON sends v as a JSON body.
func (c *Client) JSON(ctx context.Context, method, u string, v any) (*Response, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return c.Do(ctx, method, u, "application/json", bytes.NewReader(b))
}

// CSRF is the anti-forgery field of the last page read.
func (c *Client) CSRF() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.csrf
}
