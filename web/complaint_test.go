package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/priemna/priemna/booking"
)

func TestComplaintFiledAndAnswered(t *testing.T) {
	e := newEnv(t, withComplaints)
	e.noRedirects()

	_, body, _ := e.get(t, "/bookings/"+e.b.Token)
	if !strings.Contains(body, `href="/complaints?booking=`+e.b.Token+`"`) {
		t.Fatal("the manage page does not lead to the complaint form")
	}
	status, body, _ := e.get(t, "/complaints?booking="+e.b.Token)
	if status != 200 || !strings.Contains(body, e.b.Reference) {
		t.Fatalf("form: %d", status)
	}
	checkAccessible(t, body, "bg")
	form := hiddenFields(body)
	form.Set("text", "кратко")
	status, body, _ = e.postForm(t, "/complaints", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `class="error-summary"`) || !strings.Contains(body, e.b.Reference) {
		t.Fatalf("invalid: %d", status)
	}
	checkAccessible(t, body, "bg")
	form = hiddenFields(body)
	form.Set("text", "Чаках пред стаята 40 минути след часа си.")
	form.Set("email", "maria@example.bg")
	status, body, _ = e.postForm(t, "/complaints", form)
	if status != 200 || !strings.Contains(body, "2026-00001") || !strings.Contains(body, "6 февруари 2026") {
		t.Fatalf("filed: %d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")

	// An assistant of the official answers it; an assistant of nobody sees nothing.
	e.signedIn(t, "nobody@sofia.example.bg", booking.RoleAssistant)
	if _, body, _ = e.get(t, "/staff/complaints"); strings.Contains(body, "2026-00001") {
		t.Fatal("an assistant of another official sees the complaint")
	}
	e.signedIn(t, "asst@sofia.example.bg", booking.RoleAssistant, "kmet-sredets")
	status, body, _ = e.get(t, "/staff/complaints")
	if status != 200 || !strings.Contains(body, "2026-00001") || !strings.Contains(body, "чака отговор") {
		t.Fatalf("register: %d\n%s", status, body)
	}
	checkAccessible(t, body, "bg")
	link := regexpFind(t, body, `href="(/staff/complaints/\d+)"`)
	_, body, _ = e.get(t, link)
	checkAccessible(t, body, "bg")
	form = hiddenFields(body)
	form.Set("answer", "Извиняваме се; приемната вече има втори служител.")
	status, body, _ = e.postForm(t, link+"/answer", form)
	if status != 200 || !strings.Contains(body, "Отговорът е изпратен") || !strings.Contains(body, "Пепа Помощникова") || strings.Contains(body, `name="answer"`) {
		t.Fatalf("answer: %d\n%s", status, body)
	}
	if status, _, _ = e.postForm(t, link+"/answer", form); status != http.StatusConflict {
		t.Fatalf("second answer: %d", status)
	}

	resp, err := http.Get(e.url + "/api/v1/statistics/complaints")
	must(t, err)
	var months []map[string]any
	must(t, json.NewDecoder(resp.Body).Decode(&months))
	resp.Body.Close()
	if len(months) != 1 || months[0]["month"] != "2026-01" || months[0]["received"] != 1.0 || months[0]["share_answered_within_30_days"] != 1.0 {
		t.Fatalf("open data: %v", months)
	}
}

// Erasure on request through the staff API: an administrator's token
// erases a complaint's words and a citizen's waiting-list entries.
func TestStaffErasureAPI(t *testing.T) {
	e := newEnv(t, withComplaints, withWaitlist)
	ctx := t.Context()
	c, err := e.svc.FileComplaint(ctx, booking.ComplaintRequest{Text: "Чаках пред стаята 40 минути.", Email: "ivan@example.bg"})
	must(t, err)
	e.fillJan12(t)
	_, _, err = e.svc.JoinWaitlist(ctx, booking.WaitRequest{Official: "kmet-sredets", Name: "Петя", Email: "petya@example.bg",
		Topic: "Паркиране в зона", Language: "bg", From: "2026-01-12", To: "2026-01-12"})
	must(t, err)
	e.addStaff(t, "admin@sofia.example.bg", booking.RoleAdmin)
	token, err := e.staff.CreateAPIToken(ctx, booking.CommandLine, "admin@sofia.example.bg")
	must(t, err)
	call := func(path, body string) (int, map[string]any) { return e.postAPI(t, token, path, body) }
	if status, out := call("/api/v1/staff/complaints/"+strconv.FormatInt(c.ID, 10)+"/erase", ``); status != 200 || out["status"] != "erased" {
		t.Fatalf("erase complaint: %d %v", status, out)
	}
	if got, _ := e.db.Complaint(ctx, c.ID); got.Text != "" || got.Email != "" {
		t.Fatalf("complaint after erasure: %+v", got)
	}
	if status, out := call("/api/v1/staff/waitlist/erase", `{"email":"petya@example.bg"}`); status != 200 || out["entries"] != 1.0 {
		t.Fatalf("erase waiting entries: %d %v", status, out)
	}
	if list, _ := e.db.WaitingList(ctx, e.b.OfficialID); len(list) != 0 {
		t.Fatalf("still waiting: %+v", list)
	}
	if status, _ := call("/api/v1/staff/waitlist/erase", `{"email":"nope"}`); status != 422 {
		t.Fatalf("bad email: %d", status)
	}
}
