-- A person's deadlines as an iCalendar feed: its address holds a secret,
-- kept here only as a hash (like API tokens); a new address replaces it.
ALTER TABLE users ADD COLUMN calendar_hash TEXT;
CREATE UNIQUE INDEX users_calendar ON users (calendar_hash);
