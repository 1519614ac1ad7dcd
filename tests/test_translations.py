"""The committed translation catalogues: Swedish complete and sound, every .mo compiled from its .po,
and the site actually switching between Swedish and English.

Regenerate and compile with ``make messages`` (needs GNU gettext); the .mo files are committed so a
fresh machine shows both languages without gettext tools.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from jamlik.people.models import User

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _name in settings.LANGUAGES]

# printf-style placeholders as Python's % operator reads them: %(name)s, %s, %5.2f, %% ...
PERCENT_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
# str.format-style placeholders: {name}, {0}, {name!r:>10}; {{ and }} are literal braces.
BRACE_PLACEHOLDER = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")

Key = tuple[str | None, str, str]


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"


def placeholders(text: str, entry: polib.POEntry) -> Counter[str]:
    found: Counter[str] = Counter()
    if "python-format" in entry.flags:
        found.update(match for match in PERCENT_PLACEHOLDER.findall(text) if match != "%%")
    if "python-brace-format" in entry.flags:
        found.update(BRACE_PLACEHOLDER.findall(text))
    return found


def label(entry: polib.POEntry) -> str:
    return repr(entry.msgid) + (f" (context {entry.msgctxt!r})" if entry.msgctxt else "")


def translations(catalogue: polib.POFile | polib.MOFile) -> dict[Key, str | tuple[str, ...]]:
    """msgid -> msgstr for every entry gettext would use (what msgfmt writes to a .mo)."""
    result: dict[Key, str | tuple[str, ...]] = {}
    for entry in catalogue:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = (entry.msgctxt or None, entry.msgid, entry.msgid_plural or "")
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if all(forms):
                result[key] = forms
        elif entry.msgstr:
            result[key] = entry.msgstr
    return result


@pytest.fixture(scope="module")
def swedish() -> polib.POFile:
    return polib.pofile(str(po_path("sv")))


# --- (a) the Swedish catalogue is complete and its placeholders intact --------------------------


def test_swedish_is_the_default_language_and_english_the_second() -> None:
    assert settings.LANGUAGE_CODE == "sv"
    assert LANGUAGES == ["sv", "en"]


def test_swedish_catalogue_has_no_untranslated_entries(swedish: polib.POFile) -> None:
    untranslated = [label(e) for e in swedish.untranslated_entries() if "fuzzy" not in e.flags]
    assert not untranslated, f"{len(untranslated)} Swedish entries lack a translation: {untranslated}"


def test_swedish_catalogue_has_no_fuzzy_entries(swedish: polib.POFile) -> None:
    assert not swedish.metadata_is_fuzzy, "the header is marked fuzzy; msgfmt would drop Plural-Forms"
    fuzzy = [label(e) for e in swedish.fuzzy_entries()]
    assert not fuzzy, f"fuzzy entries are guesses by msgmerge and are not used; translate them: {fuzzy}"


def test_swedish_catalogue_has_no_obsolete_entries(swedish: polib.POFile) -> None:
    assert not swedish.obsolete_entries(), "run makemessages with --no-obsolete (make messages)"


def test_swedish_catalogue_declares_language_and_plural_forms(swedish: polib.POFile) -> None:
    assert swedish.metadata.get("Language") == "sv"
    assert swedish.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def test_every_placeholder_in_a_msgid_appears_in_its_swedish_msgstr(swedish: polib.POFile) -> None:
    problems: list[str] = []
    for entry in swedish.translated_entries():
        if entry.msgid_plural:
            allowed = placeholders(entry.msgid, entry) | placeholders(entry.msgid_plural, entry)
            for index in sorted(entry.msgstr_plural):
                source = entry.msgid if index == 0 else entry.msgid_plural
                needed = placeholders(source, entry)
                got = placeholders(entry.msgstr_plural[index], entry)
                if needed - got or set(got) - set(allowed):
                    problems.append(f"{label(entry)} msgstr[{index}]: needs {dict(needed)}, has {dict(got)}")
        else:
            needed = placeholders(entry.msgid, entry)
            got = placeholders(entry.msgstr, entry)
            if needed != got:
                problems.append(f"{label(entry)}: needs {dict(needed)}, has {dict(got)}")
    assert not problems, "placeholders differ between msgid and msgstr:\n" + "\n".join(problems)


class _AnyValue(dict[str, int]):
    def __missing__(self, key: str) -> int:
        return 1


def test_every_swedish_msgstr_formats_like_its_msgid(swedish: polib.POFile) -> None:
    """A lone % in a translation (instead of %%) breaks the page at run time, so format each one."""
    problems: list[str] = []
    for entry in swedish.translated_entries():
        if "python-format" not in entry.flags:
            continue
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        positional = sum(1 for p in PERCENT_PLACEHOLDER.findall(entry.msgid) if p != "%%" and not p.startswith("%("))
        for msgstr in forms:
            try:
                msgstr % (tuple([1] * positional) if positional else _AnyValue())
            except (TypeError, ValueError, KeyError) as exc:
                problems.append(f"{label(entry)}: {exc}")
    assert not problems, "translations that cannot be formatted:\n" + "\n".join(problems)


def test_placeholder_check_catches_a_lost_or_foreign_placeholder() -> None:
    entry = polib.POEntry(msgid="Welcome to %(org)s.", msgstr="Välkommen!", flags=["python-format"])
    assert placeholders(entry.msgid, entry) == Counter({"%(org)s": 1})
    assert placeholders(entry.msgstr, entry) == Counter()
    assert placeholders("100 %% klart, %(n)d av %(total)d", entry) == Counter({"%(n)d": 1, "%(total)d": 1})


NAMED_PLACEHOLDER = re.compile(r"%\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def forms_of(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def test_no_swedish_msgstr_brings_markup_or_placeholders_its_msgid_lacks(swedish: polib.POFile) -> None:
    """A translation glued to another message's (a bad merge) shows up as foreign markup or names."""
    problems: list[str] = []
    for entry in swedish.translated_entries():
        source = entry.msgid + (entry.msgid_plural or "")
        allowed_tags = Counter(HTML_TAG.findall(source))
        allowed_names = set(NAMED_PLACEHOLDER.findall(source))
        for msgstr in forms_of(entry):
            tags = Counter(HTML_TAG.findall(msgstr))
            if tags != allowed_tags and not entry.msgid_plural:
                problems.append(f"{label(entry)}: markup {dict(tags)} where the msgid has {dict(allowed_tags)}")
            foreign = set(NAMED_PLACEHOLDER.findall(msgstr)) - allowed_names
            if foreign:
                problems.append(f"{label(entry)}: placeholders {sorted(foreign)} not in the msgid")
    assert not problems, "\n".join(problems)


def repeated_run(text: str, length: int = 40) -> str | None:
    """The first run of ``length`` characters that occurs twice in ``text``, if any."""
    seen: set[str] = set()
    for start in range(len(text) - length + 1):
        run = text[start : start + length]
        if run in seen:
            return run
        seen.add(run)
    return None


def test_no_swedish_msgstr_says_the_same_thing_twice(swedish: polib.POFile) -> None:
    """Two versions of a translation concatenated (a bad merge) repeat a long run of text."""
    problems: list[str] = []
    for entry in swedish.translated_entries():
        for msgstr in forms_of(entry):
            run = repeated_run(msgstr)
            if run is not None and repeated_run(entry.msgid + (entry.msgid_plural or "")) is None:
                problems.append(f"{label(entry)}: repeats {run!r}")
    assert not problems, "\n".join(problems)


def test_the_catalogue_checks_catch_a_glued_translation() -> None:
    glued = polib.POEntry(
        msgid="New here? The code we email you creates your account at once.",
        msgstr=(
            'Ny här? <a href="%(url)s">Skapa ett konto</a>.'
            "Ny här? Koden vi mejlar dig skapar ditt konto direkt."
            "Ny här? Koden vi mejlar dig skapar ditt konto direkt."
        ),
    )
    catalogue = polib.POFile()
    catalogue.append(glued)
    with pytest.raises(AssertionError, match="markup"):
        test_no_swedish_msgstr_brings_markup_or_placeholders_its_msgid_lacks(catalogue)
    with pytest.raises(AssertionError, match="repeats"):
        test_no_swedish_msgstr_says_the_same_thing_twice(catalogue)


def test_swedish_translations_keep_surrounding_whitespace(swedish: polib.POFile) -> None:
    """Leading and trailing spaces and newlines matter where code joins strings or emails break lines."""

    def edges(text: str) -> tuple[str, str]:
        return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]

    problems: list[str] = []
    for entry in swedish.translated_entries():
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        problems.extend(label(entry) for msgstr in forms if edges(msgstr) != edges(entry.msgid))
    assert not problems, f"leading or trailing whitespace differs from the msgid: {problems}"


def test_english_catalogue_lists_the_same_messages_untranslated(swedish: polib.POFile) -> None:
    english = polib.pofile(str(po_path("en")))
    assert english.metadata.get("Language") == "en"
    assert {(e.msgctxt, e.msgid) for e in english} == {(e.msgctxt, e.msgid) for e in swedish}, (
        "the catalogues were generated at different times; run make messages"
    )
    # English falls back to the msgid, so the catalogue translates nothing.
    assert translations(english) == {}


# --- (b) each committed .mo holds exactly the translations of its .po ----------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    assert po_path(language).is_file(), f"{po_path(language)} is missing"
    assert mo_path(language).is_file(), f"{mo_path(language)} is missing: run make messages and commit it"
    po = polib.pofile(str(po_path(language)))
    mo = polib.mofile(str(mo_path(language)))
    in_po, in_mo = translations(po), translations(mo)
    stale = sorted(str(key[1]) for key in in_po.keys() ^ in_mo.keys()) + sorted(
        str(key[1]) for key in in_po.keys() & in_mo.keys() if in_po[key] != in_mo[key]
    )
    assert in_po == in_mo, f"{mo_path(language)} is not compiled from its .po (make messages): {stale[:20]}"
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")


# --- (c) the site speaks Swedish by default and English on request -------------------------------


@pytest.mark.django_db
def test_home_page_is_swedish_by_default(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "sv"
    assert '<html lang="sv">' in response.text
    assert "Hoppa till innehållet" in response.text
    assert "Logga in" in response.text
    assert "Skip to content" not in response.text


@pytest.mark.django_db
def test_switching_to_english_and_back(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = client.get("/")
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.text
    assert "Skip to content" in response.text
    assert "Sign in" in response.text
    assert "Hoppa till innehållet" not in response.text

    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert "Hoppa till innehållet" in client.get("/").text


@pytest.mark.django_db
def test_language_cookie_alone_selects_english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Skip to content" in client.get("/").text


@pytest.mark.django_db
def test_signed_in_person_sees_their_preferred_language(learner_a: User) -> None:
    learner_a.preferred_language = "en"
    learner_a.save(update_fields=["preferred_language"])
    client = Client()
    client.force_login(learner_a)
    response = client.get("/")
    assert "Skip to content" in response.text
    assert "My page" in response.text


@pytest.mark.django_db
def test_sign_in_pages_are_swedish(client: Client) -> None:
    # Our own sign-in template, which overrides allauth's.
    login = client.get("/konto/login/").text
    assert "Skriv din e-postadress på jobbet." in login
    assert "Logga in med lösenord i stället" in login
    # allauth's own pages and form labels come from allauth's Swedish catalogue.
    signup = client.get("/konto/signup/").text
    assert "Skapa konto" in signup
    assert "Har du redan ett konto?" in signup
    code = client.get("/konto/login/code/").text
    assert "Skicka mig en inloggningskod" in code
    assert "Send me a sign-in code" not in code


@pytest.mark.django_db
def test_sign_in_page_in_english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    login = client.get("/konto/login/").text
    assert "Enter your work email address." in login
    assert "Skip to content" in login
