package booking

import (
	"context"
	"testing"
	"time"
)

type fakeDeadLetters struct {
	id    int64
	audit AuditEntry
	calls int
}

func (f *fakeDeadLetters) DeadMessages(context.Context) ([]Message, error) { return nil, nil }
func (f *fakeDeadLetters) ResendDead(_ context.Context, id int64, a AuditEntry) (int, error) {
	f.calls++
	f.id, f.audit = id, a
	return 1, nil
}

func TestResendDeadIsForAdministratorsAndAudited(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 500, time.UTC)
	store := &fakeDeadLetters{}
	svc := NewService(Stores{DeadLetters: store}, func() time.Time { return now })
	for _, by := range []*User{nil, {ID: 2, Role: RoleAssistant, Email: "a@example.org"}} {
		if _, err := svc.ResendDead(context.Background(), by, 7); ErrorCode(err) != EFORBIDDEN {
			t.Errorf("%+v: %v", by, err)
		}
	}
	if store.calls != 0 {
		t.Fatal("the store was asked without the right")
	}
	admin := &User{ID: 1, Role: RoleAdmin, Email: "admin@example.org"}
	if n, err := svc.ResendDead(context.Background(), admin, 7); err != nil || n != 1 {
		t.Fatalf("%d %v", n, err)
	}
	want := AuditEntry{At: now.Truncate(time.Second), UserID: 1, UserEmail: "admin@example.org", Action: "outbox.resend", Object: "message 7"}
	if store.id != 7 || store.audit != want {
		t.Errorf("store got %d %+v", store.id, store.audit)
	}
	svc.ResendDead(context.Background(), CommandLine, 0)
	if store.audit.Object != "all" || store.audit.UserEmail != CommandLine.Email {
		t.Errorf("all, from the shell: %+v", store.audit)
	}
}
