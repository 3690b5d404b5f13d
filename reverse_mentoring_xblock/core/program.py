"""Author settings -> a validated ``ProgramConfig``.

Pure module (no Django, no XBlock): the block hands it the raw field values and gets back either a
frozen configuration that every other layer can trust, or every problem found, so Studio can show
them all at once.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from .problems import Problem, ProblemList, _
from .questions import parse_questions
from .vocabulary import (
    DEFAULT_MATCH_WEIGHTS,
    GOAL_KINDS,
    MATCH_COMPONENTS,
    SETTING_BOUNDS,
    SLUG_PATTERN,
    TEXT_LIMITS,
)

FIRST_SESSION_WITHIN_DAYS = 7

DEFAULT_TOPICS = (
    {"id": "linkedin", "title": _("LinkedIn and your professional profile"), "items": [
        {"id": "profile", "title": _("Update headline, photo and summary")},
        {"id": "connect", "title": _("Connect with ten colleagues or partners")},
        {"id": "engage", "title": _("Comment on or share a post")},
        {"id": "visibility", "title": _("Review who can see your activity")},
    ]},
    {"id": "social-media", "title": _("Professional social media"), "items": [
        {"id": "platform", "title": _("Choose one platform to follow your industry")},
        {"id": "follow", "title": _("Follow five relevant voices")},
        {"id": "policy", "title": _("Read the organisation's social media guidelines")},
        {"id": "post", "title": _("Publish a short post about your work")},
    ]},
    {"id": "video-meetings", "title": _("Video meetings"), "items": [
        {"id": "host", "title": _("Host a meeting from laptop and phone")},
        {"id": "share-screen", "title": _("Share your screen or a single window")},
        {"id": "controls", "title": _("Use mute, camera, reactions and chat")},
        {"id": "recording", "title": _("Record a meeting and find the recording")},
        {"id": "setup", "title": _("Set up background, light and sound")},
    ]},
    {"id": "collaboration", "title": _("Collaboration tools"), "items": [
        {"id": "channel", "title": _("Post in a team channel and reply in a thread")},
        {"id": "co-edit", "title": _("Co-edit a shared document")},
        {"id": "find", "title": _("Find a file or message by search")},
        {"id": "status", "title": _("Set your status and notifications")},
    ]},
    {"id": "ai-assistants", "title": _("AI assistants"), "items": [
        {"id": "summarise", "title": _("Ask an assistant to summarise a document")},
        {"id": "draft", "title": _("Draft an email with an assistant and edit it")},
        {"id": "verify", "title": _("Check an answer against a reliable source")},
        {"id": "data-rules", "title": _("Know which data must never be pasted in")},
    ]},
    {"id": "online-safety", "title": _("Online safety"), "items": [
        {"id": "phishing", "title": _("Spot a phishing message")},
        {"id": "passwords", "title": _("Use a password manager")},
        {"id": "two-factor", "title": _("Turn on two-factor authentication")},
        {"id": "devices", "title": _("Lock and update your devices")},
    ]},
    {"id": "mobile", "title": _("Smartphone productivity"), "items": [
        {"id": "calendar", "title": _("Manage your calendar on the phone")},
        {"id": "scan", "title": _("Scan a document with the camera")},
        {"id": "dictation", "title": _("Write a message by voice dictation")},
    ]},
    {"id": "data-dashboards", "title": _("Data and dashboards"), "items": [
        {"id": "read", "title": _("Read a team dashboard and its filters")},
        {"id": "spreadsheet", "title": _("Filter and sort a spreadsheet")},
        {"id": "chart", "title": _("Build a simple chart")},
    ]},
)

# The suggested agenda of the first session; the other sessions have none until an author writes one.
DEFAULT_SESSION_AGENDA = (
    _("Getting to know you: roles, what each can teach, what each wants to learn, how you will meet"),
)

DEFAULT_EXPERIENCE_AREAS = (
    {"id": "leadership", "title": _("Leadership and managing people")},
    {"id": "stress", "title": _("Stress management and resilience")},
    {"id": "organisation", "title": _("How the organisation works")},
    {"id": "career", "title": _("Career decisions")},
    {"id": "clients", "title": _("Client relationships and negotiation")},
)


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a pair can tick off within a topic."""

    id: str
    title: str


@dataclass(frozen=True)
class Topic:
    """A digital-tool area with its checklist."""

    id: str
    title: str
    items: tuple


@dataclass(frozen=True)
class ExperienceArea:
    """What mentees share back with their mentor."""

    id: str
    title: str


@dataclass(frozen=True)
class SessionPlan:
    """How many sessions a pair plans, how long, and how often."""

    count: int
    minutes: int
    cadence_days: int
    min_gap_days: int = 1  # days between sessions that count (``pace.counts_towards_plan``); 0: any day

    @property
    def first_session_within_days(self):
        return min(FIRST_SESSION_WITHIN_DAYS, self.cadence_days)

    @property
    def target_offsets(self):
        """Days from pairing to each target: first session within a week, then one every ``cadence_days``."""
        return [self.first_session_within_days + self.cadence_days * index for index in range(self.count)]

    def target_dates(self, start):
        return [start + timedelta(days=offset) for offset in self.target_offsets]


@dataclass(frozen=True)
class GradingPolicy:
    """Share of the grade per progress component; always sums to 1."""

    sessions: float
    checklist: float
    feedback: float

    @classmethod
    def from_weights(cls, sessions, checklist, feedback):
        total = sessions + checklist + feedback
        return cls(sessions / total, checklist / total, feedback / total)


@dataclass(frozen=True)
class MatchingPolicy:
    """How automatic matching scores candidates and which rules it must respect."""

    weights: dict  # component -> share, summing to 1
    mentor_capacity: int
    separate_teams: bool
    require_mentor_advantage: bool
    auto_match_min: int  # 0: staff start matching themselves


@dataclass(frozen=True)
class MonitoringPolicy:
    """How staff follow the pairs: when a quiet pair counts as stalled, whether they may read session notes,
    whether a pair reads why staff ended it."""

    grace_days: int
    staff_see_notes: bool
    pairs_see_end_reason: bool = False
    remind_days: int = 3  # how soon before a session is due, and how long after one waits, partners are reminded


LINKS_NOT_SHARED = _("This program does not share meeting links: agree with your partner on where to meet.")


@dataclass(frozen=True)
class SharingPolicy:
    """What partners share with each other: a meeting link both may set, and how each can be reached."""

    meeting_link: bool = True
    contact: bool = True


@dataclass(frozen=True)
class ProgramConfig:
    """Everything the domain layer needs to know about one program's settings."""

    goal: str
    topics: tuple
    experience_areas: tuple
    plan: SessionPlan
    grading: GradingPolicy
    matching: MatchingPolicy
    monitoring: MonitoringPolicy = MonitoringPolicy(grace_days=14, staff_see_notes=False)
    goal_kind: str = "digital"  # one of ``GOAL_KINDS``
    session_agenda: tuple = ()  # a suggested agenda per planned session, "" where there is none
    sharing: SharingPolicy = SharingPolicy()
    intake_questions: tuple = ()  # ``questions.IntakeQuestion``, asked after the built-in questions
    group_question: str = ""  # the id of the choice question whose answers are self-described groups, or ""
    circle_open_to_mentees: bool = False  # mentees read and write in the mentor circle too
    # Titles of checklist items removed since pairs ticked them ("topic/item" -> title), kept to show their history.
    retired_items: dict = field(default_factory=dict, compare=False)
    _topics_by_id: dict = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "_topics_by_id", {topic.id: topic for topic in self.topics})

    def topic(self, topic_id):
        return self._topics_by_id.get(topic_id)

    @property
    def topic_ids(self):
        return tuple(self._topics_by_id)

    @property
    def area_ids(self):
        return tuple(area.id for area in self.experience_areas)

    def focus_topics(self, wanted):
        """Topics a pair works on: those the mentee wants to learn that the catalogue still has, else all."""
        return [topic_id for topic_id in wanted if topic_id in self._topics_by_id] or list(self.topic_ids)

    def learned_in(self, role, mentee_answers):
        """What a partner learns, which the feedback asks about: mentees the digital topics they chose, mentors
        the experience areas their mentee shares (ids in the catalogue's order)."""
        if role == "mentor":
            shared = set(mentee_answers.get("share_experience", []))
            return [area_id for area_id in self.area_ids if area_id in shared]
        return self.focus_topics(mentee_answers.get("learn_topics", []))

    def agenda_of(self, number):
        """The suggested agenda of planned session ``number`` (from 1), ``""`` when it has none."""
        return self.session_agenda[number - 1] if 0 < number <= len(self.session_agenda) else ""

    def checklist_keys(self, topic_ids):
        """(topic id, item id) of every current item in the given topics, in catalogue order."""
        wanted = set(topic_ids)
        return [(topic.id, item.id) for topic in self.topics if topic.id in wanted for item in topic.items]


def translated_defaults(gettext):
    """The default catalogue with titles in the viewer's language."""
    topics = [
        {"id": t["id"], "title": gettext(t["title"]),
         "items": [{"id": i["id"], "title": gettext(i["title"])} for i in t["items"]]}
        for t in DEFAULT_TOPICS
    ]
    areas = [{"id": a["id"], "title": gettext(a["title"])} for a in DEFAULT_EXPERIENCE_AREAS]
    return topics, areas


def translated_agenda(gettext):
    """The default session agenda in the viewer's language."""
    return [gettext(text) for text in DEFAULT_SESSION_AGENDA]


def build_config(*, goal, topics, experience_areas, sessions_planned, session_minutes, cadence_days,
                 grading_weights, match_weights=None, mentor_capacity=1, separate_teams=False,
                 require_mentor_advantage=False, auto_match_min=0, stall_grace_days=14, staff_see_notes=False,
                 pairs_see_end_reason=False, min_days_between_sessions=1, goal_kind="digital", session_agenda=(),
                 pairs_share_link=True, pairs_share_contact=True, intake_questions=(), circle_open_to_mentees=False,
                 reminder_days=3, group_question=""):
    """Validate raw author settings; raise ``ProblemList`` listing every problem found."""
    problems = []
    goal_text = _clean_text(goal, "goal", TEXT_LIMITS["program_goal"], problems, required=False)
    if goal_kind not in GOAL_KINDS:
        problems.append(Problem("goal_kind", _("Choose what the program is for.")))
    parsed_topics = _parse_topics(topics, problems)
    parsed_areas = _parse_titled_list(experience_areas, "experience_areas", problems)
    plan_values = [
        _bounded_int(value, name, problems)
        for name, value in (("sessions_planned", sessions_planned), ("session_minutes", session_minutes),
                            ("cadence_days", cadence_days), ("min_days_between_sessions", min_days_between_sessions))
    ]
    grading = _parse_grading(grading_weights, problems)
    matching = _parse_matching(match_weights or DEFAULT_MATCH_WEIGHTS, mentor_capacity, separate_teams,
                               require_mentor_advantage, auto_match_min, problems)
    grace_days = _bounded_int(stall_grace_days, "stall_grace_days", problems)
    remind_days = _bounded_int(reminder_days, "reminder_days", problems)
    planned = None if any(problem.field == "sessions_planned" for problem in problems) else sessions_planned
    agenda = _parse_agenda(session_agenda, planned, problems)
    questions = parse_questions(intake_questions, problems)
    group = _parse_group_question(group_question, intake_questions, questions, problems)
    for name, value in (("staff_see_notes", staff_see_notes), ("pairs_see_end_reason", pairs_see_end_reason),
                        ("pairs_share_link", pairs_share_link), ("pairs_share_contact", pairs_share_contact),
                        ("circle_open_to_mentees", circle_open_to_mentees)):
        if not isinstance(value, bool):
            problems.append(Problem(name, _("Choose yes or no.")))
    if problems:
        raise ProblemList(problems)
    return ProgramConfig(
        goal=goal_text,
        topics=tuple(parsed_topics),
        experience_areas=tuple(ExperienceArea(**area) for area in parsed_areas),
        plan=SessionPlan(*plan_values),
        grading=grading,
        matching=matching,
        monitoring=MonitoringPolicy(grace_days, bool(staff_see_notes), bool(pairs_see_end_reason), remind_days),
        goal_kind=goal_kind,
        session_agenda=agenda,
        sharing=SharingPolicy(pairs_share_link, pairs_share_contact),
        intake_questions=questions,
        group_question=group,
        circle_open_to_mentees=circle_open_to_mentees,
    )


def _parse_agenda(raw, planned, problems):
    """One text per planned session (``""``: none), at most ``TEXT_LIMITS["agenda"]`` characters each; ``planned``
    is ``None`` when the number of sessions is itself wrong. A text for a session beyond the plan is a problem
    rather than dropped: the author may have meant to plan more sessions."""
    limit = TEXT_LIMITS["agenda"]
    if not isinstance(raw, (list, tuple)) or not all(isinstance(text, str) for text in raw):
        problems.append(Problem("session_agenda", _("Give the agenda as a list of texts, one per planned session.")))
        return ()
    texts = [text.strip() for text in raw]
    for number, text in enumerate(texts, start=1):
        if len(text) > limit:
            problems.append(Problem(f"session_agenda.{number - 1}",
                                    _("Session {number}: keep the agenda to at most {limit} characters."),
                                    {"number": number, "limit": limit}))
    if planned is None:
        return ()
    beyond = [number for number, text in enumerate(texts, start=1) if text and number > planned]
    if beyond:
        problems.append(Problem("session_agenda", _("Session {number} has an agenda, but the plan stops at session "
                                                    "{count}: remove it, or plan more sessions."),
                                {"number": beyond[0], "count": planned}))
    return tuple(texts[:planned]) + ("",) * (planned - len(texts))


def _parse_group_question(value, raw_questions, questions, problems):
    """The id of the choice question whose answers the staff overview compares as self-described groups, or "".
    A question that has problems of its own is not named a second time."""
    if value == "":
        return ""
    if not isinstance(value, str):
        problems.append(Problem("group_question", _("Choose one of your own choice questions, or none.")))
        return ""
    question = next((question for question in questions if question.id == value), None)
    if question is None:
        entries = raw_questions if isinstance(raw_questions, (list, tuple)) else ()  # else named already
        if entries is raw_questions and value not in {entry.get("id") for entry in entries if isinstance(entry, dict)}:
            problems.append(Problem("group_question", _("The question for self-described groups is not among your "
                                                        "own intake questions: choose another one, or none.")))
    elif question.kind != "choice":
        problems.append(Problem("group_question", _("The question for self-described groups must be answered by "
                                                    "one of its choices.")))
    return value


def _clean_text(value, field_name, max_length, problems, required=True):
    if not isinstance(value, str):
        problems.append(Problem(field_name, _("Enter text.")))
        return ""
    text = value.strip()
    if required and not text:
        problems.append(Problem(field_name, _("This cannot be empty.")))
    elif len(text) > max_length:
        problems.append(Problem(field_name, _("Use at most {limit} characters."), {"limit": max_length}))
    return text


def _bounded_int(value, field_name, problems):
    low, high = SETTING_BOUNDS[field_name]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.append(Problem(field_name, _("Enter a whole number from {low} to {high}."),
                                {"low": low, "high": high}))
        return low
    return value


def _parse_titled_list(raw, field_name, problems, limits_key=None):
    """Parse ``[{"id": slug, "title": text}, ...]`` with unique slugs."""
    low, high = SETTING_BOUNDS[limits_key or field_name]
    if not isinstance(raw, (list, tuple)) or not low <= len(raw) <= high:
        problems.append(Problem(field_name, _("Give between {low} and {high} entries."), {"low": low, "high": high}))
        return []
    parsed, seen = [], set()
    for position, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            problems.append(Problem(field_name, _("Entry {position} must have an id and a title."),
                                    {"position": position}))
            continue
        entry_id, title = entry.get("id"), entry.get("title")
        if not isinstance(entry_id, str) or not SLUG_PATTERN.match(entry_id):
            problems.append(Problem(
                field_name,
                _("Entry {position}: the id must be lower-case letters, digits, '-' or '_' (at most 64)."),
                {"position": position}))
            continue
        if entry_id in seen:
            problems.append(Problem(field_name, _("The id '{id}' is used twice."), {"id": entry_id}))
            continue
        if not isinstance(title, str) or not title.strip() or len(title.strip()) > TEXT_LIMITS["title"]:
            problems.append(Problem(field_name, _("Entry '{id}' needs a title of 1 to {limit} characters."),
                                    {"id": entry_id, "limit": TEXT_LIMITS["title"]}))
            continue
        seen.add(entry_id)
        parsed.append({"id": entry_id, "title": title.strip()})
    return parsed


def _parse_topics(raw, problems):
    topics = []
    for entry in _parse_titled_list(raw, "topics", problems):
        source = next(t for t in raw if isinstance(t, dict) and t.get("id") == entry["id"])
        item_problems = []
        items = _parse_titled_list(source.get("items"), "topics", item_problems, limits_key="items_per_topic")
        for problem in item_problems:
            problems.append(Problem("topics", _("Topic '{topic}': {problem}"),
                                    {"topic": entry["id"], "problem": problem}))
        topics.append(Topic(entry["id"], entry["title"], tuple(ChecklistItem(**item) for item in items)))
    return topics


def _parse_matching(weights, capacity, separate_teams, require_advantage, auto_min, problems):
    low, high = SETTING_BOUNDS["match_weight"]
    values = weights if isinstance(weights, dict) else {}
    if set(values) != set(MATCH_COMPONENTS) or not all(
            not isinstance(v, bool) and isinstance(v, (int, float)) and low <= v <= high for v in values.values()):
        problems.append(Problem("match_weights", _("Give a weight from {low} to {high} for each of: {names}."),
                                {"low": low, "high": high, "names": ", ".join(MATCH_COMPONENTS)}))
        return None
    total = sum(values.values())
    if total <= 0:
        problems.append(Problem("match_weights", _("At least one matching weight must be above zero.")))
        return None
    capacity = _bounded_int(capacity, "mentor_capacity", problems)
    auto_min = _bounded_int(auto_min, "auto_match_min", problems)
    for name, flag in (("separate_teams", separate_teams), ("require_mentor_advantage", require_advantage)):
        if not isinstance(flag, bool):
            problems.append(Problem(name, _("Choose yes or no.")))
    return MatchingPolicy({name: values[name] / total for name in MATCH_COMPONENTS}, capacity,
                          bool(separate_teams), bool(require_advantage), auto_min)


def _parse_grading(weights, problems):
    low, high = SETTING_BOUNDS["grading_weight"]
    if not isinstance(weights, dict):
        problems.append(Problem("grading_weights", _("Give a weight for sessions, checklist and feedback.")))
        return None
    values = []
    for name in ("sessions", "checklist", "feedback"):
        value = weights.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            problems.append(Problem("grading_weights", _("The {name} weight must be a number from {low} to {high}."),
                                    {"name": name, "low": low, "high": high}))
            return None
        values.append(float(value))
    if sum(values) <= 0:
        problems.append(Problem("grading_weights", _("At least one grading weight must be above zero.")))
        return None
    return GradingPolicy.from_weights(*values)
