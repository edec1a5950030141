"""Build the rule lemmatizer's tables (lemma_rules, lemma_exc) from the treebanks' gold lemmas.

spaCy's English rule lemmatizer would fetch its tables from spacy-lookups-data; ours are derived from the
training split alone and saved inside the pipeline, so lemmatizing needs no download. With no lemma_index
the lemmatizer's choice is simple to state: the word's exception if it has one, else the first suffix rule
that applies, else the word itself, lower-cased (proper nouns keep their case; a noun with Number=Sing or a
verb with VerbForm=Inf is its own lemma, lower-cased, before any table is read).

- lemma_rules: suffix rewrites ("ies" -> "y") read off the training pairs, kept when at least
  ``MIN_RULE_TYPES`` distinct words show them, most frequent first, then the identity rule;
- lemma_exc: the words the rules get wrong (by majority over their training tokens), with their lemma as
  UD writes it ("I", "be", "not", "American").

A lemma_index (tried: lemmas seen per part of speech) scored 0.03 points higher on EWT test with gold parts
of speech but makes the lemmatizer prefer the last rule whose output is indexed over an exception ("started"
-> "star"), so it is left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import spacy
from spacy.lookups import Lookups
from spacy.tokens import Doc

# A suffix rule shown by fewer distinct words than this is an irregular form, left to the exceptions.
# (3: the smallest count that keeps "ves" -> "f" but drops one-off pairs like "went" -> "go".)
MIN_RULE_TYPES = 3
# Parts of speech whose lemma is the word as written (UD keeps proper nouns' case): no rules for them.
CASED_POS = frozenset({"propn"})
RuleTable = dict[str, list[list[str]]]


def _suffix_rule(form: str, lemma: str) -> tuple[str, str] | None:
    """The suffix rewrite taking ``form`` to ``lemma`` after a common stem of 2+ letters, if any.

    Only rewrites of letters to letters: the lemmatizer takes any form with a non-letter for a word.
    """
    stem = 0
    while stem < min(len(form), len(lemma)) and form[stem] == lemma[stem]:
        stem += 1
    old, new = form[stem:], lemma[stem:]
    if stem < 2 or not old.isalpha() or not (new.isalpha() or not new):
        return None
    return old, new


def suffix_rules(docs: list[Doc]) -> RuleTable:
    """Each part of speech's suffix rules from gold docs, most frequent first, the identity rule last."""
    rule_types: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    seen: set[tuple[str, str, str]] = set()
    for doc in docs:
        for token in doc:
            pos, form, lemma = token.pos_.lower(), token.text.lower(), token.lemma_.lower()
            if pos in CASED_POS or (pos, form, lemma) in seen:
                continue
            seen.add((pos, form, lemma))
            rules = rule_types[pos]  # every part of speech gets at least the identity rule
            rule = _suffix_rule(form, lemma) if form != lemma else None
            if rule:
                rules[rule] += 1
    return {pos: [list(rule) for rule, n in counts.most_common() if n >= MIN_RULE_TYPES] + [["", ""]]
            for pos, counts in rule_types.items()}


def exceptions(docs: list[Doc], rules: RuleTable) -> dict[str, dict[str, list[str]]]:
    """The (pos, word) pairs whose majority gold lemma the rules miss, as lemma_exc entries."""
    lemmatizer = spacy.blank("en").add_pipe("lemmatizer", config={"mode": "rule", "overwrite": True})
    lookups = Lookups()
    lookups.add_table("lemma_rules", rules)
    lemmatizer.lookups = lookups  # type: ignore[attr-defined]
    gold: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    right: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        golds = [token.lemma_ for token in doc]
        for token, lemma in zip(lemmatizer(doc), golds):
            if lemmatizer.is_base_form(token):  # type: ignore[attr-defined]
                continue  # the lemmatizer reads no table for these
            key = (token.pos_.lower(), token.text.lower())
            gold[key][lemma] += 1
            right[key] += token.lemma_ == lemma
    table: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for (pos, form), lemmas in gold.items():
        lemma, count = lemmas.most_common(1)[0]
        if count > right[(pos, form)]:
            table[pos][form] = [lemma]
    return dict(table)


def build_lookups(docs: list[Doc]) -> Lookups:
    """The rule lemmatizer's tables, from gold-annotated training docs (left unchanged)."""
    rules = suffix_rules(docs)
    lookups = Lookups()
    lookups.add_table("lemma_rules", rules)
    lookups.add_table("lemma_exc", exceptions([doc.copy() for doc in docs], rules))
    return lookups
