// Command serve serves the built playground (build/site by default) on
// 127.0.0.1, on the port in $PORT (8080 when unset), and prints its URL.
// Precompressed .br and .gz twins are served when present and accepted.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"mirror/tools/serve/static"
)

func main() {
	dir := flag.String("dir", "build/site", "folder to serve")
	flag.Parse()
	if _, err := os.Stat(filepath.Join(*dir, "index.html")); err != nil {
		log.Fatalf("serve: %s has no index.html: run `make site` first (%v)", *dir, err)
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		log.Fatalf("serve: %v (set PORT to use another port)", err)
	}
	fmt.Printf("Mirror playground: http://%s/  (serving %s; Ctrl-C stops)\n", ln.Addr(), *dir)
	log.Fatal(http.Serve(ln, static.Handler(*dir)))
}
