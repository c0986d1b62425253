-- The weight of each activity in its objective's, area's and programme's
-- progress, when the secretariat sets one; an activity without a row weighs
-- 1. Keyed by the activity row, so that a weight follows its activity when
-- a revision renumbers it.
CREATE TABLE activity_weights (
    activity_id BIGINT PRIMARY KEY REFERENCES activities (id) ON DELETE CASCADE,
    weight DOUBLE PRECISION NOT NULL CHECK (weight > 0)
);
