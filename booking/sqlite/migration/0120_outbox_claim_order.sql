-- PostgreSQL's twin number: there, outbox_due gains the id its claim orders
-- by (0120_outbox_claim_order.sql); SQLite's index entries end in the rowid.
SELECT 1;
