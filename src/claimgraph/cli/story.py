"""``claimgraph story ID`` (its articles in time order and its measures with their timelines) and
``claimgraph story merge|split|rename``: corrections of stories, kept in the store and applied on every
read, so that they survive re-ingestion."""

from __future__ import annotations

from typing import Any

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import db_option, output, reading, writing


class _StoryGroup(click.Group):
    """`story ID` shows a story; `story merge|split|rename …` corrects one."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@main.group("story", cls=_StoryGroup)
def story_cli() -> None:
    """One story (`story ID`), or a correction of stories (merge, split, rename)."""


@story_cli.command("show")
@db_option
@click.argument("ident", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True,
              help="table: for reading; jsonl: the story, then each of its measures with its timeline.")
def story_show_cli(db_path: str, ident: str, fmt: str) -> None:
    """A story's articles in time order, and its measures with their timelines."""
    from claimgraph.store import export, timelines
    from claimgraph.track import independent_sources, timeline

    with reading(db_path) as store:
        found = store.story(ident)
        shown = store.story_measures(found)
    lines = [(m, timeline(records), independent_sources(records)) for m, records in shown]
    with output(None) as out:
        if fmt == "jsonl":
            export.write_jsonl(iter([found]), out)
            export.write_jsonl(({"measure_id": m.id, "measure": m.name, "story_id": found["id"],
                                 "timeline": [timelines.timeline_row(m.id, m.name, e) for e in entries]}
                                for m, entries, _ in lines), out)
            return
        _story_table(found, out)
        for m, entries, independence in lines:
            timelines.timeline_table(m.name, m.id, entries, independence, out)


def _story_table(found: dict[str, Any], out: Any) -> None:
    from claimgraph.store import timelines

    out.write(f"{found['name']}  [{found['id']}]\n{found['article_count']} articles, {found['reports']} independent "
              f"reports, {found['first'] or 'undated'} to {found['last'] or 'undated'}: {', '.join(found['outlets'])}\n\n")
    timelines.plain_table(("published", "outlet", "title", "doc_id"),
                          ((a["published"] or "", a["outlet"] or "", a["title"] or "", str(a["doc_id"]))
                           for a in found["articles"]), out, caps={"title": 80, "outlet": 24})
    out.write("\n")


def _correction(db_path: str, kind: str, first: str, second: str | None = None) -> None:
    with writing(db_path) as store:
        found = store.correct_story(kind, first, second)
    click.echo(f"{kind}: story {found['id']} {found['name']!r} now has {found['article_count']} articles")


@story_cli.command("merge")
@db_option
@click.argument("into_id")
@click.argument("from_id")
def story_merge_cli(db_path: str, into_id: str, from_id: str) -> None:
    """Put the articles of story FROM_ID into story INTO_ID."""
    _correction(db_path, "merge", into_id, from_id)


@story_cli.command("split")
@db_option
@click.argument("article")
def story_split_cli(db_path: str, article: str) -> None:
    """Give an ARTICLE (its doc_id, URL or origin) a story of its own."""
    _correction(db_path, "split", article)


@story_cli.command("rename")
@db_option
@click.argument("ident", metavar="ID")
@click.argument("name")
def story_rename_cli(db_path: str, ident: str, name: str) -> None:
    """Show story ID under NAME."""
    if not name.strip():
        raise click.UsageError("the new name cannot be empty")
    _correction(db_path, "rename", ident, name.strip())
