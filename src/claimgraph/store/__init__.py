"""The store: articles, claims, sources and entities in one SQLite file (an I/O edge)."""
