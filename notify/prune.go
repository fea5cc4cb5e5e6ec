package notify

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErasedFunc returns which of the outbox messages, by their keys (the
// Message-ID's local part), belong to bookings whose personal data has
// been erased.
type ErasedFunc func(ctx context.Context, keys []string) ([]string, error)

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
	files := map[string][]string{}
	var keys []string
	for _, e := range entries {
		// KEY_host.eml, as Send names them after the Message-ID.
		key, _, found := strings.Cut(e.Name(), "_")
		if !found || !strings.HasSuffix(e.Name(), ".eml") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if files[key] == nil {
			keys = append(keys, key)
		}
		files[key] = append(files[key], e.Name())
	}
	n := 0
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), 500)]
		keys = keys[len(chunk):]
		gone, err := erased(ctx, chunk)
		if err != nil {
			return n, err
		}
		for _, key := range gone {
			for _, name := range files[key] {
				if err := os.Remove(filepath.Join(d.Dir, name)); err != nil && !os.IsNotExist(err) {
					return n, fmt.Errorf("notify: prune: %w", err)
				}
				n++
			}
		}
	}
	return n, nil
}
