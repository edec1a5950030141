"""What the story pages and the story API read, one function each (as ``views`` for the rest): the list
of stories a page at a time, and one story with its articles and its measures' timelines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimgraph.web.errors import NotFound
from claimgraph.web.views import Page, _asked, _page

if TYPE_CHECKING:
    from claimgraph.store import Store
    from claimgraph.web.explorer import Explorer

#: Measures a story's page charts (its largest); the table lists every measure of the story.
CHARTED_MEASURES = 3


def stories(explorer: Explorer, store: Store, *, about: str | None = None, since: str | None = None,
            until: str | None = None, offset: int = 0, limit: int = 50) -> Page:
    """Stories as `claimgraph stories --format jsonl` gives them, the latest first (the unfiltered list
    kept until the store changes)."""
    with _asked():
        if about or since or until:
            found = store.stories(about=about, since=since, until=until)
        else:
            found = explorer.cached(store, "stories", store.stories)
    return _page(iter(found), offset, limit)


def story(store: Store, ident: str) -> dict[str, Any]:
    """One story: its fields and articles in time order, and its measures, each with its timeline rows
    (the story's claims of it) as `claimgraph timeline --format jsonl` gives them."""
    from claimgraph.store.story_reads import StoryError
    from claimgraph.store.timelines import provenance, timeline_row
    from claimgraph.track import independent_sources, timeline

    with _asked():
        try:
            found = store.story(ident)
        except StoryError as exc:
            raise NotFound(str(exc)) from exc
        measures = store.story_measures(found)
    shown = []
    for measure, records in measures:
        entries = timeline(records)
        shown.append({"id": measure.id, "name": measure.name, "provenance": provenance(independent_sources(records)),
                      "timeline": [timeline_row(measure.id, measure.name, e) for e in entries]})
    return {**found, "measures": shown}
