package bench

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"

	"dangvien/internal/store/storetest"
)

// A database the admission bench was told to keep outlives the run (its
// URL or file is printed to measure again with --reuse); one not kept is
// gone.
func TestAdmissionDatabaseKept(t *testing.T) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		for _, keep := range []bool{true, false} {
			h, err := openAdmissionDB(ctx, Options{Keep: keep})
			if err != nil {
				t.Fatal(err)
			}
			h.cleanup()
			_, err = os.Stat(h.name)
			if keep != (err == nil) {
				t.Fatalf("keep %v: the file after the run: %v", keep, err)
			}
			if keep {
				os.RemoveAll(strings.TrimSuffix(h.name, "/admission.db"))
			}
		}
	})
	t.Run("postgres", func(t *testing.T) {
		base := storetest.PostgresURL(t)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		for _, keep := range []bool{true, false} {
			h, err := openAdmissionDB(ctx, Options{DSN: base, Keep: keep})
			if err != nil {
				t.Fatal(err)
			}
			h.cleanup()
			u, _ := url.Parse(h.name)
			name := strings.TrimPrefix(u.Path, "/")
			var n int
			if err := admin.QueryRow("SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if keep != (n == 1) {
				t.Fatalf("keep %v: %d databases %s after the run", keep, n, name)
			}
			if keep {
				admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			}
		}
	})
}
