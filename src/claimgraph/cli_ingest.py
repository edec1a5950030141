"""`claimgraph ingest`: read sources, extract claims, keep both in the store."""

from __future__ import annotations
