-- Tracking across articles: user corrections to entities and measures (kept apart from the
-- extracted rows and applied on top when read, so re-ingestion and re-extraction keep them),
-- a version of the claim set bumped by every claim written or removed, and the cached
-- assignment of quantified claims to measures, valid for one claim-set version.

CREATE TABLE entity_corrections (
    id         INTEGER PRIMARY KEY,             -- applied in this order
    kind       TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
    name       TEXT NOT NULL,                   -- merge: the entity kept; split, rename: the entity
    other      TEXT NOT NULL,                   -- merge: the entity absorbed; split: the alias; rename: the new name
    created_at TEXT NOT NULL
);

CREATE TABLE measure_corrections (
    id         INTEGER PRIMARY KEY,             -- applied in this order
    kind       TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
    args       TEXT NOT NULL,                   -- JSON array: merge [into, from], split [claim key], rename [id, name]
    created_at TEXT NOT NULL
);

CREATE TABLE store_state (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO store_state (key, value) VALUES ('claims_version', 0);

CREATE TRIGGER claims_version_insert AFTER INSERT ON claims BEGIN
    UPDATE store_state SET value = value + 1 WHERE key = 'claims_version';
END;
CREATE TRIGGER claims_version_delete AFTER DELETE ON claims BEGIN
    UPDATE store_state SET value = value + 1 WHERE key = 'claims_version';
END;

-- The automatic grouping (track.group) of every quantified claim, as of one claim-set version and
-- one grouping fingerprint (the code and lexicons that grouped it); rebuilt when either differs.
CREATE TABLE measure_cache_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    claims_version INTEGER NOT NULL,
    grouping       TEXT NOT NULL
);

CREATE TABLE measure_cache (
    claim_id   INTEGER PRIMARY KEY,             -- claims.id (no foreign key: a stale cache is rebuilt whole)
    measure_id TEXT NOT NULL
);
CREATE INDEX measure_cache_measure ON measure_cache(measure_id);

-- One row an automatic measure: its key, and its summary as `claimgraph measures` shows it
-- (track.independent_sources over its claims; dates as track.timeline dates them).
CREATE TABLE measure_cache_names (
    measure_id  TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    concept     TEXT NOT NULL,
    family      TEXT NOT NULL,
    qualifier   TEXT NOT NULL,
    claims      INTEGER NOT NULL,
    articles    INTEGER NOT NULL,
    independent INTEGER NOT NULL,
    first       TEXT,
    last        TEXT
) WITHOUT ROWID;
