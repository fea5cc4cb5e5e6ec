-- Monthly statistics kept up to date as bookings change, so that the open
-- statistics cost the same with a million bookings as with none. Triggers
-- keep them, in the transaction that changes a booking or its feedback;
-- official_id 0 holds everyone's totals. A pending or released hold
-- (held_until set) counts for nothing, as in the statistics.
CREATE TABLE stat_months (
    official_id INTEGER NOT NULL, -- 0: every official
    month       TEXT NOT NULL,    -- YYYY-MM of the slot start, in Sofia
    bookings    INTEGER NOT NULL DEFAULT 0,
    cancelled   INTEGER NOT NULL DEFAULT 0,
    attended    INTEGER NOT NULL DEFAULT 0, -- arrived, late or completed
    no_shows    INTEGER NOT NULL DEFAULT 0,
    ratings     INTEGER NOT NULL DEFAULT 0,
    rating_sum  INTEGER NOT NULL DEFAULT 0,
    received    INTEGER NOT NULL DEFAULT 0, -- meetings with a known wait
    wait_sum    INTEGER NOT NULL DEFAULT 0, -- seconds
    PRIMARY KEY (official_id, month)
) WITHOUT ROWID;

-- Attended meetings by minutes late, rounded up: "late" is later than the
-- grace period, which is the server's setting, not the data's.
CREATE TABLE stat_late (
    official_id INTEGER NOT NULL,
    month       TEXT NOT NULL,
    minutes     INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (official_id, month, minutes)
) WITHOUT ROWID;

-- One booking's part in the statistics, added (sign 1) or taken away (-1).
-- status NULL: the feedback alone (a rating given or withdrawn).
CREATE VIEW stat_delta (official_id, starts_at, sign, status, rating, wait, late) AS
    SELECT 0, 0, 0, '', 0, 0, 0 WHERE 0;

CREATE TRIGGER stat_delta_apply INSTEAD OF INSERT ON stat_delta BEGIN
    INSERT INTO stat_months (official_id, month, bookings, cancelled, attended, no_shows, ratings, rating_sum, received, wait_sum)
    SELECT o.id, m.month,
        NEW.sign * (NEW.status IS NOT NULL),
        NEW.sign * (NEW.status IS 'cancelled'),
        NEW.sign * (COALESCE(NEW.status IN ('arrived', 'late', 'completed'), 0)),
        NEW.sign * (NEW.status IS 'no_show'),
        NEW.sign * (NEW.rating > 0),
        NEW.sign * NEW.rating,
        NEW.sign * (NEW.wait > 0),
        NEW.sign * MAX(NEW.wait, 0)
    FROM (SELECT NEW.official_id AS id UNION ALL SELECT 0) o,
        -- The month in Sofia: UTC+2 in winter, +3 in summer. Only in the
        -- hour where the two disagree does it matter which: month
        -- boundaries from April to October fall in summer time.
        (SELECT CASE
            WHEN strftime('%Y-%m', NEW.starts_at + 7200, 'unixepoch') = strftime('%Y-%m', NEW.starts_at + 10800, 'unixepoch')
                OR CAST(strftime('%m', NEW.starts_at + 10800, 'unixepoch') AS INTEGER) NOT BETWEEN 4 AND 10
            THEN strftime('%Y-%m', NEW.starts_at + 7200, 'unixepoch')
            ELSE strftime('%Y-%m', NEW.starts_at + 10800, 'unixepoch') END AS month) m
    WHERE true
    ON CONFLICT (official_id, month) DO UPDATE SET
        bookings = bookings + excluded.bookings, cancelled = cancelled + excluded.cancelled,
        attended = attended + excluded.attended, no_shows = no_shows + excluded.no_shows,
        ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum,
        received = received + excluded.received, wait_sum = wait_sum + excluded.wait_sum;

    INSERT INTO stat_late (official_id, month, minutes, n)
    SELECT o.id, m.month, (NEW.late + 59) / 60, NEW.sign
    FROM (SELECT NEW.official_id AS id UNION ALL SELECT 0) o,
        (SELECT CASE -- the month in Sofia, as above
            WHEN strftime('%Y-%m', NEW.starts_at + 7200, 'unixepoch') = strftime('%Y-%m', NEW.starts_at + 10800, 'unixepoch')
                OR CAST(strftime('%m', NEW.starts_at + 10800, 'unixepoch') AS INTEGER) NOT BETWEEN 4 AND 10
            THEN strftime('%Y-%m', NEW.starts_at + 7200, 'unixepoch')
            ELSE strftime('%Y-%m', NEW.starts_at + 10800, 'unixepoch') END AS month) m
    WHERE NEW.late > 0 AND NEW.status IN ('arrived', 'late', 'completed')
    ON CONFLICT (official_id, month, minutes) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER bookings_stat_insert AFTER INSERT ON bookings WHEN NEW.held_until IS NULL BEGIN
    INSERT INTO stat_delta VALUES (NEW.official_id, NEW.starts_at, 1, NEW.status,
        COALESCE((SELECT rating FROM feedback WHERE booking_id = NEW.id), 0),
        COALESCE(NEW.received_at - NEW.arrived_at, 0), COALESCE(NEW.arrived_at - NEW.starts_at, 0));
END;

CREATE TRIGGER bookings_stat_update AFTER UPDATE OF official_id, starts_at, status, arrived_at, received_at, held_until ON bookings
WHEN OLD.official_id IS NOT NEW.official_id OR OLD.starts_at IS NOT NEW.starts_at OR OLD.status IS NOT NEW.status
    OR OLD.arrived_at IS NOT NEW.arrived_at OR OLD.received_at IS NOT NEW.received_at OR OLD.held_until IS NOT NEW.held_until
BEGIN
    INSERT INTO stat_delta SELECT OLD.official_id, OLD.starts_at, -1, OLD.status,
        COALESCE((SELECT rating FROM feedback WHERE booking_id = OLD.id), 0),
        COALESCE(OLD.received_at - OLD.arrived_at, 0), COALESCE(OLD.arrived_at - OLD.starts_at, 0)
    WHERE OLD.held_until IS NULL;
    INSERT INTO stat_delta SELECT NEW.official_id, NEW.starts_at, 1, NEW.status,
        COALESCE((SELECT rating FROM feedback WHERE booking_id = NEW.id), 0),
        COALESCE(NEW.received_at - NEW.arrived_at, 0), COALESCE(NEW.arrived_at - NEW.starts_at, 0)
    WHERE NEW.held_until IS NULL;
END;

CREATE TRIGGER bookings_stat_delete AFTER DELETE ON bookings WHEN OLD.held_until IS NULL BEGIN
    INSERT INTO stat_delta VALUES (OLD.official_id, OLD.starts_at, -1, OLD.status,
        COALESCE((SELECT rating FROM feedback WHERE booking_id = OLD.id), 0),
        COALESCE(OLD.received_at - OLD.arrived_at, 0), COALESCE(OLD.arrived_at - OLD.starts_at, 0));
END;

CREATE TRIGGER feedback_stat_insert AFTER INSERT ON feedback BEGIN
    INSERT INTO stat_delta SELECT official_id, starts_at, 1, NULL, NEW.rating, 0, 0
    FROM bookings WHERE id = NEW.booking_id AND held_until IS NULL;
END;

CREATE TRIGGER feedback_stat_update AFTER UPDATE OF booking_id, rating ON feedback BEGIN
    INSERT INTO stat_delta SELECT official_id, starts_at, -1, NULL, OLD.rating, 0, 0
    FROM bookings WHERE id = OLD.booking_id AND held_until IS NULL;
    INSERT INTO stat_delta SELECT official_id, starts_at, 1, NULL, NEW.rating, 0, 0
    FROM bookings WHERE id = NEW.booking_id AND held_until IS NULL;
END;

CREATE TRIGGER feedback_stat_delete AFTER DELETE ON feedback BEGIN
    INSERT INTO stat_delta SELECT official_id, starts_at, -1, NULL, OLD.rating, 0, 0
    FROM bookings WHERE id = OLD.booking_id AND held_until IS NULL;
END;

-- The bookings made before this migration, counted in one pass (the
-- triggers would take a row at a time: a minute for a million bookings).
WITH x AS (
    SELECT b.official_id, b.status, COALESCE(f.rating, 0) AS rating,
        COALESCE(b.received_at - b.arrived_at, 0) AS wait, COALESCE(b.arrived_at - b.starts_at, 0) AS late,
        CASE -- the month in Sofia, as in stat_delta_apply
            WHEN strftime('%Y-%m', b.starts_at + 7200, 'unixepoch') = strftime('%Y-%m', b.starts_at + 10800, 'unixepoch')
                OR CAST(strftime('%m', b.starts_at + 10800, 'unixepoch') AS INTEGER) NOT BETWEEN 4 AND 10
            THEN strftime('%Y-%m', b.starts_at + 7200, 'unixepoch')
            ELSE strftime('%Y-%m', b.starts_at + 10800, 'unixepoch') END AS month
    FROM bookings b LEFT JOIN feedback f ON f.booking_id = b.id
    WHERE b.held_until IS NULL
), y AS (
    SELECT official_id AS id, * FROM x UNION ALL SELECT 0, * FROM x
)
INSERT INTO stat_months (official_id, month, bookings, cancelled, attended, no_shows, ratings, rating_sum, received, wait_sum)
SELECT id, month, COUNT(*), SUM(status = 'cancelled'), SUM(status IN ('arrived', 'late', 'completed')), SUM(status = 'no_show'),
    SUM(rating > 0), SUM(rating), SUM(wait > 0), SUM(MAX(wait, 0))
FROM y GROUP BY id, month;

WITH x AS (
    SELECT b.official_id, (b.arrived_at - b.starts_at + 59) / 60 AS minutes,
        CASE -- the month in Sofia, as in stat_delta_apply
            WHEN strftime('%Y-%m', b.starts_at + 7200, 'unixepoch') = strftime('%Y-%m', b.starts_at + 10800, 'unixepoch')
                OR CAST(strftime('%m', b.starts_at + 10800, 'unixepoch') AS INTEGER) NOT BETWEEN 4 AND 10
            THEN strftime('%Y-%m', b.starts_at + 7200, 'unixepoch')
            ELSE strftime('%Y-%m', b.starts_at + 10800, 'unixepoch') END AS month
    FROM bookings b
    WHERE b.held_until IS NULL AND b.arrived_at > b.starts_at AND b.status IN ('arrived', 'late', 'completed')
), y AS (
    SELECT official_id AS id, * FROM x UNION ALL SELECT 0, * FROM x
)
INSERT INTO stat_late (official_id, month, minutes, n)
SELECT id, month, minutes, COUNT(*) FROM y GROUP BY id, month, minutes;
