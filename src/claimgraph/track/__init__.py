"""Tracking claims across articles (an edge-side analysis layer over stored claims).

Functions over stored claims (``models.StoredClaim``) as ``Store.claims()`` yields them: the
extracted claim with its document's ``doc_id``, ``title``, ``outlet``, ``published``, ``url``,
``origin``, ``syndicated_with`` and its ids. The extraction core never imports this package.

    from claimgraph.track import group, timeline, changes
    measures = group(records)
    biggest = max(measures, key=lambda m: len(m.claims))
    timeline(biggest.claims); changes(biggest.claims)

Modules: ``keys`` (stable claim and measure identity), ``reading`` (what a claim measures:
subject, concept, qualifiers), ``predicates`` (its predicate family, from the verb extraction
found), ``measures`` (grouping and ``explain``), ``corrections``
(user merges, splits and renames applied on top), ``timeline`` (time order and independent
sources), ``changes`` (conflicts and revisions), ``records`` (stored claims from an extracted
document, without a store).
"""

from claimgraph.track.changes import Change, changes, interval
from claimgraph.track.corrections import Correction, apply_corrections
from claimgraph.track.keys import claim_key, measure_id
from claimgraph.track.measures import Measure, explain, group
from claimgraph.track.reading import MeasureKey, Reader
from claimgraph.track.records import records
from claimgraph.track.timeline import Independence, TimelineEntry, independent_sources, sort_date, timeline

__all__ = ["Change", "Correction", "Independence", "Measure", "MeasureKey", "Reader", "TimelineEntry",
           "apply_corrections", "changes", "claim_key", "explain", "group", "independent_sources", "interval",
           "measure_id", "records", "sort_date", "timeline"]
