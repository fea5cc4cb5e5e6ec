package sqlite

import (
	"runtime"
	"testing"
)

// TestHeapIsKept: on Linux (glibc) the process keeps the memory SQLite
// frees instead of returning it page by page (heap.go).
func TestHeapIsKept(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("glibc only")
	}
	if !heapKept {
		t.Fatal("glibc did not take the heap settings")
	}
}
