"""Every user-facing string is marked for translation (Python, templates, JavaScript).

A dummy language wraps every extracted message in ‹ › ; rendering each learner and staff state in it must
leave no visible text outside those marks except what learners themselves wrote.
"""
import re
from datetime import date
from html.parser import HTMLParser

import polib
import pytest
from django.test import override_settings
from django.utils import translation

from devsite.translations import CATALOGUE, extract
from reverse_mentoring_xblock.core.intake import timezone_choices
from reverse_mentoring_xblock.models import Participant, Session
from tests.factories import intake, session_log

WRAPPED = re.compile(r"‹[^‹›]*›")
LEARNER_TEXT = ("Ana Mentor", "Paul Mentee", "Cleo Waiting", "Get better at this.", "Good start.", "Wrong date",
                "mentor_ana", "mentee_paul", "cleo", "staff")
DATA = re.compile(r"\d{4}-\d{2}-\d{2}|https://\S*|[\d\s.,:;/()%·*+-]")


@pytest.fixture(scope="module")
def dummy_locale(tmp_path_factory):
    folder = tmp_path_factory.mktemp("locale")
    catalogue = extract("eo")
    for entry in catalogue:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: f"‹{entry.msgid}›", 1: f"‹{entry.msgid_plural}›"}
        else:
            entry.msgstr = f"‹{entry.msgid}›"
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    target = folder / "eo" / "LC_MESSAGES"
    target.mkdir(parents=True)
    catalogue.save_as_mofile(str(target / "django.mo"))
    return folder, catalogue


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
            self.texts.append(data.strip())


def unmarked(html):
    collector = TextCollector()
    collector.feed(html)
    leftovers = []
    zones = set(timezone_choices())  # IANA identifiers, the same in every language
    for text in collector.texts:
        if text in zones:
            continue
        rest, previous = text, None
        while rest != previous:  # translated text can hold translated parameters: peel inside out
            previous, rest = rest, WRAPPED.sub("", rest)
        for learner_text in LEARNER_TEXT:
            rest = rest.replace(learner_text, "")
        rest = DATA.sub("", rest)
        if re.search(r"[^\W\d_]", rest):
            leftovers.append(text)
    return leftovers


def test_every_visible_string_is_translated(dummy_locale, block_client):
    folder, _catalogue = dummy_locale
    with override_settings(LOCALE_PATHS=[str(folder)]), translation.override("eo"):
        pages = {"intake": block_client.view("cleo")}
        responses = []
        for student, role, name in (("mentor_ana", "mentor", "Ana Mentor"), ("mentee_paul", "mentee", "Paul Mentee"),
                                    ("cleo", "mentee", "Cleo Waiting")):
            responses.append(block_client.post("submit_intake", intake(role, public_name=name), student))
        pages["waiting"] = block_client.view("cleo")
        ids = {p.user.username: p.pk for p in Participant.objects.select_related("user")}
        responses.append(block_client.post("pair_participants", {"mentor_id": ids["mentor_ana"],
                                                                 "mentee_id": ids["mentee_paul"]}, "staff"))
        responses.append(block_client.post("log_session", session_log(date.today().isoformat()), "mentor_ana"))
        session = Session.objects.get().pk
        responses.append(block_client.post("dispute_session", {"session_id": session, "reason": "Wrong date"},
                                           "mentee_paul"))
        pages["mentor with a disputed session"] = block_client.view("mentor_ana")
        responses.append(block_client.post("confirm_session", {"session_id": session}, "mentee_paul"))
        pages["mentee after confirming"] = block_client.view("mentee_paul")
        pages["staff"] = block_client.view("staff")
        errors = [block_client.post("submit_intake", {**intake("mentee"), "role": None}, "newbie"),
                  block_client.post("pair_participants", {"mentor_id": 1, "mentee_id": 2}, "cleo"),
                  block_client.post("confirm_session", {"session_id": session}, "mentee_paul")]
    for state, html in pages.items():
        assert unmarked(html) == [], state
    for status, body in responses:
        assert status == 200 and WRAPPED.search(body["message"]), body.get("message")
    for status, body in errors:
        assert status >= 400 and body["error"].startswith("‹") and body["error"].endswith("›"), body
        assert all(message.startswith("‹") for message in body.get("fields", {}).values()), body


def test_javascript_strings_go_through_gettext():
    source = (CATALOGUE.parents[4] / "static" / "js" / "reverse_mentoring.js").read_text()
    literals = re.findall(r"(gettext\(\s*)?'([^'\\]*(?:\\.[^'\\]*)*)'", source)
    prose = [(wrapped, text) for wrapped, text in literals
             if re.search(r"[A-Za-z]+ [A-Za-z]+", text) and text != "use strict"]
    assert prose and all(wrapped for wrapped, _text in prose), [t for w, t in prose if not w]


def test_shipped_catalogue_is_up_to_date():
    shipped = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE))}
    current = {(e.msgctxt, e.msgid) for e in extract("en")}
    assert shipped == current, "run `make translations` and commit the catalogue"
