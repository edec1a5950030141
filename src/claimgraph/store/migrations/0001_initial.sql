-- The first schema: documents, their claims with every field of the output contract, the
-- sources of attribution chains, entities with their mentions, near-duplicate bands, and FTS5
-- indexes over documents (title, text) and claims (text) kept in sync by triggers.

CREATE TABLE documents (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,            -- the extractor's document id ("doc" in the contract)
    origin            TEXT NOT NULL,            -- where it was read: a path, a URL, "feed.xml#entry-3"
    url               TEXT,                     -- canonical URL as given
    url_key           TEXT UNIQUE,              -- the URL normalised (keys.normalise_url)
    content_hash      TEXT NOT NULL UNIQUE,     -- SHA-256 of the normalised text (keys.content_hash)
    title             TEXT,
    outlet            TEXT,
    author            TEXT,
    published         TEXT,                     -- ISO 8601
    language          TEXT,
    text              TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    extraction_error  TEXT,
    claim_count       INTEGER NOT NULL,
    syndicated_with   INTEGER REFERENCES documents(id),  -- the earliest stored article of its story
    minhash           BLOB,                     -- syndication.signature, NULL for very short texts
    ingested_at       TEXT NOT NULL,
    extracted_at      TEXT NOT NULL
);
CREATE INDEX documents_origin ON documents(origin);
CREATE INDEX documents_syndicated_with ON documents(syndicated_with);

CREATE TABLE document_bands (
    band        INTEGER NOT NULL,
    bucket      INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, document_id)
) WITHOUT ROWID;
CREATE INDEX document_bands_document ON document_bands(document_id);

CREATE TABLE sources (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'outlet', 'government', 'document',
                                       'anonymous', 'group')),
    UNIQUE (name, kind)
);

CREATE TABLE entities (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT                                   -- a source kind when the entity is ever a source
);
CREATE INDEX entities_name_nocase ON entities(name COLLATE NOCASE);

CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,            -- order in the document
    text           TEXT NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    modality       TEXT NOT NULL CHECK (modality IN ('fact', 'expected', 'possible', 'negated')),
    quantity_value REAL,
    quantity_low   REAL,
    quantity_high  REAL,
    quantity_bound TEXT CHECK (quantity_bound IN ('exact', 'approx', 'at_least', 'at_most', 'range')),
    quantity_unit  TEXT,
    quantity_start INTEGER,
    quantity_end   INTEGER,
    subject_id     INTEGER REFERENCES entities(id),
    subject_start  INTEGER,
    subject_end    INTEGER,
    cue_text       TEXT,
    cue_start      INTEGER,
    cue_end        INTEGER,
    time_text      TEXT,
    time_value     TEXT,
    time_start     INTEGER,
    time_end       INTEGER,
    date_start     TEXT,                        -- the period of the claim's time value when it has one,
    date_end       TEXT,                        -- else of the publication date (ISO dates, inclusive)
    UNIQUE (document_id, position)
);
CREATE INDEX claims_subject ON claims(subject_id);
CREATE INDEX claims_dates ON claims(date_start, date_end);

CREATE TABLE claim_sources (
    claim_id  INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,                 -- 0 = innermost (the original claimant)
    source_id INTEGER NOT NULL REFERENCES sources(id),
    mention   TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    PRIMARY KEY (claim_id, position)
) WITHOUT ROWID;
CREATE INDEX claim_sources_source ON claim_sources(source_id);

CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    entity_id   INTEGER NOT NULL REFERENCES entities(id),
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    claim_id    INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('subject', 'source')),
    text        TEXT NOT NULL,                  -- as written: an alias of the entity
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_claim ON mentions(claim_id);
CREATE INDEX mentions_text_nocase ON mentions(text COLLATE NOCASE);

CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, coalesce(old.title, ''), old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, coalesce(old.title, ''), old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
END;

CREATE VIRTUAL TABLE claims_fts USING fts5(text, content='claims', content_rowid='id');
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
