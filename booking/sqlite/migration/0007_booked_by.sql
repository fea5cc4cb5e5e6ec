-- Bookings staff made for citizens who phoned or came in: who made them.
-- Such a booking may have no email; the citizen's consent is recorded by
-- the staff member, as it is by the citizen online.
ALTER TABLE bookings ADD COLUMN booked_by INTEGER REFERENCES users (id);
