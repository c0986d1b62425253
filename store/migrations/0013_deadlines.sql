-- Deadlines: the time zone they fall in (the end of the deadline day
-- there), the days before them on which focal points are reminded, and
-- one report's deadline moved by the secretariat.
ALTER TABLE programmes ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'America/Santiago';
ALTER TABLE programmes ADD COLUMN reminder_days TEXT NOT NULL DEFAULT '14, 3';

CREATE TABLE deadline_extensions (
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    period_key TEXT NOT NULL,
    deadline TEXT NOT NULL,
    PRIMARY KEY (activity_id, period_key)
);
