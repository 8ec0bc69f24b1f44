package static

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHandlerServesPrecompressedTwins(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("mirror.wasm", "plain wasm")
	write("mirror.wasm.br", "brotli wasm")
	write("mirror.wasm.gz", "gzip wasm")
	write("index.html", "<p>plain</p>")
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()

	for _, tc := range []struct {
		path, accept, encoding, body, ctype string
	}{
		{"/mirror.wasm", "gzip, deflate, br", "br", "brotli wasm", "application/wasm"},
		{"/mirror.wasm", "gzip", "gzip", "gzip wasm", "application/wasm"},
		{"/mirror.wasm", "br;q=0, gzip", "gzip", "gzip wasm", "application/wasm"},
		{"/mirror.wasm", "identity", "", "plain wasm", "application/wasm"},
		{"/", "br", "", "<p>plain</p>", "text/html; charset=utf-8"},
	} {
		req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
		req.Header.Set("Accept-Encoding", tc.accept)
		resp, err := http.DefaultTransport.RoundTrip(req) // no transparent decompression
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := resp.Header.Get("Content-Encoding"); got != tc.encoding {
			t.Errorf("%s with %q: Content-Encoding %q, want %q", tc.path, tc.accept, got, tc.encoding)
		}
		if string(body) != tc.body {
			t.Errorf("%s with %q: body %q, want %q", tc.path, tc.accept, body, tc.body)
		}
		if got := resp.Header.Get("Content-Type"); got != tc.ctype {
			t.Errorf("%s: Content-Type %q, want %q", tc.path, got, tc.ctype)
		}
	}
}

func TestHandlerGzipRoundTrip(t *testing.T) {
	dir := t.TempDir()
	var sb strings.Builder
	zw := gzip.NewWriter(&sb)
	zw.Write([]byte("hello"))
	zw.Close()
	os.WriteFile(filepath.Join(dir, "a.js"), []byte("hello"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.js.gz"), []byte(sb.String()), 0o644)
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/a.js") // the client asks for gzip and decodes it
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hello" {
		t.Fatalf("body %q, want hello", body)
	}
}
