"""``claimgraph stories``: articles grouped into stories (one event across outlets and days), the latest
first, with their span, outlets and articles."""

from __future__ import annotations

import sys

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import check_date, db_option, reading, utf8_stdout

STORY_FORMATS = ("table", "jsonl")


@main.command("stories")
@db_option
@click.option("--about", metavar="WORDS", help="Stories whose name or an article's title holds these words, or any "
              "name of this entity (any case).")
@click.option("--since", metavar="DATE", callback=check_date, help="Stories with an article on or after DATE "
              "(YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", callback=check_date, help="Stories with an article on or before DATE.")
@click.option("--format", "fmt", type=click.Choice(STORY_FORMATS), default="table", show_default=True,
              help="table: for reading; jsonl: one story a line with its id, name, first, last and articles.")
def stories_cli(db_path: str, about: str | None, since: str | None, until: str | None, fmt: str) -> None:
    """Stories: articles about one event or development, across outlets and days (corrections applied)."""
    from claimgraph.store import export, timelines

    with reading(db_path) as store:
        found = store.stories(about=about, since=since, until=until, articles=fmt == "jsonl")
    if fmt == "jsonl":
        export.write_jsonl(found, utf8_stdout())
        return
    header = ("id", "story", "articles", "reports", "outlets", "from", "to")
    count = timelines.plain_table(header, ((s["id"], s["name"], str(s["article_count"]), str(s["reports"]),
                                            ", ".join(s["outlets"]), s["first"] or "", s["last"] or "") for s in found),
                                  sys.stdout, caps={"story": 70, "outlets": 40},
                                  right=frozenset(("articles", "reports")))
    sys.stdout.write(f"{count} stor{'y' if count == 1 else 'ies'}\n")
