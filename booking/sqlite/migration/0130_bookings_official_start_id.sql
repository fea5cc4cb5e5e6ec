-- PostgreSQL's twin number: there, bookings_official_start gains the id the
-- lists of an official's bookings order by (0130_bookings_official_start_id.sql);
-- SQLite's index entries end in the rowid already.
SELECT 1;
