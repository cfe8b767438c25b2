// Time per body over the whole conformance corpus: the generated
// ParseErrorResponse against the plainest code a user would write by hand,
// json.Unmarshal into a struct. Run by run.sh (`bash benches/clients/run go`).
package benchclient

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	apierrors "example.com/acme/apierrors"
)

type response struct {
	status     int
	retryAfter string
	body       []byte
}

func corpus(b *testing.B) []response {
	path := filepath.Join("..", "..", "..", "clients", "conformance", "cases.json")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var index struct {
		Cases []struct {
			Status     int     `json:"status"`
			RetryAfter *string `json:"retry_after"`
			Body       string  `json:"body"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(data, &index); err != nil {
		b.Fatal(err)
	}
	responses := make([]response, 0, len(index.Cases))
	for _, c := range index.Cases {
		body, err := os.ReadFile(filepath.Join(filepath.Dir(path), c.Body))
		if err != nil {
			b.Fatal(err)
		}
		r := response{status: c.Status, body: body}
		if c.RetryAfter != nil {
			r.retryAfter = *c.RetryAfter
		}
		responses = append(responses, r)
	}
	return responses
}

// problem is what a hand-written client reads.
type problem struct {
	Code     string         `json:"code"`
	Title    string         `json:"title"`
	Detail   string         `json:"detail"`
	TraceID  string         `json:"trace_id"`
	Metadata map[string]any `json:"metadata"`
}

var sink int

func BenchmarkParser(b *testing.B) {
	responses := corpus(b)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		for _, r := range responses {
			sink += len(apierrors.ParseErrorResponse(r.status, r.retryAfter, r.body).WireCode)
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*len(responses)), "ns/body")
}

func BenchmarkBaseline(b *testing.B) {
	responses := corpus(b)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		for _, r := range responses {
			var p problem
			_ = json.Unmarshal(r.body, &p)
			sink += len(p.Code)
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*len(responses)), "ns/body")
}
