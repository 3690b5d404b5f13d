"""Our tracking events as xAPI statements, through edx-event-routing-backends (ERB) where the LMS has it.

Aspects and learning record stores read xAPI statements, not the tracking log: ERB turns each event on
its whitelist into a statement with the transformer registered for the event's name. ERB is optional:
where it is not an installed app, nothing here runs, and the block never needs it. ``docs/xapi.md``
lists what each event becomes.
"""
import re
from dataclasses import dataclass

from .core.vocabulary import SATISFACTION

EVENT_PREFIX = "xblock.reverse_mentoring."
ADL = "http://adlnet.gov/expapi/verbs/"
STREAMS = "http://activitystrea.ms/schema/1.0/"
TINCAN = "http://id.tincanapi.com/verb/"
ACROSSX = "https://w3id.org/xapi/acrossx/verbs/"
EXTENSION = "https://w3id.org/xapi/openedx/extension/reverse-mentoring/"
# The type ERB gives a block in its completion statements: one activity keeps one definition in an LRS.
BLOCK_ACTIVITY_TYPE = "http://id.tincanapi.com/activitytype/resource"
# Role, pair source, report kind: lowercase words only, so no name, sentence, address or link is copied.
FIXED_WORD = re.compile(r"[a-z_]{1,32}")


@dataclass(frozen=True)
class Record:
    """What one event becomes: its verb, the keys kept as context extensions, the keys that make the result."""

    verb: str
    display: str
    context: tuple[str, ...] = ()
    result: tuple[str, ...] = ()


RECORDS = {
    "intake.submitted": Record(ADL + "registered", "registered", ("participant", "role")),
    "intake.questions_answered": Record(ADL + "answered", "answered", ("participant", "answered", "left_blank")),
    "meeting_link.updated": Record(STREAMS + "update", "updated", ("pair",)),
    "session.logged": Record(ADL + "attended", "attended", ("pair", "session"), ("minutes",)),
    "session.corrected": Record(ACROSSX + "edited", "edited", ("pair", "session")),
    "session.confirmed": Record(STREAMS + "confirm", "confirmed", ("pair", "session"), ("counts",)),
    "session.disputed": Record(STREAMS + "disagree", "disagreed", ("pair", "session")),
    "feedback.submitted": Record(TINCAN + "rated", "rated", ("pair",), ("satisfaction", "would_recommend")),
    "checkin.submitted": Record(ADL + "responded", "responded", ("pair", "working"), ("satisfaction",)),
    "reminders.set": Record(ADL + "preferred", "preferred", ("on",)),
    "meeting.proposed": Record(STREAMS + "schedule", "scheduled", ("pair", "meeting", "minutes")),
    "meeting.accepted": Record(STREAMS + "accept", "accepted", ("pair", "meeting")),
    "meeting.declined": Record(STREAMS + "reject", "rejected", ("pair", "meeting")),
    "pair.created": Record(STREAMS + "assign", "assigned", ("pair", "mentor", "mentee", "by")),
    "pair.ended": Record(STREAMS + "terminate", "terminated", ("pair",)),
    "pair.reminded": Record(STREAMS + "send", "sent", ("pair",)),
    "participant.withdrawn": Record(TINCAN + "unregistered", "unregistered", ("participant",)),
    "matching.started": Record(STREAMS + "start", "started", ("run", "automatic")),
    "matching.adjusted": Record(STREAMS + "replace", "replaced", ("run", "previous_run")),
    "proposal.left_out": Record(TINCAN + "reviewed", "reviewed", ("run", "mentor", "mentee", "left_out")),
    "report.exported": Record(TINCAN + "downloaded", "downloaded", ("kind", "anonymous")),
    "circle.posted": Record(ADL + "shared", "shared", ("post", "by_staff")),
    "circle.replied": Record(ADL + "commented", "commented", ("post", "reply", "by_staff")),
    "circle.pinned": Record(STREAMS + "favorite", "favorited", ("post",)),
    "circle.unpinned": Record(STREAMS + "unfavorite", "unfavorited", ("post",)),
    "circle.hidden": Record(STREAMS + "flag-as-inappropriate", "flagged as inappropriate", ("post",)),
    "circle.unhidden": Record(STREAMS + "approve", "approved", ("post",)),
    "circle.meeting_scheduled": Record(STREAMS + "host", "hosted", ("circle_meeting", "minutes")),
    "circle.meeting_cancelled": Record(STREAMS + "cancel", "cancelled", ("circle_meeting",)),
}


def extension(key):
    """The IRI of one event key as an xAPI extension."""
    return EXTENSION + key.replace("_", "-")


# How a result key enters the statement's result: a length as a duration, a yes/no as success, a rating as a score.
RESULT_PARTS = {
    "minutes": lambda minutes: {"duration": f"PT{minutes}M"},
    "counts": lambda counts: {"success": counts},
    "satisfaction": lambda rating: {"score": {"raw": rating, "min": SATISFACTION[0], "max": SATISFACTION[-1]}},
    "would_recommend": lambda answer: {"extensions": {extension("would_recommend"): answer}},
}


def event_names():
    """The full tracking-log names of the events ERB should turn into statements."""
    return [EVENT_PREFIX + name for name in RECORDS]


def plain(value):
    """An id, a number, a yes/no or a fixed word: all a statement may carry."""
    return isinstance(value, bool | int) or (isinstance(value, str) and FIXED_WORD.fullmatch(value) is not None)


def kept(data, keys):
    """The listed keys of an event's data whose values are plain; anything else stays behind."""
    return {key: data[key] for key in keys if key in data and plain(data[key])}


def register():
    """Register a transformer for each of our events with ERB's xAPI registry, where ERB is an installed app.

    Called from ``AppConfig.ready()``: ERB transforms in the LMS's Celery workers, which never import the
    block. Importing ERB's transformers outside its app fails (its models need the app), hence the check.
    """
    from django.apps import apps
    if not apps.is_installed("event_routing_backends"):
        return
    from event_routing_backends.processors.xapi.registry import XApiTransformersRegistry
    transformer = _transformer_class()
    for name in event_names():
        XApiTransformersRegistry.register(name)(transformer)


def plugin_settings(settings):
    """LMS settings hook: put our events on ERB's xAPI whitelist, then rebuild ERB's backend with it.

    ERB's own hook freezes the whitelist into ``EVENT_TRACKING_BACKENDS`` and may run before or after
    this one, so this one rebuilds the backend as ERB's does; either order ends with our names allowed.
    """
    try:
        from event_routing_backends.utils.settings import event_tracking_backends_config
    except ImportError:
        return
    allowed = list(getattr(settings, "EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS", []))
    allowed += [name for name in event_names() if name not in allowed]
    settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS = allowed
    caliper = getattr(settings, "EVENT_TRACKING_BACKENDS_ALLOWED_CALIPER_EVENTS", [])
    backends = getattr(settings, "EVENT_TRACKING_BACKENDS", None) or {}
    backends.update(event_tracking_backends_config(settings, allowed, caliper))
    settings.EVENT_TRACKING_BACKENDS = backends
    if hasattr(settings, "EVENT_BUS_TRACKING_LOGS"):
        settings.EVENT_BUS_TRACKING_LOGS = set(settings.EVENT_BUS_TRACKING_LOGS) | set(event_names())


def _transformer_class():
    """ERB's base transformer taught our events (built on demand: ERB and tincan exist only where ERB runs)."""
    from event_routing_backends.processors.xapi.transformer import XApiTransformer
    from tincan import Activity, ActivityDefinition, LanguageMap, Result, Verb

    class ProgramStatement(XApiTransformer):
        """The caller did <verb> in this block: ERB's anonymous actor, course context, timestamp and id."""

        additional_fields = ("result",)

        @property
        def record(self):
            return RECORDS[self.get_data("name", True).removeprefix(EVENT_PREFIX)]

        @property
        def _verb(self):
            """What ERB's ``get_verb`` returns through its filters; one class serves every event."""
            return Verb(id=self.record.verb, display=LanguageMap({"en": self.record.display}))

        def extract_sessionid(self):
            """The browser session, where the LMS puts it: ERB's own lookup would find our ``session`` number first."""
            return self.event.get("session") or self.get_data("context.session")

        def get_object(self):
            """The block, under the IRI ERB gives it; every statement of one program names the same activity."""
            return Activity(id=self.get_object_iri("xblock", self.get_data("context.module.usage_key")),
                            definition=ActivityDefinition(type=BLOCK_ACTIVITY_TYPE))

        def get_context_extensions(self):
            """ERB's own extensions plus the event's ids (per statement, so not in the activity's definition)."""
            extensions = super().get_context_extensions()
            for key, value in kept(self.get_data("data") or {}, self.record.context).items():
                extensions[extension(key)] = value
            return extensions

        def get_result(self):
            parts = {}
            for key, value in kept(self.get_data("data") or {}, self.record.result).items():
                parts.update(RESULT_PARTS[key](value))
            return Result(**parts) if parts else None

    return ProgramStatement
