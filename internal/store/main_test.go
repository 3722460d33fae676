package store_test

import (
	"testing"

	"dangvien/internal/store/storetest"
)

// TestMain drops the PostgreSQL template databases when the tests end.
func TestMain(m *testing.M) { storetest.Main(m) }
