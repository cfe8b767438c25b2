// The generated Go client against the conformance corpus and the catalog.
// tests/client_go.rs runs it in a module of its own, the package under test
// imported as clienttest/client:
//
//	CONFORMANCE_CASES=.../clients/conformance/cases.json go test -v
//	CLIENT_TEXTS=out.json go test -run TestDumpTexts
package client_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	client "clienttest/client"
)

type fieldError struct {
	Path     string   `json:"path"`
	Messages []string `json:"messages"`
}

// expected is a case's parse, member by member, as the Rust runtime gave it.
type expected struct {
	Code              *string         `json:"code"`
	WireCode          *string         `json:"wire_code"`
	ErrorClass        string          `json:"error_class"`
	Retryable         bool            `json:"retryable"`
	RetryAfterSeconds *int            `json:"retry_after_seconds"`
	Format            *string         `json:"format"`
	Title             *string         `json:"title"`
	Detail            *string         `json:"detail"`
	TraceID           *string         `json:"trace_id"`
	FieldErrors       []fieldError    `json:"field_errors"`
	Metadata          json.RawMessage `json:"metadata"`
	// Details is, for a code with fields, their values in catalog order
	// or null; absent (nil) for other codes.
	Details json.RawMessage `json:"details"`
}

type conformanceCase struct {
	Name       string   `json:"name"`
	Status     int      `json:"status"`
	RetryAfter *string  `json:"retry_after"`
	Body       string   `json:"body"`
	Expected   expected `json:"expected"`
}

func loadCases(t testing.TB) (string, []conformanceCase) {
	path := os.Getenv("CONFORMANCE_CASES")
	if path == "" {
		t.Fatal("set CONFORMANCE_CASES to the corpus's cases.json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		Cases []conformanceCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &corpus); err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(path), corpus.Cases
}

func TestConformance(t *testing.T) {
	dir, cases := loadCases(t)
	agree := 0
	for _, c := range cases {
		body, err := os.ReadFile(filepath.Join(dir, c.Body))
		if err != nil {
			t.Fatal(err)
		}
		retryAfter := ""
		if c.RetryAfter != nil {
			retryAfter = *c.RetryAfter
		}
		differences := compare(c.Expected, client.ParseErrorResponse(c.Status, retryAfter, body))
		for _, difference := range differences {
			t.Errorf("%s: %s", c.Name, difference)
		}
		if len(differences) == 0 {
			agree++
		}
	}
	fmt.Printf("go: %d of %d cases agree\n", agree, len(cases))
}

// text is an optional text as the client gives it: "" for none.
func text(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func show(s *string) string {
	if s == nil {
		return "null"
	}
	return fmt.Sprintf("%q", *s)
}

func showInt(n *int) string {
	if n == nil {
		return "null"
	}
	return fmt.Sprint(*n)
}

// compare lists the members of got that differ from want. The texts the Go
// client gives as "" when absent compare so; the wire code's presence is
// exact, since a body with a code always has a format.
func compare(want expected, got *client.ResponseError) []string {
	var out []string
	differ := func(member, want, got string) {
		out = append(out, fmt.Sprintf("%s: expected %s, got %s", member, want, got))
	}
	if text(want.Code) != string(got.Code) {
		differ("code", show(want.Code), fmt.Sprintf("%q", got.Code))
	}
	var wire *string
	if got.Format != "" {
		wire = &got.WireCode
	} else if got.WireCode != "" {
		differ("wire_code", "no wire code without a format", fmt.Sprintf("%q", got.WireCode))
	}
	if show(want.WireCode) != show(wire) {
		differ("wire_code", show(want.WireCode), show(wire))
	}
	if want.ErrorClass != string(got.ErrorClass) {
		differ("error_class", want.ErrorClass, string(got.ErrorClass))
	}
	if want.Retryable != got.Retryable() {
		differ("retryable", fmt.Sprint(want.Retryable), fmt.Sprint(got.Retryable()))
	}
	if showInt(want.RetryAfterSeconds) != showInt(got.RetryAfterSeconds) {
		differ("retry_after_seconds", showInt(want.RetryAfterSeconds), showInt(got.RetryAfterSeconds))
	}
	if text(want.Format) != string(got.Format) {
		differ("format", show(want.Format), fmt.Sprintf("%q", got.Format))
	}
	for _, member := range []struct {
		name string
		want *string
		got  string
	}{{"title", want.Title, got.Title}, {"detail", want.Detail, got.Detail}, {"trace_id", want.TraceID, got.TraceID}} {
		if text(member.want) != member.got {
			differ(member.name, show(member.want), fmt.Sprintf("%q", member.got))
		}
	}
	gotFields := make([]fieldError, 0, len(got.FieldErrors))
	for _, field := range got.FieldErrors {
		gotFields = append(gotFields, fieldError{field.Path, field.Messages})
	}
	wantFields := want.FieldErrors
	if wantFields == nil {
		wantFields = []fieldError{}
	}
	if a, b := marshal(wantFields), marshal(gotFields); a != b {
		differ("field_errors", a, b)
	}
	var wantMetadata, gotMetadata any
	_ = json.Unmarshal(want.Metadata, &wantMetadata)
	if got.Metadata != nil {
		_ = json.Unmarshal([]byte(marshal(got.Metadata)), &gotMetadata)
	}
	if !reflect.DeepEqual(wantMetadata, gotMetadata) {
		differ("metadata", string(want.Metadata), marshal(got.Metadata))
	}
	if want.Details != nil {
		var wantDetails, gotDetails any
		_ = json.Unmarshal(want.Details, &wantDetails)
		_ = json.Unmarshal([]byte(marshal(fieldValues(got.Details()))), &gotDetails)
		if !reflect.DeepEqual(wantDetails, gotDetails) {
			differ("details", string(want.Details), marshal(fieldValues(got.Details())))
		}
	}
	return out
}

// fieldValues is a details struct's fields in the order the catalog
// declares them; nil when there are none.
func fieldValues(details any, ok bool) []any {
	if !ok {
		return nil
	}
	value := reflect.ValueOf(details)
	values := make([]any, 0, value.NumField())
	for i := 0; i < value.NumField(); i++ {
		values = append(values, value.Field(i).Interface())
	}
	return values
}

// Each code's reader gives its fields under Go names, found by name: this
// file also compiles against packages of catalogs without these codes.
func TestNamedReaders(t *testing.T) {
	dir, cases := loadCases(t)
	read := func(name string) *client.ResponseError {
		for _, c := range cases {
			if c.Name == name {
				body, err := os.ReadFile(filepath.Join(dir, c.Body))
				if err != nil {
					t.Fatal(err)
				}
				return client.ParseErrorResponse(c.Status, "", body)
			}
		}
		t.Fatalf("the corpus has no case %s", name)
		return nil
	}
	call := func(response *client.ResponseError, method string) (any, bool) {
		found := reflect.ValueOf(response).MethodByName(method)
		if !found.IsValid() {
			t.Fatalf("ResponseError has no method %s", method)
		}
		results := found.Call(nil)
		return results[0].Interface(), results[1].Bool()
	}
	details, ok := call(read("fields-rate_limited"), "RateLimitedDetails")
	if got := fmt.Sprintf("%+v", details); !ok || got != "{Limit:100 WindowSeconds:60}" {
		t.Errorf("RateLimitedDetails() = %s, %v", got, ok)
	}
	details, ok = call(read("fields-webhook_endpoint_limit"), "WebhookEndpointLimitDetails")
	if got := fmt.Sprintf("%+v", details); !ok || got != "{Limit:16 Plan:team Upgradable:true}" {
		t.Errorf("WebhookEndpointLimitDetails() = %s, %v", got, ok)
	}
	if _, ok := call(read("fields-webhook_endpoint_limit"), "RateLimitedDetails"); ok {
		t.Error("RateLimitedDetails() read another code's fields")
	}
}

func marshal(value any) string {
	data, err := json.Marshal(value)
	if err != nil {
		return err.Error()
	}
	return string(data)
}

// A ResponseError is an error that errors.As finds through wrapping.
func TestErrorsAs(t *testing.T) {
	body := []byte(`{"code":"shard_moving","detail":"line\nbreak"}`)
	err := fmt.Errorf("calling the API: %w", client.ParseErrorResponse(503, "", body))
	var response *client.ResponseError
	if !errors.As(err, &response) {
		t.Fatal("errors.As found no *ResponseError")
	}
	if response.WireCode != "shard_moving" || response.ErrorClass != client.ErrorClassServer || !response.Retryable() {
		t.Errorf("unexpected %+v", response)
	}
	want := `shard_moving (503), a code this client does not know: line\nbreak`
	if response.Error() != want {
		t.Errorf("Error() = %q, want %q", response.Error(), want)
	}
}

// FuzzParseErrorResponse: no body panics the parser, and what it reads
// is consistent. `go test` runs the seeds (every corpus body);
// `go test -fuzz FuzzParseErrorResponse` looks for more.
func FuzzParseErrorResponse(f *testing.F) {
	if os.Getenv("CONFORMANCE_CASES") != "" {
		dir, cases := loadCases(f)
		for _, c := range cases {
			if body, err := os.ReadFile(filepath.Join(dir, c.Body)); err == nil {
				f.Add(c.Status, text(c.RetryAfter), body)
			}
		}
	}
	f.Add(400, "", []byte(`{"errors":[{"errors":[{"errors":[{"message":"x"}]}]}]}`))
	f.Fuzz(func(t *testing.T, status int, retryAfter string, body []byte) {
		got := client.ParseErrorResponse(status, retryAfter, body)
		if got.Code != "" && string(got.Code) != got.WireCode {
			t.Errorf("code %q but wire code %q", got.Code, got.WireCode)
		}
		// (Envelope entries without a category still give field errors,
		// as in the Rust runtime: only the code makes the format.)
		if got.Format == "" && got.WireCode != "" {
			t.Errorf("no format, yet %+v", got)
		}
		_ = got.Error()
	})
}

// codeFacts is what the package says about one code.
type codeFacts struct {
	Code       string  `json:"code"`
	Status     int     `json:"status"`
	Title      string  `json:"title"`
	Message    string  `json:"message"`
	When       string  `json:"when"`
	Surface    string  `json:"surface"`
	Retryable  bool    `json:"retryable"`
	Deprecated *string `json:"deprecated"`
	DocURL     string  `json:"doc_url"`
}

// TestDumpTexts writes every code's facts as JSON to CLIENT_TEXTS, for the
// Rust test to compare with the catalog byte for byte.
func TestDumpTexts(t *testing.T) {
	path := os.Getenv("CLIENT_TEXTS")
	if path == "" {
		t.Skip("CLIENT_TEXTS is not set: nothing to dump")
	}
	facts := make([]codeFacts, 0, len(client.AllErrorCodes))
	for _, code := range client.AllErrorCodes {
		if found, ok := client.LookupErrorCode(string(code)); !ok || found != code {
			t.Errorf("LookupErrorCode(%q) = %q, %v", code, found, ok)
		}
		fact := codeFacts{
			Code: string(code), Status: code.Status(), Title: code.Title(), Message: code.Message(),
			When: code.When(), Surface: code.Surface(), Retryable: code.Retryable(), DocURL: code.DocURL(),
		}
		if reason, deprecated := code.Deprecated(); deprecated {
			fact.Deprecated = &reason
		}
		facts = append(facts, fact)
	}
	if _, ok := client.LookupErrorCode("no such code, surely"); ok {
		t.Error("LookupErrorCode found a code the catalog does not have")
	}
	data, err := json.Marshal(facts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
