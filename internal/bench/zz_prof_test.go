package bench

import (
	"context"
	"os"
	"testing"
	"time"

	"dangvien/internal/app/mobility"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

func TestZZProf(t *testing.T) {
	p := os.Getenv("MOBDB")
	if p == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := store.Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	svc := &mobility.Service{DB: db}
	today := domain.DateOf(time.Now())
	for i := 0; i < 5; i++ {
		t0 := time.Now()
		svc.Transfers(ctx, domain.System, 1, today.AddMonths(-12), today)
		t1 := time.Now()
		svc.Away(ctx, domain.System, 1)
		t2 := time.Now()
		svc.Residence(ctx, domain.System, 1, today.Year()-1)
		t3 := time.Now()
		svc.Overdue(ctx, domain.System, 1)
		t.Logf("transfers %v away %v residence %v overdue %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), time.Since(t3))
	}
}
