-- The monthly totals without a hot row: every booking updated the same
-- two rows of stat_months (its official's month and everyone's), so
-- bookings waited on each other for the row until each committed, one
-- commit at a time whichever replica took them. The triggers now append
-- each change to stat_pending, which nobody waits on, and reading the
-- statistics first folds what is pending into the totals (StatMonths).
CREATE TABLE stat_pending (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    official_id  BIGINT NOT NULL, -- 0: every official
    month        TEXT NOT NULL,
    bookings     BIGINT NOT NULL,
    cancelled    BIGINT NOT NULL,
    attended     BIGINT NOT NULL,
    no_shows     BIGINT NOT NULL,
    ratings      BIGINT NOT NULL,
    rating_sum   BIGINT NOT NULL,
    received     BIGINT NOT NULL,
    wait_sum     BIGINT NOT NULL,
    late_minutes BIGINT NOT NULL, -- 0: not late
    late_n       BIGINT NOT NULL
);

CREATE OR REPLACE FUNCTION stat_delta(official BIGINT, starts BIGINT, sign BIGINT, st TEXT, rating BIGINT, wait BIGINT, late BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    m TEXT := to_char(to_timestamp(starts) AT TIME ZONE 'Europe/Sofia', 'YYYY-MM');
    is_late BOOLEAN := late > 0 AND st IN ('arrived', 'late', 'completed');
BEGIN
    INSERT INTO stat_pending (official_id, month, bookings, cancelled, attended, no_shows, ratings, rating_sum, received, wait_sum, late_minutes, late_n)
    SELECT o.id, m,
        sign * (st IS NOT NULL)::int,
        sign * (st IS NOT DISTINCT FROM 'cancelled')::int,
        sign * COALESCE((st IN ('arrived', 'late', 'completed'))::int, 0),
        sign * (st IS NOT DISTINCT FROM 'no_show')::int,
        sign * (rating > 0)::int,
        sign * rating,
        sign * (wait > 0)::int,
        sign * GREATEST(wait, 0),
        CASE WHEN is_late THEN (late + 59) / 60 ELSE 0 END,
        CASE WHEN is_late THEN sign ELSE 0 END
    FROM (VALUES (official), (0)) AS o (id);
END $$;
