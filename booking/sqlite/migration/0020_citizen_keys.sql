-- Caps and the no-show policy compare a citizen's email and phone in a
-- canonical form (booking.EmailKey, booking.PhoneKey: case, "+tag", +359/0
-- and separators), kept beside the text as typed. The functions are
-- registered on every connection by this package.
ALTER TABLE bookings ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN phone_key TEXT NOT NULL DEFAULT '';
UPDATE bookings SET email_key = priemna_email_key(email), phone_key = priemna_phone_key(phone);
UPDATE policy_lifts SET email = priemna_email_key(email);
DROP INDEX bookings_email;
CREATE INDEX bookings_email_key ON bookings (email_key, status, starts_at);
CREATE INDEX bookings_phone_key ON bookings (phone_key, status, starts_at) WHERE phone_key <> '';
