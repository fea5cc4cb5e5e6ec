package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the database to path, which must not
// exist. It is safe while the database is in use.
func (db *DB) Backup(ctx context.Context, path string) error {
	return Backup(ctx, db.Path, path)
}

// Backup copies the database file at src to dst with VACUUM INTO: a
// consistent snapshot even while another process writes to it. dst must
// not exist; it is created readable by its owner only.
func Backup(ctx context.Context, src, dst string) error {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode)
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	f.Close() // VACUUM INTO fills an empty file
	conn, err := sql.Open("sqlite3", src+"?_busy_timeout=10000")
	if err != nil {
		os.Remove(dst)
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		os.Remove(dst)
		return fmt.Errorf("sqlite: backup to %s: %w", dst, err)
	}
	return nil
}
