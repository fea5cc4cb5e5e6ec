-- When the official began the meeting, to measure the wait after arrival.
ALTER TABLE bookings ADD COLUMN received_at INTEGER;
