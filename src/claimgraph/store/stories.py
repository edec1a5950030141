"""Putting each stored article into a story, as it is stored (``Store.add``; a store from before
stories is brought up to date when first opened to write, ``backfill``).

Candidates come from an inverted index over rare terms (``story_postings``: each article posted under
its ``POSTING_TERMS`` rarest headline and lede terms, by day), looked up for the new article's rarest
terms within ``WINDOW_DAYS``: a handful of index lookups, whatever the store's size. The new article
joins the story of the candidate most like it (cosine of IDF-weighted terms, ``track.story_terms``)
when that reaches ``SAME_STORY``; else it starts a story of its own, with a stable id (a hash of its
durable name) and a readable name (``track.events.story_name``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import sqlite3
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime, timezone

from claimgraph.track.events import story_name
from claimgraph.track.story_terms import TITLE_WEIGHT, StoryTerms, story_terms

#: Days either side of an article within which another article can be of its story: a story runs on
#: for as long as articles keep coming within this window of one of its articles. 35 days: the
#: corpus's measles outbreak in Samoa is reported 25 days apart, a hurricane over two weeks.
WINDOW_DAYS = 35
#: Cosine at or above which an article joins a candidate's story. Set on the story gold
#: (tests/data/stories_gold.json, tests/test_stories.py) for precision across outlets: at 0.21 a first
#: pair of different stories from different outlets joins (pair precision 0.381, recall 0.104); at 0.23
#: none (0.465, 0.087); at 0.25 recall falls to 0.065. The merges left are one outlet's template-like
#: texts (White House fact sheets, AP's "The Latest:", Wikinews' primary nights).
SAME_STORY = 0.23
#: Or: headlines that share at least ``HEADLINE_SHARED`` terms and whose IDF-weighted cosine (headline
#: terms alone) reaches ``HEADLINE_SAME`` report one event however different their ledes ("Samoan
#: government temporarily shuts down for nationwide measles vaccination drive" and "Samoan government
#: ends state of emergency over measles outbreak": headline-and-lede cosine 0.21). On the story gold,
#: 0.25 gave pairwise P 0.465 -> 0.529, R 0.087 -> 0.117, across outlets R 0.014 -> 0.021 with no pair of
#: different stories across outlets; 0.2 joins three such pairs. One shared term is never enough (one
#: rare name is a topic, not an event).
HEADLINE_SAME = 0.25
HEADLINE_SHARED = 2
#: Articles a store is taken to hold beyond its own when terms are weighted: in a store of a handful
#: of articles every shared word would otherwise weigh nothing (ln 1), and two reports of one hurricane
#: would never meet. 100: the gold's figures are the same with 50-200 (tests/test_stories.py).
PRIOR_ARTICLES = 100
#: Candidates read a term: the most recent articles posted under it within the window.
CANDIDATES_A_TERM = 50
#: Candidates compared in all: those sharing the most posted terms with the new article (reading and
#: comparing each stored article's terms is what assignment spends its time on in a large store).
CANDIDATES = 40
#: Of those, the ones that share a single posted term are compared only so many (the most recent of the
#: heaviest term's): reading and scoring them was most of an assignment at 100,000 articles (7.6 ms
#: median, now 4.2: benchmarks/bench_stories.py), and on the story gold none of the pairs they found
#: needed more than 5 (with none at all, pair recall fell from 0.117 to 0.095).
LONE_CANDIDATES = 5


def story_id(key: str) -> str:
    """A stable story id from its first article's durable name (URL, else origin, else text hash)."""
    return "s" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:11]


def _day(published: str | None) -> str:
    if not published or len(published) < 7:
        return ""
    try:
        return dt.date.fromisoformat(published[:10] if len(published) >= 10 else published[:7] + "-01").isoformat()
    except ValueError:
        return ""


class Idf:
    """Inverse document frequencies of terms over the stored articles, ln((1 + n + prior) / (1 + df)):
    smoothed as scikit-learn's ``TfidfVectorizer(smooth_idf=True)`` but without its + 1, so that a term
    in nearly every article of a large store weighs nearly nothing (with it, "Clinton" and "Trump" joined
    the 2016 coverage on the gold), and with ``PRIOR_ARTICLES`` for small stores. Read once an assignment."""

    def __init__(self, conn: sqlite3.Connection, terms: list[str]) -> None:
        self.n = int(conn.execute("SELECT value FROM store_state WHERE key = 'story_documents'").fetchone()[0])
        self.df = dict(conn.execute("SELECT term, df FROM story_df WHERE term IN (SELECT value FROM json_each(?))",
                                    (json.dumps(terms),)).fetchall())

    def __call__(self, term: str) -> float:
        return math.log((1 + self.n + PRIOR_ARTICLES) / (1 + self.df.get(term, 0)))

    def scorer(self, terms: Mapping[str, float]) -> Callable[[dict[str, float]], float]:
        """The cosine of these terms with a stored article's, each weighted as if that article were not
        stored (its own terms do not make themselves common): one pass over the stored article's terms;
        1.0 for headlines alike (``HEADLINE_SAME``). The stored article's headline terms are weighted
        with the store as it is (a small approximation: the best of its candidates is what counts)."""
        lone = math.log((self.n + PRIOR_ARTICLES) / 1)  # a term counted by the stored article alone
        own = {t: w * self(t) for t, w in terms.items()}
        less = {t: w * math.log((self.n + PRIOR_ARTICLES) / max(1, self.df.get(t, 0))) for t, w in terms.items()}
        own_norm = sum(v * v for v in own.values())
        headline = {t: self(t) ** 2 for t in terms if terms[t] >= TITLE_WEIGHT}
        headline_norm = sum(headline.values())

        def score(other: dict[str, float]) -> float:
            if headline_norm and _same_headline(other):
                return 1.0
            return _cosine(other)

        def _same_headline(other: dict[str, float]) -> bool:
            theirs = [t for t, w in other.items() if w >= TITLE_WEIGHT]
            shared = [t for t in theirs if t in headline]
            if len(shared) < HEADLINE_SHARED:
                return False
            their_norm = sum(self(t) ** 2 for t in theirs)
            return sum(headline[t] for t in shared) / math.sqrt(headline_norm * their_norm) >= HEADLINE_SAME

        def _cosine(other: dict[str, float]) -> float:
            dot = norm = other_norm = 0.0
            for term, weight in other.items():
                if term in less:
                    mine = less[term]
                    theirs = weight * mine / terms[term]
                    dot += mine * theirs
                    norm += mine * mine - own[term] * own[term]
                    other_norm += theirs * theirs
                else:
                    other_norm += (weight * lone) ** 2
            total = (own_norm + norm) * other_norm
            return dot / math.sqrt(total) if dot > 0 and total > 0 else 0.0
        return score

def assign(conn: sqlite3.Connection, doc_id: int, key: str, title: str | None, text: str,
           published: str | None) -> str:
    """Put a newly stored article into a story (the caller holds the write transaction); its story's id."""
    terms = story_terms(title, text)
    idf = Idf(conn, list(terms.weights))
    day = _day(published)
    best, best_score = None, 0.0
    score = idf.scorer(terms.weights)
    for other, other_terms in _candidates(conn, doc_id, terms.postings(idf), day):
        similarity = score(other_terms)
        if similarity > best_score:
            best, best_score = other, similarity
    found = None
    if best is not None and best_score >= SAME_STORY:
        found = conn.execute("SELECT story_id FROM documents WHERE id = ?", (best,)).fetchone()[0]
    if found is None:
        found = story_id(key)
        conn.execute("INSERT INTO stories (id, name, created) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                     (found, story_name(title, text), datetime.now(timezone.utc).isoformat(timespec="seconds")))
    conn.execute("UPDATE documents SET story_id = ? WHERE id = ?", (found, doc_id))
    _index(conn, doc_id, terms, idf, day)
    return str(found)


def _candidates(conn: sqlite3.Connection, doc_id: int, postings: list[str], day: str) -> list[tuple[int, dict[str, float]]]:
    """Articles posted under any of these terms within the window of ``day`` (undated: among the undated)."""
    if day:
        centre, span = dt.date.fromisoformat(day), dt.timedelta(days=WINDOW_DAYS)
        low = (centre - span if centre > dt.date.min + span else dt.date.min).isoformat()  # 0001-01-01 and
        high = (centre + span if centre < dt.date.max - span else dt.date.max).isoformat()  # 9999-12-31 are dates
    else:
        low = high = ""
    shared: Counter[int] = Counter()
    for term in postings:
        shared.update(row[0] for row in conn.execute(
            "SELECT document_id FROM story_postings WHERE term = ? AND day BETWEEN ? AND ? AND document_id != ? "
            "ORDER BY day DESC LIMIT ?", (term, low, high, doc_id, CANDIDATES_A_TERM)))
    ranked = shared.most_common(CANDIDATES)
    ids = [doc for doc, count in ranked if count > 1] + [doc for doc, count in ranked if count == 1][:LONE_CANDIDATES]
    if not ids:
        return []
    rows = conn.execute("SELECT document_id, terms FROM story_terms WHERE document_id IN (SELECT value FROM json_each(?))",
                        (json.dumps(sorted(ids)),))
    return [(row[0], json.loads(row[1])) for row in rows]


def _index(conn: sqlite3.Connection, doc_id: int, terms: StoryTerms, idf: Idf, day: str) -> None:
    """Keep the article's terms, post it under its rarest, and count its terms' document frequencies."""
    conn.execute("INSERT OR REPLACE INTO story_terms (document_id, day, terms, names) VALUES (?, ?, ?, ?)",
                 (doc_id, day, json.dumps(terms.weights, ensure_ascii=False),
                  json.dumps(sorted(terms.names), ensure_ascii=False)))
    conn.executemany("INSERT OR IGNORE INTO story_postings (term, day, document_id) VALUES (?, ?, ?)",
                     [(term, day, doc_id) for term in terms.postings(idf)])
    conn.executemany("INSERT INTO story_df (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1",
                     [(term,) for term in terms.weights])
    conn.execute("UPDATE store_state SET value = value + 1 WHERE key = 'story_documents'")


def backfill(conn: sqlite3.Connection) -> int:
    """Assign the articles a store holds without a story (stored before stories), oldest first, each
    in its own transaction; how many were assigned."""
    rows = conn.execute("SELECT id, coalesce(url, origin, content_hash), title, text, published FROM documents "
                        "WHERE story_id IS NULL ORDER BY published IS NULL, published, id").fetchall()
    for doc_id, key, title, text, published in rows:
        conn.execute("BEGIN IMMEDIATE")
        try:
            assign(conn, doc_id, key, title, text, published)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return len(rows)
