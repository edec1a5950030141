"""The subject of a quantified claim: the actor or thing the number is about.

Read off the clause that holds the number, the way a reader would: when the number phrase is the
clause's subject ("20 veterans commit suicide"), the counted thing is; a share ("46 percent would
choose Clinton") is about the actor it goes to; otherwise the clause's subject noun phrase is
("North Korea could send …", "advanced economies … will grow 1.6 percent"), named canonically
when it is a known actor ("Pyongyang" → North Korea).
"""

from __future__ import annotations

from claimgraph.core.entities import Entity
from claimgraph.core.lexicon import load
from claimgraph.core.numbers import SCALES
from claimgraph.core.quantities import Found
from claimgraph.core.tokens import Tok, abbreviation_stop

_LEX = load("subjects.json")
AUXILIARIES = frozenset(_LEX["auxiliaries"])
OPENERS = frozenset(_LEX["openers"])
DETERMINERS = frozenset(_LEX["determiners"])
PRE_NUMBER = frozenset(load("quantities.json")["pre_adjectives"]) | {"another", "combined", "extra"}
NP_LINKS = frozenset({"of", "to", "for", "from", "in"})
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
GENERIC_PRONOUNS = frozenset({"you", "one", "someone", "somebody", "anyone", "anybody", "everyone", "everybody",
                              "nobody", "this", "that", "these", "those", "there", "here"})
ING_NOUNS = frozenset(_LEX["ing_nouns"])  # -ing words that are nouns, not gerunds
NOT_SUBJECT = frozenset(_LEX["not_subject"])
VERB_LIKE = frozenset(_LEX["verb_like"])
LY_NOUNS = frozenset(_LEX["ly_nouns"])
CASUALTY = frozenset(_LEX["casualty_words"])
EVENT_NOUNS = frozenset(_LEX["event_nouns"])
RELATIVES = frozenset(_LEX["relatives"])
LINKERS = frozenset(_LEX["linkers"])
SUBORDINATORS = frozenset(_LEX["subordinators"])
REDUCED_RELATIVES = frozenset(_LEX["reduced_relatives"])
NOT_PARTICIPLES = frozenset({"including", "excluding", "regarding", "concerning", "during", "according", "following"})
NOT_VERBS = frozenset(_LEX["not_verbs"])
TIME_UNITS = frozenset(load("quantities.json")["time_units"])
# words of a fronted time phrase before its time unit ("the past several weeks", "last year", "this month")
TIME_PHRASE_WORDS = frozenset(_LEX["time_phrase_words"])
MAX_NP = 6  # subject noun phrases longer than this are clauses, not names
# Heads of a phrase that measures a part of what follows "of" ("a large number of homes", "the majority of voters").
QUANTITY_HEADS = frozenset(_LEX["quantity_heads"])
CASUALTY_REACH = 6  # tokens after a number phrase that may still say its people died ("sixteen on-board died")


# Penn Treebank tags of a verb that heads or opens a predicate; a participle ("VBN", "VBG") only when no
# noun follows it ("troops deployed in Kursk", not "registered voters" or "rising prices").
FINITE_TAGS = frozenset({"VB", "VBD", "VBZ", "VBP", "MD"})
PARTICIPLE_TAGS = frozenset({"VBN", "VBG"})
NOMINAL_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "CD"})
# Tags the rules trust to add a verb the word lists miss: inflected forms ("sold", "provides"); a base-form tag
# on a rare noun ("magnate": VBP) is the tagger's most frequent mistake on news.
INFLECTED_VERB_TAGS = frozenset({"VBD", "VBZ", "MD"})
PLURAL_NOUN_TAGS = frozenset({"NNS", "NNPS"})
PLURAL_SUBJECT_TAGS = frozenset({"NNS", "NNPS", "NNP", "PRP"})  # what a plural present-tense verb (VBP) follows
ADVERB_TAGS = frozenset({"RB", "RBR", "RBS"})


def tagged_verb(toks: list[Tok], k: int) -> bool:
    """Is token k a verb by its parse's tag (only call when it has one)?"""
    tag = toks[k].tag
    if tag in FINITE_TAGS:
        return True
    return tag in PARTICIPLE_TAGS and not (k + 1 < len(toks) and toks[k + 1].tag in NOMINAL_TAGS)


def _verbish(toks: list[Tok], k: int, verbs: frozenset[str], first: int) -> bool:
    t = toks[k]
    low = t.lower
    if low in AUXILIARIES or low.endswith(("n't", "n’t")) or (low in verbs and k > first and t.text[:1].islower()):
        return True
    if t.tag in INFLECTED_VERB_TAGS and k > first and t.text[:1].islower():
        return True  # the parse's tag: "retailers sold" (a verb no word list knows)
    if t.tag == "VBP" and k > first and t.text[:1].islower() and toks[k - 1].tag in PLURAL_SUBJECT_TAGS:
        return True  # a present-tense verb after a plural noun or name: "officials hope", "Americans oppose"
    if t.tag in PLURAL_NOUN_TAGS:
        return False  # the tag of a plural noun outweighs the suffix guesses below ("Democratic voters")
    if t.text[:1].islower() and len(low) > 4 and low.endswith("ed") and k > first \
            and not (toks[k - 1].text == "-" and not t.spaced):
        return True  # "Russia supplied", but "advanced economies", "U.S.-flagged shipping"
    # "Russia provides": an -s word right after a proper noun is a verb, after an adjective a noun
    return (low.endswith("s") and not low.endswith("ss") and t.text[:1].islower() and k > 0
            and toks[k - 1].text[:1].isupper() and toks[k - 1].kind == "word")


def skip_opener(toks: list[Tok], start: int, stop: int) -> int:
    """Past opening adverbials ("In the previous poll, conducted in early September, …") and determiners."""
    k = start
    while k < stop and (toks[k].lower in OPENERS or (k > start and toks[k].lower.endswith(("ed", "ing")))
                        or _fronted_adverbial(toks, k, stop)):
        comma = next((x for x in range(k, stop) if toks[x].text == ","), None)
        if comma is None:
            return stop if k == start else k
        k = comma + 1
    k = _past_time_phrase(toks, k, stop)
    while k < stop and (toks[k].lower in DETERMINERS or toks[k].lower in PRE_NUMBER
                        or toks[k].text in ("-", "–", "—", "“", "\"", ",")):
        k += 1
    return k


def _fronted_adverbial(toks: list[Tok], k: int, stop: int) -> bool:
    """Does token k open a phrase the parse tags as an adverb's or a preposition's and a comma closes, with no
    number or verb in it ("Late on Tuesday, the index fell …", "Nationwide, 40% …")?"""
    if toks[k].tag not in ADVERB_TAGS and toks[k].tag != "IN":
        return False
    for x in range(k + 1, stop):
        if toks[x].text == ",":
            return True
        if toks[x].kind == "num" or toks[x].tag.startswith(("VB", "MD")):
            return False
    return False


def _past_time_phrase(toks: list[Tok], k: int, stop: int) -> int:
    """Past a fronted time phrase with no comma before the subject ("The past several weeks we've had …",
    "Last week Russia sent …"): only when a pronoun or a capitalised name follows it."""
    if k >= stop or toks[k].lower not in TIME_PHRASE_WORDS:
        return k  # a time phrase opens with its determiner or adjective ("7:38 pm IST" is no opener)
    j = k
    while j < stop and (toks[j].lower in TIME_PHRASE_WORDS or toks[j].kind == "num"):
        j += 1
    if j + 1 < stop and toks[j].lower in TIME_UNITS and toks[j + 1].kind == "word" and (
            as_pronoun(toks[j + 1].text) is not None or toks[j + 1].text[:1].isupper()):
        return j + 1
    return k


def _adverb(toks: list[Tok], k: int) -> bool:
    """Tagged an adverb by the parse and modifying no noun, adjective or adverb after it ("earlier this week",
    not the "super" of "super PACs")."""
    if toks[k].tag not in ADVERB_TAGS:
        return False
    after = toks[k + 1].tag if k + 1 < len(toks) else ""
    return not after.startswith(("N", "J", "R"))


def clause_subject(toks: list[Tok], start: int, stop: int, verbs: frozenset[str],
                   numbers: bool = False) -> tuple[int, int] | None:
    """Token range of the subject noun phrase of the clause running from ``start`` to ``stop``."""
    k = skip_opener(toks, start, stop)
    first = k
    while k < stop and k - first < MAX_NP:
        t = toks[k]
        if t.kind == "sym" and t.text not in ("-", "’", "'", "/", ".") and not (numbers and t.text in "$€£"):
            break
        if (t.kind == "num" and not numbers) or (t.kind == "word" and _verbish(toks, k, verbs, first)):
            break
        if t.kind == "sym" and t.text == "." and not abbreviation_stop(toks, k):
            break
        if t.lower in NP_LINKS and (k == first or k + 1 >= stop or toks[k + 1].kind != "word"):
            break
        if t.kind == "word" and t.lower in DETERMINERS and k > first and toks[k - 1].lower not in NP_LINKS:
            break
        if numbers and t.lower in SCALES and k > first and toks[k - 1].kind == "num":
            k += 1  # "The new $800 million assistance package": the scale belongs to its number
            continue
        if t.kind == "word" and k > first and (t.lower in NOT_SUBJECT or _adverb(toks, k) or (
                t.lower.endswith("ly") and t.lower not in LY_NOUNS)):
            break  # "Clinton likewise ahead by …", "A boat fire earlier this week": the adverb ends the phrase
        k += 1
    if k + 2 < stop and toks[k].lower in QUANTITY_HEADS and toks[k + 1].lower == "of":
        return clause_subject(toks, k + 2, stop, verbs, numbers)  # "A large number of homes …": the homes
    while k > first and (toks[k - 1].lower in NP_LINKS or toks[k - 1].kind == "sym"):
        k -= 1
    return (first, k) if k > first else None


def inner_clause_start(toks: list[Tok], start: int, q_first: int, verbs: frozenset[str]) -> int:
    """Start of the innermost clause before the number that has a subject and verb of its own:
    "…, and the Ricketts family will donate $1million", "… when they offered a reward"."""
    for k in range(q_first - 1, start, -1):
        low = toks[k].lower
        if low in SUBORDINATORS or (low in ("and", "but") and toks[k - 1].text == ","):
            np = clause_subject(toks, k + 1, q_first, verbs)
            if np is not None and np[0] == k + 1 + _determiners(toks, k + 1) and np[1] < q_first \
                    and _verbish(toks, np[1], verbs, np[0]):
                return k + 1
    return start


def _determiners(toks: list[Tok], k: int) -> int:
    n = 0
    while k + n < len(toks) and toks[k + n].lower in DETERMINERS:
        n += 1
    return n


def as_pronoun(word: str) -> str | None:
    """The personal pronoun a word is, contractions included ("It’s" → "it", "we're" → "we"), else None."""
    low = word.lower().replace("’", "'").split("'")[0]
    return low if low in PRONOUNS else None


def plausible(words: list[str]) -> bool:
    """Could these words be a subject noun phrase (not "ahead", "since", "working with Congress")?"""
    if not words:
        return False
    last, first = words[-1].lower(), words[0].lower()
    if last in NOT_SUBJECT or first in NOT_SUBJECT or (last.endswith("ly") and last not in LY_NOUNS):
        return False
    base = first.replace("’", "'").split("'")[0]  # "it’s" → "it", "there's" → "there"
    if (len(words) > 1 and base in PRONOUNS) or base in GENERIC_PRONOUNS or (base in PRONOUNS and base != first):
        return False  # "I mean", "you know", "It’s", "There's": not a name for what the claim is about
    if len(words) > 1 and words[0][:1].islower() and first in VERB_LIKE:
        return False  # "rescue civilians": a verb phrase
    if len(words) == 2 and first.endswith("ed") and last.endswith("s") and not last.endswith("ss"):
        return True  # "advanced economies", "registered voters": a participle before a plural noun
    if first.endswith("ing") and len(first) > 5 and first not in ING_NOUNS:
        return False  # "Maintaining an additional brigade", "Stationing two squadrons": a gerund, not an actor
    return not (first.endswith("ed") and words[0][:1].islower())


def entity_named(entities: list[Entity], s: int, e: int, text: str) -> Entity | None:
    """The entity that is the whole phrase [s, e) (ignoring "the" and a possessive)."""
    for ent in entities:
        if s <= ent.start and ent.end <= e:
            rest = (text[s:ent.start] + text[ent.end:e]).strip().lower()
            if rest in ("", "the", "’s", "'s", "the ’s"):
                return ent
    return None


def share_target(toks: list[Tok], idx: int, stop: int, entities: list[Entity]) -> Entity | None:
    """For a share ("46 percent would choose Clinton"), the actor it goes to."""
    lo = toks[idx].start
    hi = toks[stop - 1].end if stop > idx else lo
    candidates = [e for e in entities if lo <= e.start < hi]
    people = [e for e in candidates if e.kind == "person"]
    return (people or candidates)[0] if candidates else None


def subject_of(q: Found) -> tuple[str, int, int] | None:
    """The counted thing, when the number phrase is itself the subject ("20 veterans commit suicide")."""
    if q.unit and q.unit_start >= 0 and q.unit not in ("percent", "percentage points", "dollars", "times"):
        return q.unit, q.unit_start, q.unit_end
    return None


def is_verb(toks: list[Tok], k: int, verbs: frozenset[str]) -> bool:
    """Does token k open a predicate (an auxiliary, a known verb, a lowercase past tense)?"""
    t = toks[k]
    if t.kind != "word" or t.lower in NOT_VERBS:
        return False
    if t.lower in AUXILIARIES or t.lower in verbs or t.lower.endswith(("n't", "n’t")):
        return True
    if t.tag in INFLECTED_VERB_TAGS and t.text[:1].islower():
        return True
    return t.lower in AUXILIARIES or t.lower in verbs or t.lower.endswith(("n't", "n’t")) \
        or (t.text[:1].islower() and len(t.lower) > 4 and t.lower.endswith("ed")
            and not (k > 0 and toks[k - 1].lower in DETERMINERS))  # "a combined $20 million"


def noun_before(toks: list[Tok], end: int, floor: int, verbs: frozenset[str]) -> tuple[int, int] | None:
    """The noun phrase that ends just before token ``end`` (a relative clause's antecedent: "super PACs that …")."""
    e = end
    while e > floor and toks[e - 1].text == ",":
        e -= 1
    s = e
    while s > floor and e - s < MAX_NP and toks[s - 1].kind == "word" and toks[s - 1].lower not in NP_LINKS \
            and toks[s - 1].lower not in DETERMINERS and toks[s - 1].lower not in OPENERS and not is_verb(toks, s - 1, verbs):
        s -= 1
    while s < e and (toks[s].lower in NOT_SUBJECT or toks[s].lower.endswith("ly")):
        s += 1  # "a nearly 24-hour search mission"
    return (s, e) if e > s else None


def participial_comma(toks: list[Tok], q_first: int, floor: int, verbs: frozenset[str]) -> int | None:
    """The comma before a participial clause holding the number ("…, directing a combined $20 million")."""
    for k in range(q_first - 1, floor, -1):
        t = toks[k]
        if t.kind == "word" and t.text[:1].islower() and len(t.lower) > 4 and t.lower.endswith("ing") \
                and t.lower not in NOT_PARTICIPLES:
            return k - 1 if toks[k - 1].text == "," else None
        if t.text in (",", ";", ":") or t.lower in RELATIVES or is_verb(toks, k, verbs):
            return None
    return None


def appositive_end(toks: list[Tok], np_end: int, stop: int, verbs: frozenset[str]) -> int | None:
    """End of an appositive after a subject ("Two Democrats, Tom Steyer and S. Donald Sussman, top …")."""
    k = np_end
    while k < stop and k - np_end < MAX_NP and toks[k].text != ",":
        k += 1  # "The top super PAC donors of the 2012 election, …"
    if k >= stop or toks[k].text != ",":
        return None
    for x in range(k + 1, stop - 1):
        if toks[x].text == "," and is_verb(toks, x + 1, verbs):
            return x
    return None


def coordinated(toks: list[Tok], prev_last: int, q_first: int) -> bool:
    """Is the number phrase at ``q_first`` coordinated with the one ending at ``prev_last``
    ("$38million and $23 million", "from 58 percent in the last poll to 55 percent")?"""
    between = toks[prev_last + 1:q_first]
    return len(between) <= 6 and all(t.lower in LINKERS for t in between)


def predicate_after(toks: list[Tok], last: int, verbs: frozenset[str]) -> bool:
    """Does a verb follow the number phrase before the next comma ("six Orthodox … were admitted")?"""
    for k in range(last + 1, len(toks)):
        if toks[k].text in (",", ";", ":", "(", ")") or toks[k].text == "." and not abbreviation_stop(toks, k):
            return False
        if is_verb(toks, k, verbs):
            return True
    return False


def casualty_count(toks: list[Tok], q_first: int, q_last: int) -> bool:
    """Does the number count people killed or hurt ("20 dead", "sixteen on-board died", "killing three")?"""
    if q_first > 0 and toks[q_first - 1].lower in CASUALTY:
        return True
    for k in range(q_first, min(len(toks), q_last + 1 + CASUALTY_REACH)):
        if toks[k].text in (",", ";", ".") and k > q_last:
            return False
        if toks[k].lower in CASUALTY:
            return True
    return False


def event_phrase(toks: list[Tok], start: int, stop: int) -> tuple[int, int] | None:
    """A noun phrase ending in an event noun ("in California boat fire", "in the attack")."""
    for k in range(start, stop):
        if toks[k].lower in EVENT_NOUNS and toks[k].text[:1].islower() and (k + 1 >= stop or toks[k + 1].lower
                                                                           not in ("of", "on")):
            s = k
            while s > start and k - s < 4 and toks[s - 1].kind == "word" and toks[s - 1].lower not in DETERMINERS \
                    and toks[s - 1].lower not in NP_LINKS and toks[s - 1].lower not in CASUALTY \
                    and toks[s - 1].lower not in OPENERS:
                s -= 1
            if s > start and toks[s - 1].lower in ("in", "the", "a", "an", "by", "after", "of") \
                    or (s == start and toks[k].text[:1].isupper()):
                return s, k + 1
    return None


def headline_event(toks: list[Tok], verbs: frozenset[str]) -> tuple[int, int] | None:
    """What a disaster headline is about: "Dozens dead in California boat fire", "Iranian cargo plane crashes …"."""
    found = event_phrase(toks, 0, len(toks))
    if found is not None or not any(t.lower in CASUALTY or t.lower in EVENT_NOUNS or t.lower[:-1] in EVENT_NOUNS
                                    or t.lower[:-2] in EVENT_NOUNS for t in toks):  # "crashes", "collapsed"
        return found  # a headline that reports no event names none
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.kind != "word" or t.lower in CASUALTY or (k > 0 and (is_verb(toks, k, verbs) or (
                t.text[:1].islower() and t.lower.endswith(("s", "ing")) and not t.lower.endswith("ss")
                and toks[k - 1].lower not in NP_LINKS))):
            break
        k += 1
    return (0, k) if 0 < k <= MAX_NP else None


__all__ = ["CASUALTY", "REDUCED_RELATIVES", "appositive_end", "casualty_count", "coordinated", "event_phrase", "headline_event", "is_verb",
           "inner_clause_start", "noun_before", "participial_comma", "predicate_after", "RELATIVES", "PRONOUNS", "clause_subject", "plausible", "as_pronoun", "skip_opener", "entity_named", "share_target", "subject_of"]
