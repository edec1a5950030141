"""The store: articles, claims, sources and entities in one SQLite file (an I/O edge).

    from claimgraph.store import Store, AddResult
    with Store("claimgraph.db") as store:
        result = store.add(article, document)
    with Store("claimgraph.db", readonly=True) as store:   # reads only: a read-only file or folder too
        claims = list(store.claims(about="Ukraine"))

Modules: ``database`` (the Store), ``opening`` (what is at the path, found before SQLite writes
anything), ``faults`` (what is wrong with a store, said so that its user can act), ``writer`` (one
add, one transaction), ``queries`` (reading), ``rows`` (claims to rows, and rows back to
``StoredClaim`` records), ``keys`` (URL and
text identity), ``syndication`` (MinHash near-duplicates), ``periods`` (dates as periods), ``schema``
and ``migrations/`` (numbered SQL), ``export`` (JSON Lines, CSV, Parquet) and ``display`` (terminal
tables and marked-up articles).
"""

from claimgraph.store.database import Store, StoreMissing
from claimgraph.store.faults import StoreReadOnly
from claimgraph.store.queries import QueryError
from claimgraph.store.schema import StoreError
from claimgraph.store.writer import AddResult

__all__ = ["AddResult", "QueryError", "Store", "StoreError", "StoreMissing", "StoreReadOnly"]
