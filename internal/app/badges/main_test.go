package badges_test

import (
	"testing"

	"dangvien/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }
