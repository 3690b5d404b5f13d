"""Each event of docs/events.md, as the LMS's tracker emits it, through edx-event-routing-backends' processing.

The event is built by eventtracking's own tracker inside the contexts the LMS enters around a block handler;
it then passes ERB's backend as the settings hooks configure it (its whitelist, the xAPI router's whitelist and
``XApiProcessor``, which looks up the transformer and transforms). The statement must satisfy tincan, name the
learner only by ERB's anonymous id, and carry exactly the verb, result and extensions docs/xapi.md gives.
"""
import json
import logging
import re
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from django.apps import apps
from django.test import override_settings
from event_routing_backends.processors.xapi import constants
from event_routing_backends.processors.xapi.registry import XApiTransformersRegistry
from eventtracking.django.django_tracker import DjangoTracker
from eventtracking.processors.exceptions import EventEmissionExit
from eventtracking.tracker import Tracker
from tincan import Statement

from reverse_mentoring_xblock import learning_records
from reverse_mentoring_xblock.block import EVENT_PREFIX
from tests.handlers.test_events import documented
from tests.platform.conftest import LMS_ROOT_URL, erb_hook, lms_settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "xapi.md"
ROW = re.compile(r"^\| `([a-z_.]+)` \| `([^`]+)` ([a-z ]+) \| (.+?) \| (.+?) \| .+ \|$")
EXTENSION_BASE = re.search(r"extension IRIs: `([^`]+)`", DOC.read_text(encoding="utf-8"))[1]
COURSE = "course-v1:DemoX+RM101+2026"
USAGE = "block-v1:DemoX+RM101+2026+type@reverse_mentoring+block@5f1c0de2"
BLOCK_TITLE = "Reverse mentoring: digital tools"
SESSION = "9885dd163f65eed1fe88759c186b4ac3"  # the LMS's hash of the browser session
IP, AGENT = "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
BLOCK_ACTIVITY_TYPE = "http://id.tincanapi.com/activitytype/resource"
ERB_EXTENSIONS = {constants.XAPI_TRANSFORMER_VERSION_KEY, constants.XAPI_CONTEXT_SESSION_ID}
pytestmark = pytest.mark.filterwarnings("ignore:Python 3.11 support is deprecated")  # openedx-filters, imported by ERB
SAMPLE = {  # a value of each key docs/events.md lists, of the kind it says
    "participant": 41, "mentor": 41, "mentee": 42, "pair": 7, "session": 2, "meeting": 3, "run": 5, "previous_run": 4,
    "minutes": 45, "satisfaction": 4, "counts": True, "would_recommend": False, "automatic": True, "left_out": True,
    "anonymous": False, "role": "mentee", "by": "staff", "kind": "pairs", "post": 11, "reply": 12, "by_staff": False,
    "circle_meeting": 6, "working": "partly", "answered": 2, "left_blank": 1, "on": False,
}
RESULT = {  # what docs/xapi.md's "field ← key" gives for the sample values
    ("duration", "minutes"): "PT45M00S",
    ("success", "counts"): True,
    ("score", "satisfaction"): {"raw": 4, "min": 1, "max": 5},
    ("extensions", "would_recommend"): {EXTENSION_BASE + "would-recommend": False},
}


class Documented(NamedTuple):
    verb: str
    display: str
    result: dict
    context: list


def xapi_doc():
    """``{event name: Documented}`` from docs/xapi.md's table."""
    rows = (ROW.match(line) for line in DOC.read_text(encoding="utf-8").splitlines())
    return {EVENT_PREFIX + row[1]: Documented(row[2], row[3], dict(re.findall(r"`([a-z]+)` ← `([a-z_]+)`", row[4])),
                                              re.findall(r"`([a-z_]+)`", row[5])) for row in rows if row}


def iri(key):
    return EXTENSION_BASE + key.replace("_", "-")


class Captured:
    """An eventtracking backend that keeps what it is sent (the LMS's backends write the log or hand it on)."""

    def __init__(self):
        self.events = []

    def send(self, event):
        self.events.append(event)


def lms_event(name, data, user):
    """``runtime.publish(block, name, data)`` as the LMS's tracker emits it during a handler call.

    Contexts, outermost first: the request (tracking middleware), the handler call (the block), the publish
    (course and user) and ``server_track``; the request's one holds personal data the statement must not copy.
    """
    captured = Captured()
    tracker = Tracker(backends={"log": captured})
    request = {"session": SESSION, "user_id": user.pk, "username": user.username,
               "ip": IP, "agent": AGENT, "host": "lms.example.org", "referer": f"{LMS_ROOT_URL}/xblock/{USAGE}",
               "path": f"/courses/{COURSE}/xblock/{USAGE}/handler/submit_intake", "accept_language": "en",
               "client_id": None, "course_id": COURSE, "org_id": "DemoX"}
    publish = {"course_id": COURSE, "org_id": "DemoX", "enterprise_uuid": "", "user_id": user.pk, "asides": {}}
    with tracker.context("edx.request", request), \
            tracker.context("module_callback_handler", {"module": {"display_name": BLOCK_TITLE, "usage_key": USAGE}}), \
            tracker.context(name, publish), \
            tracker.context("edx.course.server", {"username": user.username, "event_source": "server",
                                                  "page": "x_module"}):
        tracker.emit(name, data)
    return captured.events[0]


def statements(event):
    """ERB's processing of one event: its backend's whitelist, then the xAPI router's whitelist and transformer."""
    backend = DjangoTracker().backends["event_transformer"]
    return backend.backends["xapi"].process_event(backend.process_event(event))


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("rm_learner", "rm.learner@example.org")


def test_the_documents_agree_on_every_event_and_key():
    events, records = documented(), xapi_doc()
    assert set(records) == set(events)
    for name, record in records.items():
        assert set(record.context) | set(record.result.values()) == events[name], name
    assert len({record.verb for record in records.values()}) == len(records), "two events share a verb"


def test_the_app_registers_a_transformer_for_every_documented_event_and_no_other(erb_settings, monkeypatch):
    monkeypatch.setattr(XApiTransformersRegistry, "mapping", {})
    apps.get_app_config("reverse_mentoring_xblock").ready()
    assert set(XApiTransformersRegistry.mapping) == set(documented())


@pytest.mark.parametrize("name", sorted(documented()))
def test_each_event_becomes_the_documented_statement(name, lms_identities, learner, caplog):
    caplog.set_level(logging.INFO, logger="xapi_tracking")
    data = {key: SAMPLE[key] for key in documented()[name]}
    [sent] = statements(lms_event(name, data, learner))
    statement, doc = Statement.from_json(json.dumps(sent)), xapi_doc()[name]

    assert statement.actor.account.home_page == LMS_ROOT_URL
    assert statement.actor.account.name == str(lms_identities.ids[learner.pk, "xapi"])
    assert (statement.verb.id, statement.verb.display["en"]) == (doc.verb, doc.display)
    assert statement.object.id == f"{LMS_ROOT_URL}/xblock/{USAGE}"
    assert statement.object.definition.type == BLOCK_ACTIVITY_TYPE
    assert [parent.id for parent in statement.context.context_activities.parent] == [f"{LMS_ROOT_URL}/course/{COURSE}"]
    extensions = dict(statement.context.extensions)
    assert set(extensions) == ERB_EXTENSIONS | {iri(key) for key in doc.context}
    assert extensions[constants.XAPI_CONTEXT_SESSION_ID] == SESSION
    assert {key: extensions[iri(key)] for key in doc.context} == {key: SAMPLE[key] for key in doc.context}
    assert sent.get("result", {}) == {field: RESULT[field, key] for field, key in doc.result.items()}

    text = json.dumps(sent)
    for personal in (learner.username, learner.email, IP, AGENT, BLOCK_TITLE):
        assert personal not in text
    logged = [json.loads(record.getMessage()) for record in caplog.records if record.name == "xapi_tracking"]
    assert logged == [sent], "the statement ERB logs for Aspects' Vector"


def test_text_in_an_event_never_reaches_the_statement(lms_identities, learner):
    data = {"participant": 41, "role": "Mentorin, ruf mich an: +49 30 123456", "reason": "Moved to Lisbon"}
    [sent] = statements(lms_event(EVENT_PREFIX + "intake.submitted", data, learner))
    extensions = sent["context"]["extensions"]
    assert extensions[iri("participant")] == 41
    assert iri("role") not in extensions
    assert "Mentorin" not in json.dumps(sent) and "Lisbon" not in json.dumps(sent)


@pytest.mark.parametrize("hooks", [(erb_hook, learning_records.plugin_settings),
                                   (learning_records.plugin_settings, erb_hook)], ids=["erb first", "ours first"])
def test_the_settings_hook_whitelists_our_events_whichever_hook_runs_first(hooks):
    configured = lms_settings(*hooks)
    with override_settings(EVENT_TRACKING_BACKENDS=configured["EVENT_TRACKING_BACKENDS"]):
        backend = DjangoTracker().backends["event_transformer"]
    router_whitelist = backend.backends["xapi"].processors[0]
    for name in [*documented(), "problem_check"]:
        event = {"name": name, "data": {}, "context": {}}
        assert router_whitelist(backend.process_event(event)) == event
    with pytest.raises(EventEmissionExit):
        backend.process_event({"name": EVENT_PREFIX + "unknown.event", "data": {}, "context": {}})
    assert set(documented()) <= configured["EVENT_BUS_TRACKING_LOGS"]


def test_running_the_settings_hook_again_adds_nothing_twice():
    configured = lms_settings(erb_hook, learning_records.plugin_settings, learning_records.plugin_settings)
    allowed = configured["EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS"]
    assert len(allowed) == len(set(allowed))


def test_without_erb_nothing_is_registered_or_configured(settings, monkeypatch):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "event_routing_backends"]
    monkeypatch.setattr(XApiTransformersRegistry, "mapping", {})
    learning_records.register()
    assert XApiTransformersRegistry.mapping == {}
    monkeypatch.setitem(sys.modules, "event_routing_backends.utils.settings", None)
    assert lms_settings(learning_records.plugin_settings) == {"LMS_ROOT_URL": LMS_ROOT_URL}
