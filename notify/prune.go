package notify

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErasedFunc returns which of the outbox messages belong to bookings whose
// personal data has been erased.
type ErasedFunc func(ctx context.Context, ids []int64) ([]int64, error)

// Prune deletes the written letters of bookings whose personal data was
// erased (on request or by retention): an .eml file is a copy of it. It
// returns how many files it removed.
func (d *DirMailer) Prune(ctx context.Context, erased ErasedFunc) (int, error) {
	entries, err := os.ReadDir(d.Dir)
	if os.IsNotExist(err) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("notify: prune: %w", err)
	}
	files := map[int64][]string{}
	var ids []int64
	for _, e := range entries {
		// outbox-ID_host.eml, as Send names them.
		rest, ok := strings.CutPrefix(e.Name(), "outbox-")
		num, _, found := strings.Cut(rest, "_")
		id, err := strconv.ParseInt(num, 10, 64)
		if !ok || !found || err != nil || !strings.HasSuffix(e.Name(), ".eml") {
			continue
		}
		if files[id] == nil {
			ids = append(ids, id)
		}
		files[id] = append(files[id], e.Name())
	}
	n := 0
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		gone, err := erased(ctx, chunk)
		if err != nil {
			return n, err
		}
		for _, id := range gone {
			for _, name := range files[id] {
				if err := os.Remove(filepath.Join(d.Dir, name)); err != nil && !os.IsNotExist(err) {
					return n, fmt.Errorf("notify: prune: %w", err)
				}
				n++
			}
		}
	}
	return n, nil
}
