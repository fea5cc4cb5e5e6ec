// Package heap keeps the C heap that SQLite grows: imported for its effect
// by booking/sqlite and by cmd/bare-book, whose ceiling must run as
// Priemna does.
package heap

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
// keep_heap tells glibc to keep the memory SQLite frees (see Kept);
// 1 when it took both settings.
static int keep_heap(void) {
	return mallopt(M_TRIM_THRESHOLD, 512 << 20) == 1 && mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;
}
#else
static int keep_heap(void) { return 0; }
#endif
*/
import "C"

// SQLite allocates its pages with malloc, and each connection's page
// cache is emptied whenever another connection has written: every reader
// and the checkpointer drop and refill theirs after each group commit.
// glibc hands such memory back to the kernel as soon as it is free
// (madvise, brk, munmap), and every return makes the kernel stop the other
// cores to flush their TLBs: under booking load 11 % of the process's
// time went on that (perf, issue #18). The process keeps what it grew to
// instead; the connections' caches bound it (booking/sqlite's Open), and blocks of 32 MB or
// more are still mapped and unmapped on their own. Kept says whether the
// C library took the settings (glibc only).
var Kept = C.keep_heap() == 1
