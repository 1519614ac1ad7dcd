"""Searching good examples: PostgreSQL full-text search in production, a plain equivalent on SQLite.

PostgreSQL: each published example keeps a weighted ``search_vector`` (title A, summary B, the
texts C, target groups D) built with the configuration of its language (``swedish`` or
``english``) by the actions that publish and edit it; migration 0002 puts a GIN index on it.
The query is parsed with ``websearch_to_tsquery`` in both configurations, so quotes, ``or``
and ``-`` work as on a search engine and nothing a visitor types is a syntax error. Results
are ranked with ``ts_rank`` and the summary is highlighted with ``ts_headline``.

SQLite (the demo): every word of the query must occur in some text (``icontains``); the rank
counts where the words occur (title 3, summary 2, other texts 1); the highlight escapes the
summary and then wraps each word in ``<mark>``.

Both paths escape before they mark: the summary is plain text, and the only markup on the
page is the ``<mark>`` we add.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import add, and_, or_
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jamlik.knowledge.models import Example, Theme

MAX_QUERY = 200  # characters; longer input is cut, never refused
MAX_TERMS = 8
CONFIGS = {"sv": "swedish", "en": "english"}
WEIGHTS = [
    ("title", "A"),
    ("summary", "B"),
    ("problem", "C"),
    ("what_was_done", "C"),
    ("results", "C"),
    ("lessons", "C"),
    ("target_groups", "D"),
]
TEXT_FIELDS = [name for name, _ in WEIGHTS]
# ts_headline marks matches with these; they are turned into <mark> after escaping.
START, STOP = "\u27e6", "\u27e7"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"\w+")


def clean_query(raw: str | None) -> str:
    """What we search for: control characters (NUL breaks PostgreSQL) out, length capped, spaces folded."""
    text = _CONTROL.sub(" ", raw or "")[:MAX_QUERY]
    return " ".join(text.split())


def terms(query: str) -> list[str]:
    """The words of a query, at most ``MAX_TERMS``, without repeats."""
    found: list[str] = []
    for word in _WORD.findall(query):
        if word.lower() not in (w.lower() for w in found):
            found.append(word)
    return found[:MAX_TERMS]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def update_search_vector(example: Example) -> None:
    """Store the example's weighted vector (PostgreSQL; on SQLite there is nothing to store)."""
    if not is_postgres():
        return
    config = CONFIGS.get(example.language, "swedish")
    vector = reduce(add, (SearchVector(name, weight=weight, config=config) for name, weight in WEIGHTS))
    Example.objects.filter(pk=example.pk).update(search_vector=vector, search_text=search_text(example))


def search_text(example: Example) -> str:
    """The texts and the themes' names in lower case: where word stems are looked for on PostgreSQL."""
    parts = [getattr(example, name) for name in TEXT_FIELDS]
    parts += [name for theme in example.themes.all() for name in (theme.name_sv, theme.name_en)]
    return " ".join(part for part in parts if part).lower()


def search(examples: QuerySet[Example], query: str) -> QuerySet[Example]:
    """``examples`` that match ``query``, best first, each with ``rank`` and ``headline_raw``.

    A query without any word (only operators or punctuation) matches nothing rather than
    everything, so a stray ``-`` never shows the whole collection as "results".
    """
    words = terms(query)
    if not words:
        return examples.none()
    if is_postgres():
        return _search_postgres(examples, query)
    return _search_sqlite(examples, words)


def _is_plain(query: str) -> bool:
    """No search-engine syntax (quotes, ``-word``, ``or``), which only PostgreSQL's parser understands."""
    return '"' not in query and not re.search(r"(^|\s)-\w", query) and not re.search(r"\bor\b", query, re.IGNORECASE)


def _search_postgres(examples: QuerySet[Example], query: str) -> QuerySet[Example]:
    sv = SearchQuery(query, config="swedish", search_type="websearch")
    en = SearchQuery(query, config="english", search_type="websearch")

    def headline(q: SearchQuery, config: str) -> SearchHeadline:
        return SearchHeadline("summary", q, config=config, start_sel=START, stop_sel=STOP, highlight_all=True)

    # Full-text matches in either configuration (the GIN index on search_vector) ...
    candidates = Q(search_vector=sv) | Q(search_vector=en)
    # ... each example kept to the configuration of its own language ...
    matches = Q(language="en", search_vector=en) | (~Q(language="en") & Q(search_vector=sv))
    # ... and, for plain words, what the dictionaries cannot see: compounds, derivations, theme
    # names, as word stems in the stored lower-case text (its trigram index serves LIKE '%stem%').
    if _is_plain(query):
        stems = reduce(and_, (Q(search_text__contains=stem(word).lower()) for word in terms(query)))
        candidates |= stems
        matches |= stems
    return (
        # The first filter is a BitmapOr of the indexes; the second applies the language rule.
        examples.filter(candidates)
        .filter(matches)
        .annotate(
            rank=Case(
                When(language="en", then=SearchRank(F("search_vector"), en)), default=SearchRank(F("search_vector"), sv)
            ),
            headline_raw=Case(When(language="en", then=headline(en, "english")), default=headline(sv, "swedish")),
        )
        .order_by("-rank", "-published_at", "pk")
    )


def stem(word: str) -> str:
    """What a word must occur as: the word without its last two letters when at least four remain.

    Swedish builds words by compounding and derivation, so "budgetering" sits inside
    "jämställdhetsbudgetering" and "rasism" shares "rasi" with "antirasistiskt". Matching this
    stem anywhere in a text finds both; a short word is matched as typed.
    """
    return word[:-2] if len(word) >= 6 else word


def _variants(word: str) -> set[str]:
    # SQLite folds case for ASCII only: try the stem as typed, in lower case and capitalised.
    root = stem(word)
    return {root, root.lower(), root.capitalize()}


def _contains(field: str, word: str) -> Q:
    return reduce(or_, (Q(**{f"{field}__icontains": v}) for v in _variants(word)))


def _in_theme_names(word: str) -> Q:
    """Examples with a theme whose Swedish or English name contains the word's stem."""
    names = reduce(or_, (_contains("name_sv", word), _contains("name_en", word)))
    return Q(pk__in=Example.themes.through.objects.filter(theme__in=Theme.objects.filter(names)).values("example_id"))


def _matches_word(word: str) -> Q:
    return reduce(or_, (_contains(field, word) for field in TEXT_FIELDS)) | _in_theme_names(word)


def _every_word(words: list[str]) -> Q:
    return reduce(and_, (_matches_word(word) for word in words))


def _search_sqlite(examples: QuerySet[Example], words: list[str]) -> QuerySet[Example]:
    examples = examples.filter(_every_word(words))
    scores: list[Any] = []
    for word in words:
        scores.append(Case(When(_contains("title", word), then=Value(3)), default=Value(0)))
        scores.append(Case(When(_contains("summary", word) | _in_theme_names(word), then=Value(2)), default=Value(0)))
        others = reduce(or_, (_contains(f, word) for f in TEXT_FIELDS[2:]))
        scores.append(Case(When(others, then=Value(1)), default=Value(0)))
    return examples.annotate(rank=reduce(add, scores), headline_raw=F("summary")).order_by(
        "-rank", "-published_at", "pk"
    )


def highlight(text: str, query: str) -> SafeString:
    """``text`` escaped, with PostgreSQL's marked matches or the query's words in ``<mark>``.

    Matches are found in the raw text and each piece is escaped on its own, so a mark never
    lands inside an entity such as ``&amp;``.
    """
    if START in text or STOP in text:  # marked by ts_headline
        pattern = re.compile(re.escape(START) + "(.*?)" + re.escape(STOP), re.DOTALL)
    else:
        words = terms(query)
        if not words:
            return escape(text)
        # The whole word around a stem, as the search matched it: "rasism" marks "antirasistiskt".
        alternatives = "|".join(re.escape(stem(w)) for w in sorted(words, key=len, reverse=True))
        pattern = re.compile(rf"(\w*(?:{alternatives})\w*)", re.IGNORECASE)
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(str(escape(text[position : match.start()])))
        pieces.append(f"<mark>{escape(match.group(1))}</mark>")
        position = match.end()
    pieces.append(str(escape(text[position:])))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped; only our <mark> added)


def find_examples(
    query: str = "",
    *,
    theme: str | None = None,
    county: str | None = None,
    kind: str | None = None,
    year: int | None = None,
) -> QuerySet[Example]:
    """Published examples matching the words and filters, ranked when there are words, else newest first."""
    examples = Example.objects.published().for_list()
    if theme:
        examples = examples.filter(themes__slug=theme)
    if county:
        examples = examples.filter(county__code=county)
    if kind:
        examples = examples.filter(organisation__kind=kind)
    if year is not None:
        examples = examples.in_year(year)
    query = clean_query(query)
    if query:
        return search(examples, query)
    return examples.order_by("-published_at", "pk")
