"""Batch extraction of archives on Dask distributed: inputs → tasks → Parquet, then into the store.

    claimgraph batch crawl/*.warc.gz dumps/ s3://bucket/news/ --out run1/   # a local cluster, or --scheduler
    claimgraph load run1/                                                   # into the SQLite store, deduplicated

Modules, one a stage: ``plan`` (inputs → tasks of a sensible size, by file and byte range),
``reading`` (a task → its articles or problems), ``tables`` (articles with their documents ↔ rows of
the documents, claims and sources tables), ``output`` (a task's rows → Parquet partitioned by
publication month, renamed into place atomically, with a marker for ``--resume``), ``worker`` (what
runs on a Dask worker: the pipeline loaded once a process), ``driver`` (the cluster, the tasks'
submission, progress and the summary) and ``load`` (a batch output → the store).

This is an I/O edge: the extraction core never imports it.
"""

from __future__ import annotations


class BatchError(Exception):
    """A batch cannot start or its output cannot be read; the message names the input and the fix."""
