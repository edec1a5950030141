-- The flagged changes of the automatic measures (track.changes over each measure's claims), built
-- with measure_cache and valid with it. Rows are in listing order (measures largest first, then
-- each measure's changes in time order); a measure a user corrected is recomputed when read.
CREATE TABLE change_cache (
    id         INTEGER PRIMARY KEY,
    measure_id TEXT NOT NULL,
    after_date TEXT,                            -- the new claim's date (ISO 8601), for --since
    change     TEXT NOT NULL                    -- JSON: the label and both sides as timeline entries
);
CREATE INDEX change_cache_after_date ON change_cache(after_date);

-- A measure cache built before this table existed has no changes: rebuild it on the next read.
DELETE FROM measure_cache_state;
