"""The intake questionnaire: what a learner tells the program before being paired.

Pure module: turns the submitted JSON into a frozen ``Intake`` checked against the program's
catalogue and its author's own questions (``questions``), or raises ``ProblemList`` with a message per
field. How the partner may reach a learner is asked only when the program lets partners see it.
"""
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from .problems import Problem, ProblemList, _, require_object
from .questions import parse_answers
from .text import clean_line, clean_paragraph
from .vocabulary import AVAILABILITY_SLOTS, MEETING_PREFERENCES, RATINGS, ROLES, TEXT_LIMITS

FIELDS = ("role", "public_name", "ratings", "learn_topics", "teach_topics", "share_experience",
          "learn_experience", "goals", "availability", "timezone", "meeting", "team", "contact", "area_ratings",
          "questions")


@dataclass(frozen=True)
class Intake:
    """Validated answers; lists keep catalogue order so they compare and display stably."""

    role: str
    public_name: str
    ratings: dict
    learn_topics: tuple
    teach_topics: tuple
    share_experience: tuple
    learn_experience: tuple
    goals: str
    availability: tuple
    timezone: str
    meeting: str
    team: str = ""
    contact: str = ""  # how the partner may reach them: shown to the partner only, never to staff or in reports
    # How well a mentor knows each experience area before the program (the feedback asks again at the end).
    area_ratings: dict = field(default_factory=dict)
    questions: dict = field(default_factory=dict)  # the author's own questions: id -> answer ("" left blank)
    # The ids of the questions the payload answered; a form drawn before a question was added does not carry it.
    questions_sent: frozenset = field(default=frozenset(), compare=False, repr=False)

    def to_json(self):
        data = asdict(self)
        del data["questions_sent"]
        for name in ("learn_topics", "teach_topics", "share_experience", "learn_experience", "availability"):
            data[name] = list(data[name])
        return data

    def questions_over(self, stored):
        """The answers to keep when these answers update an intake whose questions hold ``stored``: those this
        payload sent; for a question it did not carry, the answer given before (one never asked stays unasked,
        to be answered with ``answer_questions``)."""
        return {question_id: answer if question_id in self.questions_sent else stored[question_id]
                for question_id, answer in self.questions.items()
                if question_id in self.questions_sent or question_id in stored}


def parse_intake(data, config):
    """Validate ``data`` (the handler's JSON) against ``config``; raise ``ProblemList`` if anything is off."""
    require_object(data, FIELDS)
    problems = []
    role = _choice(data.get("role"), ROLES, "role", _("Choose whether you join as mentor or mentee."), problems)
    name = _name(data.get("public_name"), problems)
    ratings = _ratings(data.get("ratings"), config.topic_ids, problems)
    area_ratings = _area_ratings(data.get("area_ratings", {}), role, config, problems)
    topics = config.topic_ids
    areas = config.area_ids
    learn_topics = _subset(data.get("learn_topics", []), topics, "learn_topics", problems)
    teach_topics = _subset(data.get("teach_topics", []), topics, "teach_topics", problems)
    share_experience = _subset(data.get("share_experience", []), areas, "share_experience", problems)
    learn_experience = _subset(data.get("learn_experience", []), areas, "learn_experience", problems)
    if role == "mentee" and not learn_topics:
        problems.append(Problem("learn_topics", _("Pick at least one digital topic you want to learn.")))
    if role == "mentee" and not share_experience:
        problems.append(Problem("share_experience", _("Pick at least one area of experience you can share.")))
    if role == "mentor" and not teach_topics:
        problems.append(Problem("teach_topics", _("Pick at least one digital topic you can teach.")))
    goals = clean_paragraph(data.get("goals", ""))
    if goals is None or len(goals) > TEXT_LIMITS["goals"]:
        problems.append(Problem("goals", _("Describe your goals in at most {limit} characters."),
                                {"limit": TEXT_LIMITS["goals"]}))
    availability = _subset(data.get("availability"), AVAILABILITY_SLOTS, "availability", problems)
    if not availability and not any(p.field == "availability" for p in problems):
        problems.append(Problem("availability", _("Tick at least one time when you could meet.")))
    timezone = data.get("timezone")
    if not isinstance(timezone, str) or timezone not in _timezones():
        problems.append(Problem("timezone", _("Choose your time zone from the list.")))
    meeting = _choice(data.get("meeting"), MEETING_PREFERENCES, "meeting",
                      _("Choose how you prefer to meet."), problems)
    team = _team(data.get("team", ""), config, problems)
    contact = _contact(data.get("contact", ""), config, problems)
    questions = parse_answers(data.get("questions"), config.intake_questions, problems)
    if problems:
        raise ProblemList(problems)
    sent = frozenset(data["questions"]) if isinstance(data.get("questions"), dict) else frozenset()
    return Intake(role, name, ratings, learn_topics, teach_topics, share_experience, learn_experience,
                  goals, availability, timezone, meeting, team, contact, area_ratings, questions, sent)


def _contact(value, config, problems):
    """Asked only when partners see how to reach each other; optional."""
    if not config.sharing.contact:
        return ""
    contact = clean_line(value)
    if contact is None or len(contact) > TEXT_LIMITS["contact"]:
        problems.append(Problem("contact", _("Say how your partner can reach you in at most {limit} characters."),
                                {"limit": TEXT_LIMITS["contact"]}))
    return contact or ""


def _team(value, config, problems):
    """Asked only when the program never pairs colleagues from the same team or department."""
    if not config.matching.separate_teams:
        return ""
    team = clean_line(value)
    if not team or len(team) > TEXT_LIMITS["team"]:
        problems.append(Problem("team", _("Enter your team or department (1 to {limit} characters)."),
                                {"limit": TEXT_LIMITS["team"]}))
    return team or ""


def hours_ahead(zone, of_zone, when):
    """How many hours ``zone`` is ahead of ``of_zone`` at the moment ``when`` (negative: behind)."""
    offset = when.astimezone(ZoneInfo(zone)).utcoffset() - when.astimezone(ZoneInfo(of_zone)).utcoffset()
    return offset.total_seconds() / 3600


def timezone_choices():
    """Sorted IANA names offered in the form."""
    return sorted(_timezones())


@lru_cache(maxsize=1)
def _timezones():
    """Reading the zoneinfo database is slow: do it once per process."""
    return frozenset(available_timezones()) | {"UTC"}


def _choice(value, choices, field_name, message, problems):
    if value not in choices:
        problems.append(Problem(field_name, message))
        return None
    return value


def _name(value, problems):
    name = clean_line(value)
    if not name or len(name) > TEXT_LIMITS["public_name"]:
        problems.append(Problem("public_name", _("Enter the name your partner will see (1 to {limit} characters)."),
                                {"limit": TEXT_LIMITS["public_name"]}))
    return name


def _ratings(value, topic_ids, problems):
    if not isinstance(value, dict):
        problems.append(Problem("ratings", _("Rate yourself from 0 to 4 in every topic.")))
        return {}
    ratings = {}
    for topic_id in topic_ids:
        rating = value.get(topic_id)
        if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATINGS:
            problems.append(Problem("ratings", _("Rate yourself from 0 to 4 in every topic.")))
            return {}
        ratings[topic_id] = rating
    if set(value) - set(topic_ids):
        problems.append(Problem("ratings", _("Some ratings are for topics this program does not have.")))
    return ratings


def _area_ratings(value, role, config, problems):
    """Mentors rate every experience area (what they learn from the mentee); mentees may leave them all out."""
    if role != "mentor" and (value is None or (isinstance(value, dict) and all(v is None for v in value.values()))):
        return {}
    if not isinstance(value, dict) or set(value) != set(config.area_ids) or not all(
            not isinstance(v, bool) and isinstance(v, int) and v in RATINGS for v in value.values()):
        problems.append(Problem("area_ratings", _("Rate from 0 to 4 how well you know each area of experience.")))
        return {}
    return {area_id: value[area_id] for area_id in config.area_ids}


def _subset(values, allowed, field_name, problems):
    """A duplicate-free subset of ``allowed``, returned in ``allowed`` order."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        problems.append(Problem(field_name, _("Send a list of choices.")))
        return ()
    unknown = [v for v in values if v not in allowed]
    if unknown or len(set(values)) != len(values):
        problems.append(Problem(field_name, _("Some choices are not offered by this program.")))
        return ()
    chosen = set(values)
    return tuple(v for v in allowed if v in chosen)
