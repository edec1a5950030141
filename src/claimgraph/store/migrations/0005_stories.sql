-- Stories: articles about one event or development, across outlets and days (store.stories assigns each
-- new article as it is stored). Each article keeps its weighted headline and lede terms; its rarest terms
-- are posted by day so that a new article finds candidates within the time window without scanning the
-- store; document frequencies give the terms their weight. Corrections (merge, split, rename) are kept
-- apart and applied on every read, as for entities and measures.

ALTER TABLE documents ADD COLUMN story_id TEXT;
CREATE INDEX documents_story ON documents(story_id);

CREATE TABLE stories (
    id      TEXT PRIMARY KEY,                  -- stable: a hash of the durable name of its first article
    name    TEXT NOT NULL,                     -- readable: the event its articles report, else a headline
    created TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE story_terms (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    day         TEXT NOT NULL,                 -- the publication date (YYYY-MM-DD), '' when unknown
    terms       TEXT NOT NULL,                 -- JSON object: term -> weight (track.story_terms)
    names       TEXT NOT NULL                  -- JSON array: the headline's names and places
);

CREATE TABLE story_postings (
    term        TEXT NOT NULL,
    day         TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (term, day, document_id)
) WITHOUT ROWID;
CREATE INDEX story_postings_document ON story_postings(document_id);

CREATE TABLE story_df (
    term TEXT PRIMARY KEY,
    df   INTEGER NOT NULL                      -- articles whose headline or lede has the term
) WITHOUT ROWID;
INSERT INTO store_state (key, value) VALUES ('story_documents', 0);

CREATE TABLE story_corrections (
    id         INTEGER PRIMARY KEY,            -- applied in this order
    kind       TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
    args       TEXT NOT NULL,                  -- JSON array: merge [into, from], split [article], rename [id, name]
    created_at TEXT NOT NULL
);
