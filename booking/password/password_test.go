package password

import "testing"

func TestHashVerify(t *testing.T) {
	h, err := Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := Verify(h, "correct horse battery"); !ok || err != nil {
		t.Errorf("right password rejected: %v %v", ok, err)
	}
	if ok, _ := Verify(h, "correct horse batterY"); ok {
		t.Error("wrong password accepted")
	}
	h2, _ := Hash("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if _, err := Verify("$2a$10$bcrypt", "x"); err == nil {
		t.Error("a foreign hash was not refused")
	}
}
