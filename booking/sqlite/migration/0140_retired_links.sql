-- The manage link of a booking whose meeting is over goes with its personal
-- data (sqlstore's anonymise): bookings erased before this release give
-- their tokens up here, so that the token index's random part holds only the
-- bookings still in use. "~" and the id is no link's form and sorts after
-- every real token; it stays unique.
UPDATE bookings SET token = '~' || id WHERE anonymised_at IS NOT NULL AND ends_at <= anonymised_at AND token NOT LIKE '~%';
