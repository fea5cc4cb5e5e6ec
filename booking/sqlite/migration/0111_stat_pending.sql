-- PostgreSQL's twin number: there, the statistics triggers stopped updating one
-- hot row per booking (0111_stat_pending.sql); SQLite's single writer has none.
SELECT 1;
