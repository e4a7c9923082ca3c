package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxBody bounds one response body: a batch of 50 wikitexts stays far below
// it (the API caps a result at 8 MiB), so more is a broken server.
const maxBody = 64 << 20

// client sends GET requests politely: in series per host, with the
// User-Agent, a per-attempt timeout and retries with backoff.
type client struct {
	http      *http.Client
	userAgent string
	timeout   time.Duration
	retries   int
	baseDelay time.Duration
	maxDelay  time.Duration
	maxWait   time.Duration
	sleep     func(context.Context, time.Duration) error
	now       func() time.Time
}

// hostLocks holds a mutex a host, shared by every Fetcher of the process, so
// that requests to one host go in series however many runs there are.
var hostLocks sync.Map

func hostLock(host string) *sync.Mutex {
	m, _ := hostLocks.LoadOrStore(host, new(sync.Mutex))
	return m.(*sync.Mutex)
}

// retryable is an error worth another attempt, after at least wait (0: the
// backoff alone decides).
type retryable struct {
	err  error
	wait time.Duration
}

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

// StatusError is an HTTP status that no retry will change (4xx but 429), or
// the last of the retried ones.
type StatusError struct {
	URL    string
	Status int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// get returns the body of u, retrying what may pass. check, when not nil,
// inspects a complete 200 body and may return a *retryable (the maxlag error).
func (c *client) get(ctx context.Context, u string, check func([]byte, http.Header) error) ([]byte, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return nil, err
	}
	m := hostLock(pu.Host)
	m.Lock()
	defer m.Unlock()
	for attempt := 0; ; attempt++ {
		body, header, err := c.once(ctx, u)
		if err == nil && check != nil {
			err = check(body, header)
		}
		if err == nil {
			return body, nil
		}
		var r *retryable
		if !errors.As(err, &r) || ctx.Err() != nil {
			return nil, err
		}
		if attempt >= c.retries {
			return nil, fmt.Errorf("giving up after %d attempts: %w", attempt+1, r.err)
		}
		wait := c.backoff(attempt)
		if r.wait > c.maxWait {
			return nil, fmt.Errorf("server asks to wait %s, more than %s: %w", r.wait, c.maxWait, r.err)
		}
		wait = max(wait, r.wait)
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// backoff is the exponential delay before retry attempt+1, with jitter in
// [d/2, d] so that clients that failed together do not return together.
func (c *client) backoff(attempt int) time.Duration {
	d := c.baseDelay << min(attempt, 30)
	if d <= 0 || d > c.maxDelay {
		d = c.maxDelay
	}
	return d/2 + rand.N(d/2+1)
}

// once makes one attempt.
func (c *client) once(ctx context.Context, u string) ([]byte, http.Header, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, nil, &retryable{err: fmt.Errorf("GET %s: no answer within %s", u, c.timeout)}
		}
		return nil, nil, &retryable{err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return nil, nil, &retryable{err: &StatusError{URL: u, Status: resp.StatusCode}, wait: c.retryAfter(resp.Header)}
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil, &StatusError{URL: u, Status: resp.StatusCode}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		// A body cut short of its Content-Length (or a broken chunked or
		// gzip stream) ends here: the next attempt may get all of it.
		return nil, nil, &retryable{err: fmt.Errorf("GET %s: truncated body: %w", u, err)}
	}
	if len(body) > maxBody {
		return nil, nil, fmt.Errorf("GET %s: body larger than %d bytes", u, maxBody)
	}
	return body, resp.Header, nil
}

// retryAfter reads a Retry-After header, in seconds or as an HTTP date.
func (c *client) retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(n, 0)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(c.now()), 0)
	}
	return 0
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// APIError is an error the Action API answered with.
type APIError struct {
	Code string `json:"code"`
	Info string `json:"info"`
}

func (e *APIError) Error() string { return fmt.Sprintf("API error %s: %s", e.Code, e.Info) }

// apiCheck returns the check for an Action API body: JSON that does not parse
// is taken as cut short and retried, and so is the maxlag error, after the
// Retry-After the response carried (or 5 s, the least Wikimedia asks).
func (c *client) apiCheck(body []byte, h http.Header) error {
	var env struct {
		Error *APIError `json:"error"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return &retryable{err: fmt.Errorf("truncated or malformed JSON: %w", err)}
	}
	if env.Error == nil {
		return nil
	}
	if env.Error.Code == "maxlag" {
		wait := 5 * time.Second
		if ra := c.retryAfter(h); ra > 0 {
			wait = ra
		}
		return &retryable{err: env.Error, wait: wait}
	}
	return env.Error
}
