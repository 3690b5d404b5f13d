"""Every user-facing string is translated in every shipped language, and the shipped catalogues are current.

Each learner and staff state is rendered in the dummy language ``eo`` (edx-i18n-tools' accented, padded text
ending with "#"): an English word left on the page is a string that escaped translation. In Latin-American
Spanish every message must be translated and no state may show one of the English messages. The demo's i18n
service reads the shipped ``text.mo`` files as the LMS's does (``devsite.i18n``).
"""
import re
import shutil
from datetime import date
from html.parser import HTMLParser

import polib
import pytest
from django.utils import translation

from devsite.translations import (
    CATALOGUE,
    JS_CATALOGUES,
    TRANSLATIONS,
    compile_all,
    extract,
    po_path,
    problems,
    update_locale,
    write_dummies,
)
from reverse_mentoring_xblock.core.intake import timezone_choices
from reverse_mentoring_xblock.models import Participant, Session
from tests.factories import intake, session_log

TRANSLATED = ("es_419", "eo", "rtl")
LEARNER_TEXT = ("Ana Mentor", "Paul Mentee", "Cleo Waiting", "Get better at this.", "Good start.", "Wrong date",
                "mentor_ana", "mentee_paul", "cleo", "staff")
DATA = re.compile(r"\d{4}-\d{2}-\d{2}|https://\S*|[A-Z][a-z]+(?:/[A-Za-z_+-]+)+|[\d\s.,:;/()%·*+-]")  # zones too
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sd]|%[sd]")
WORD = re.compile(r"[^\W\d_]+")


@pytest.fixture(scope="module")
def fresh_source():
    """The source catalogue as the code makes it now."""
    return extract()


class TextCollector(HTMLParser):
    """Visible text and accessible names inside our block."""

    NAMED_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth or "rm-block" in (attrs.get("class") or "").split():
            self.depth += 1
            self.texts.extend(attrs[name] for name in self.NAMED_ATTRIBUTES if attrs.get(name))
            if tag in ("input", "br", "img", "meta", "link"):
                self.depth -= 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html):
    collector = TextCollector()
    collector.feed(html)
    zones = set(timezone_choices())  # IANA identifiers, the same in every language
    return [text for text in collector.texts if text not in zones]


def visit_every_state(block_client):
    """Render each learner and staff state, calling the handlers that lead from one to the next.

    Returns the pages by state, the handlers' answers, and the answers of three refused calls.
    """
    pages = {"intake": block_client.view("cleo")}
    answers = []
    for student, role, name in (("mentor_ana", "mentor", "Ana Mentor"), ("mentee_paul", "mentee", "Paul Mentee"),
                                ("cleo", "mentee", "Cleo Waiting")):
        answers.append(block_client.post("submit_intake", intake(role, public_name=name), student))
    pages["waiting"] = block_client.view("cleo")
    ids = {p.user.username: p.pk for p in Participant.objects.select_related("user")}
    answers.append(block_client.post("pair_participants", {"mentor_id": ids["mentor_ana"],
                                                           "mentee_id": ids["mentee_paul"]}, "staff"))
    answers.append(block_client.post("log_session", session_log(date.today().isoformat()), "mentor_ana"))
    session = Session.objects.get().pk
    answers.append(block_client.post("dispute_session", {"session_id": session, "reason": "Wrong date"},
                                     "mentee_paul"))
    pages["mentor with a disputed session"] = block_client.view("mentor_ana")
    answers.append(block_client.post("confirm_session", {"session_id": session}, "mentee_paul"))
    pages["mentee after confirming"] = block_client.view("mentee_paul")
    pages["staff"] = block_client.view("staff")
    refusals = [block_client.post("submit_intake", {**intake("mentee"), "role": None}, "newbie"),
                block_client.post("pair_participants", {"mentor_id": 1, "mentee_id": 2}, "cleo"),
                block_client.post("confirm_session", {"session_id": session}, "mentee_paul")]
    return pages, answers, refusals


def words_the_dummy_keeps():
    """ASCII words of the eo catalogue (the "s" of "program's", "HH", "MM"...): on a page they prove nothing."""
    kept = set()
    for entry in polib.pofile(str(po_path("eo"))):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            kept.update(word for word in WORD.findall(PLACEHOLDER.sub("", text)) if word.isascii())
    return kept


def english_words(html, kept):
    """Texts of the page with an English word: the dummy language accents every other word it translated."""
    found = []
    for text in visible_texts(html):
        rest = text
        for learner_text in LEARNER_TEXT:
            rest = rest.replace(learner_text, "")
        if any(word.isascii() and word not in kept for word in WORD.findall(DATA.sub(" ", rest))):
            found.append(text)
    return found


def test_every_visible_string_is_translated(block_client):
    with translation.override("eo"):
        pages, answers, refusals = visit_every_state(block_client)
    kept = words_the_dummy_keeps()
    for state, html in pages.items():
        assert english_words(html, kept) == [], state
    for status, body in answers:
        assert status == 200 and body["message"].endswith("#"), body.get("message")
    for status, body in refusals:
        assert status >= 400 and body["error"].endswith("#"), body
        assert all(message.endswith("#") for message in body.get("fields", {}).values()), body


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def test_spanish_translates_every_message_with_its_placeholders():
    spanish = polib.pofile(str(po_path("es_419")))
    forms = int(re.search(r"nplurals\s*=\s*(\d+)", spanish.metadata["Plural-Forms"]).group(1))
    wrong = []
    for entry in polib.pofile(str(CATALOGUE)):
        found = spanish.find(entry.msgid, msgctxt=entry.msgctxt)
        if found is None or found.fuzzy:
            wrong.append(("missing or fuzzy", entry.msgid))
        elif entry.msgid_plural:
            texts = [found.msgstr_plural.get(form, "") for form in range(forms)]
            if len(found.msgstr_plural) != forms or not all(text.strip() for text in texts):
                wrong.append(("a plural form is empty", entry.msgid))
            elif any(placeholders(text) not in (placeholders(entry.msgid), placeholders(entry.msgid_plural))
                     for text in texts):
                wrong.append(("placeholders differ", entry.msgid))
        elif not found.msgstr.strip():
            wrong.append(("empty", entry.msgid))
        elif placeholders(found.msgstr) != placeholders(entry.msgid):
            wrong.append(("placeholders differ", entry.msgid))
    assert wrong == []


def english_messages(catalogue):
    """A pattern for each English message the catalogue translates differently (its placeholders match anything)."""
    patterns = []
    for entry in catalogue.translated_entries():
        translations = {entry.msgstr, *entry.msgstr_plural.values()}
        for english in (" ".join(text.split()) for text in (entry.msgid, entry.msgid_plural) if text):
            if english not in translations and re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", english)):
                parts = PLACEHOLDER.split(english)
                patterns.append(re.compile(".+?".join(map(re.escape, parts)), re.DOTALL))
    return patterns


def test_no_english_message_is_left_in_spanish(block_client):
    with translation.override("es-419"):
        pages, answers, refusals = visit_every_state(block_client)
    shown = [(state, text) for state, html in pages.items() for text in visible_texts(html)]
    shown += [("answer", body["message"]) for _status, body in answers]
    shown += [("refusal", text) for _status, body in refusals
              for text in [body["error"], *body.get("fields", {}).values()]]
    english = english_messages(polib.pofile(str(po_path("es_419"))))
    assert len(shown) > 100 and len(english) > 300
    left = [(state, text) for state, text in shown if any(pattern.fullmatch(text) for pattern in english)]
    assert left == []
    # Spanish writes 78,9 where SVG needs 78.9: the charts' lengths stay unlocalised.
    lengths = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height|viewBox)="([^"]*)"', pages["staff"])
    assert len(lengths) > 20 and not [length for length in lengths if "," in length]


@pytest.mark.parametrize(("language", "catalogue"), [
    ("es-419", "es_419"), ("eo", "eo"), ("rtl", "rtl"), ("en", None), ("es", None), ("eo-test", "eo")])
def test_page_carries_the_javascript_catalogue_of_its_language(block_client, language, catalogue):
    """The workbench, like an LMS that built no catalogue for us, gives no catalogue URL: the block adds its own."""
    with translation.override(language):
        html = block_client.view("cleo")
    carried = [locale for locale in TRANSLATED if (JS_CATALOGUES / f"{locale}.js").read_text().strip() in html]
    assert carried == ([catalogue] if catalogue else [])


def test_javascript_strings_go_through_gettext():
    source = (CATALOGUE.parents[4] / "static" / "js" / "reverse_mentoring.js").read_text()
    literals = re.findall(r"(gettext\(\s*)?'([^'\\]*(?:\\.[^'\\]*)*)'", source)
    prose = [(wrapped, text) for wrapped, text in literals
             if re.search(r"[A-Za-z]+ [A-Za-z]+", text) and text != "use strict"]
    assert prose and all(wrapped for wrapped, _text in prose), [t for w, t in prose if not w]


def test_shipped_catalogues_are_current(fresh_source):
    assert problems(fresh_source) == []


def test_the_check_finds_each_stale_catalogue(fresh_source, tmp_path):
    """Built afresh from the code, the catalogues pass the check; each kind of staleness is then caught."""
    folder, js_folder = tmp_path / "translations", tmp_path / "i18n"
    shutil.copytree(TRANSLATIONS / "es_419", folder / "es_419")
    po_path("en", folder).parent.mkdir(parents=True)
    fresh_source.save(str(po_path("en", folder)))
    update_locale("es_419", fresh_source, folder)
    write_dummies(folder)
    compile_all(folder, js_folder)
    assert problems(fresh_source, folder, js_folder) == []

    spanish = polib.pofile(str(po_path("es_419", folder)))
    spanish.remove(spanish[0])
    spanish.save()
    dummy = polib.pofile(str(po_path("eo", folder)))
    dummy[0].msgstr = "Edited by hand"
    dummy.save()
    (js_folder / "rtl.js").write_text((js_folder / "rtl.js").read_text().replace("Number(", "Boolean("))
    (js_folder / "fr.js").write_text("")
    assert problems(fresh_source, folder, js_folder) == [
        "es_419: 1 messages missing, 0 obsolete: run `make translations`",
        "eo: not as generated from the source catalogue: run `make dummy-translations`",
        "es_419: text.mo differs from text.po: run `make compile-translations`",
        "eo: text.mo differs from text.po: run `make compile-translations`",
        "static/js/i18n/fr.js is out of date: run `make compile-translations`",
        "static/js/i18n/rtl.js is out of date: run `make compile-translations`",
    ]
    source = polib.pofile(str(po_path("en", folder)))
    source[0].msgid = "Changed: " + source[0].msgid
    source.save()
    assert problems(fresh_source, folder, js_folder)[0] == (
        "en: the source catalogue differs from the code: run `make translations`")
