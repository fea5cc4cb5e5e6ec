package heap

import (
	"runtime"
	"testing"
)

// TestHeapIsKept: on Linux (glibc) the process keeps the memory SQLite
// frees instead of returning it page by page (Kept).
func TestHeapIsKept(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("glibc only")
	}
	if !Kept {
		t.Fatal("glibc did not take the heap settings")
	}
}
