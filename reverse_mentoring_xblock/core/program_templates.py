"""Program templates: complete author settings an author starts from in the Studio editor.

Pure data. Each template is a full set of the settings ``build_config`` validates (all but the problem
weight, which belongs to the course's grading), shaped after a kind of program that has been run: its
matching weights lean on what the program is for. Titles and texts are msgids, translated when shown.
"""
from dataclasses import dataclass

from .problems import _
from .program import DEFAULT_EXPERIENCE_AREAS, DEFAULT_SESSION_AGENDA, DEFAULT_TOPICS


@dataclass(frozen=True)
class ProgramTemplate:
    """A named starting point: ``settings`` maps each author setting's field name to its value."""

    id: str
    title: str
    summary: str
    settings: dict


def _shipped_topic(topic_id):
    """A topic of the default catalogue, so that templates reuse its wording (and translations)."""
    return next(topic for topic in DEFAULT_TOPICS if topic["id"] == topic_id)


GETTING_TO_KNOW_YOU = {"id": "getting-to-know-you", "title": _("Getting to know each other"), "items": [
    {"id": "roles", "title": _("Tell each other about your work and your digital habits")},
    {"id": "topics", "title": _("Agree on the topics for the next sessions")},
    {"id": "rhythm", "title": _("Agree on when and how you meet")},
]}

DIGITAL_TRANSFORMATION = ProgramTemplate(
    id="digital-six-monthly",
    title=_("Digital transformation: 6 sessions of 60 minutes, monthly"),
    summary=_("Six one-hour sessions a month apart, the first one to get to know each other; matching leans on "
              "the digital topics mentees want and how well mentors know them."),
    settings={
        "display_name": _("Digital reverse mentoring"),
        "program_goal": _("In six one-hour sessions, one a month, a digitally fluent colleague helps an experienced "
                          "one try out the tools of a digital workplace, and learns from their experience in "
                          "return. The first session is for getting to know each other and choosing the topics."),
        "goal_kind": "digital",
        "group_question": "",
        "topics": [GETTING_TO_KNOW_YOU, *(_shipped_topic(topic_id) for topic_id in (
            "linkedin", "social-media", "collaboration", "online-safety", "ai-assistants"))],
        "experience_areas": list(DEFAULT_EXPERIENCE_AREAS),
        "intake_questions": [],
        "sessions_planned": 6, "session_minutes": 60, "cadence_days": 30, "min_days_between_sessions": 7,
        "session_agenda": [
            _("Getting to know each other: your work, your digital habits, the topics you choose and when you meet"),
            _("LinkedIn: review the mentee's profile together and connect with a few colleagues"),
            _("Professional social media: choose where to follow your field, and read the organisation's "
              "guidelines"),
            _("Collaboration tools: a team channel, a shared document, finding things by search"),
            _("Online safety, then AI assistants: spot phishing, turn on two-factor authentication, try an "
              "assistant on a real task"),
            _("Looking back: what each learned, what the mentee will keep practising, and the feedback"),
        ],
        "stall_grace_days": 14,
        "reminder_days": 3,
        "grading_weights": {"sessions": 50, "checklist": 40, "feedback": 10},
        "match_weights": {"digital": 50, "reverse": 10, "goals": 10, "availability": 15, "time_zone": 10,
                          "meeting": 5},
        "mentor_capacity": 1, "separate_teams": False, "require_mentor_advantage": True, "auto_match_min": 0,
        "staff_see_notes": False, "pairs_see_end_reason": False, "pairs_share_link": True,
        "pairs_share_contact": True, "circle_open_to_mentees": False,
    },
)

YEAR_WITH_MENTOR_CIRCLE = ProgramTemplate(
    id="monthly-year-circle",
    title=_("Monthly for a year, with a mentor circle"),
    summary=_("Twelve sessions about 30 days apart; the mentors also meet as a circle to support each other. "
              "Matching weighs digital topics, shared experience and goals alike."),
    settings={
        "display_name": _("A year of reverse mentoring"),
        "program_goal": _("Pairs meet at least once a month for a year, so that trust and new habits have time to "
                          "grow. Mentors also meet regularly as a circle to share what works and support each "
                          "other."),
        "goal_kind": "both",
        "group_question": "",
        "topics": [dict(topic) for topic in DEFAULT_TOPICS],
        "experience_areas": list(DEFAULT_EXPERIENCE_AREAS),
        "intake_questions": [
            {"id": "mentor-circle", "text": _("Mentors: would you like to join the mentor circle?"), "kind": "choice",
             "choices": [_("Yes"), _("Not now")], "required": False, "shown_to": "staff"},
        ],
        "sessions_planned": 12, "session_minutes": 60, "cadence_days": 30, "min_days_between_sessions": 14,
        "session_agenda": list(DEFAULT_SESSION_AGENDA),
        "stall_grace_days": 21,
        "reminder_days": 3,
        "grading_weights": {"sessions": 70, "checklist": 15, "feedback": 15},
        "match_weights": {"digital": 25, "reverse": 25, "goals": 20, "availability": 15, "time_zone": 10,
                          "meeting": 5},
        "mentor_capacity": 1, "separate_teams": True, "require_mentor_advantage": False, "auto_match_min": 0,
        "staff_see_notes": False, "pairs_see_end_reason": False, "pairs_share_link": True,
        "pairs_share_contact": True, "circle_open_to_mentees": False,
    },
)

DIVERSITY_AND_INCLUSION = ProgramTemplate(
    id="diversity-inclusion",
    title=_("Diversity and inclusion"),
    summary=_("Colleagues from under-represented groups mentor leaders, who share how the organisation works in "
              "return; matching leans on the experience each side wants to share."),
    settings={
        "display_name": _("Inclusion reverse mentoring"),
        "program_goal": _("Colleagues from groups that are under-represented in leadership mentor senior leaders: "
                          "they share what working here is like for them and show the tools they use every day. "
                          "Leaders share how careers and decisions are made here. Both learn to see the "
                          "organisation through the other's eyes."),
        "goal_kind": "inclusion",
        "group_question": "",
        "topics": [
            {"id": "inclusive-meetings", "title": _("Inclusive online meetings"), "items": [
                {"id": "captions", "title": _("Turn on live captions")},
                {"id": "agenda", "title": _("Share the agenda before the meeting")},
                {"id": "every-voice", "title": _("Use the chat and raised hands so that everyone is heard")},
            ]},
            {"id": "accessible-documents", "title": _("Accessible documents"), "items": [
                {"id": "headings", "title": _("Structure a document with headings")},
                {"id": "alt-text", "title": _("Describe images with alternative text")},
                {"id": "checker", "title": _("Run the accessibility checker")},
            ]},
            {"id": "inclusive-writing", "title": _("Inclusive writing online"), "items": [
                {"id": "language", "title": _("Review a post for inclusive language")},
                {"id": "pronouns", "title": _("Decide whether to show your pronouns in your profile")},
            ]},
            _shipped_topic("collaboration"),
            _shipped_topic("social-media"),
        ],
        "experience_areas": [
            {"id": "career-paths", "title": _("Career paths and sponsorship")},
            {"id": "decisions", "title": _("How decisions about people are made")},
            {"id": "networks", "title": _("Building a network across the organisation")},
            {"id": "inclusive-leadership", "title": _("Leading inclusive teams")},
            {"id": "being-heard", "title": _("Being heard in senior meetings")},
        ],
        "intake_questions": [],
        "sessions_planned": 6, "session_minutes": 60, "cadence_days": 30, "min_days_between_sessions": 7,
        "session_agenda": list(DEFAULT_SESSION_AGENDA),
        "stall_grace_days": 14,
        "reminder_days": 3,
        "grading_weights": {"sessions": 60, "checklist": 10, "feedback": 30},
        "match_weights": {"digital": 10, "reverse": 40, "goals": 20, "availability": 15, "time_zone": 10,
                          "meeting": 5},
        "mentor_capacity": 1, "separate_teams": True, "require_mentor_advantage": False, "auto_match_min": 0,
        "staff_see_notes": False, "pairs_see_end_reason": True, "pairs_share_link": True,
        "pairs_share_contact": True, "circle_open_to_mentees": False,
    },
)

TEMPLATES = (DIGITAL_TRANSFORMATION, YEAR_WITH_MENTOR_CIRCLE, DIVERSITY_AND_INCLUSION)
TRANSLATED_TEXTS = ("display_name", "program_goal")


def translated_settings(template, gettext):
    """The template's settings with every title and text in the viewer's language (fresh lists and dicts)."""
    def titled(entries):
        return [{**entry, "title": gettext(entry["title"]),
                 **({"items": titled(entry["items"])} if "items" in entry else {})} for entry in entries]
    settings = {name: dict(value) if isinstance(value, dict) else value for name, value in template.settings.items()}
    settings.update({name: gettext(template.settings[name]) for name in TRANSLATED_TEXTS})
    settings["topics"] = titled(template.settings["topics"])
    settings["experience_areas"] = titled(template.settings["experience_areas"])
    settings["session_agenda"] = [gettext(text) if text else "" for text in template.settings["session_agenda"]]
    settings["intake_questions"] = [
        {**question, "text": gettext(question["text"]), "choices": [gettext(text) for text in question["choices"]]}
        for question in template.settings["intake_questions"]]
    return settings
