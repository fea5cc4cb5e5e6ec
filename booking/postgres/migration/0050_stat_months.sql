-- Folded into 0001_init.sql: PostgreSQL's schema starts at SQLite's 0060.
SELECT 1;
