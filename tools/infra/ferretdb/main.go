// Local MongoDB-compatible server for development and tests: FerretDB v1 (SQLite backend)
// embedded in a tiny wrapper, because `go install .../cmd/ferretdb` builds a binary that
// panics at start (it expects a generated version file). Built by tools/infra/local-servers.mjs.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func main() {
	addr := flag.String("listen-addr", env("FERRETDB_LISTEN_ADDR", "127.0.0.1:27017"), "TCP listen address")
	dir := flag.String("data-dir", env("FERRETDB_DATA_DIR", "data"), "SQLite data directory")
	flag.Parse()

	abs, err := filepath.Abs(*dir)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + filepath.ToSlash(abs) + "/",
	})
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("ferretdb: listening on %s, data in %s", *addr, abs)
	if err := f.Run(ctx); err != nil {
		log.Fatal(err)
	}
	log.Printf("ferretdb: stopped")
}
