"""Words for the vocabulary's values, as msgids the views translate with the viewer's language."""
from ..core.matching import NO_CAPACITY, NO_COMPATIBLE_PARTNER, NO_MENTEE_LEFT
from ..core.problems import _
from ..core.vocabulary import (
    DAY_PARTS,
    GOAL_KINDS,
    MATCH_COMPONENTS,
    MEETING_PREFERENCES,
    QUESTION_AUDIENCES,
    QUESTION_KINDS,
    ROLES,
    WEEKDAYS,
    Health,
    PairStatus,
    SessionStatus,
    StaffActionKind,
    Stage,
)

ROLE_LABELS = dict(zip(ROLES, (_("Mentor"), _("Mentee"))))
# Whole sentences per role: a role word set into a sentence would need its own case and article in translation.
JOINED_AS = dict(zip(ROLES, (_("You joined as a mentor."), _("You joined as a mentee."))))
PARTNER_TITLES = dict(zip(ROLES, (_("Your partner (you are the mentor)"), _("Your partner (you are the mentee)"))))
WEEKDAY_LABELS = dict(zip(WEEKDAYS, (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
                                     _("Saturday"), _("Sunday"))))
DAY_PART_LABELS = dict(zip(DAY_PARTS, (_("Morning"), _("Afternoon"), _("Evening"))))
MEETING_LABELS = dict(zip(MEETING_PREFERENCES, (_("Remote"), _("In person"), _("Either"))))
GOAL_KIND_LABELS = dict(zip(GOAL_KINDS, (_("Digital transformation"), _("Diversity and inclusion"),
                                         _("Both digital transformation and inclusion"), _("A goal of its own"))))
QUESTION_KIND_LABELS = dict(zip(QUESTION_KINDS, (_("In their own words"), _("By one of the choices"))))
QUESTION_AUDIENCE_LABELS = dict(zip(QUESTION_AUDIENCES, (
    _("The partner and course staff"), _("Course staff only"), _("The partner only"))))
# What a learner reads under one of the author's questions: who will read their answer.
QUESTION_AUDIENCE_HINTS = dict(zip(QUESTION_AUDIENCES, (
    _("Your partner and course staff read your answer."), _("Only course staff read your answer."),
    _("Only your partner reads your answer, once you are paired."))))
SESSION_STATUS_LABELS = {
    SessionStatus.LOGGED: _("Waiting for confirmation"),
    SessionStatus.CONFIRMED: _("Confirmed"),
    SessionStatus.DISPUTED: _("Disputed"),
}
NOT_COUNTED = _("Confirmed, does not count")
CHECKIN_LABELS = {"yes": _("Yes"), "partly": _("Partly"), "no": _("No")}  # is the mentoring working for you?
PAIR_STATUS_LABELS = {PairStatus.ACTIVE: _("Active"), PairStatus.COMPLETED: _("Completed"),
                      PairStatus.ENDED: _("Ended")}
RATING_LABELS = (_("0 - never used"), _("1 - beginner"), _("2 - basic"), _("3 - confident"), _("4 - expert"))
AREA_RATING_LABELS = (_("0 - new to me"), _("1 - a little"), _("2 - some"), _("3 - well"), _("4 - very well"))
WAITLIST_LABELS = {
    NO_CAPACITY: _("every mentor who suits them is full"),
    NO_COMPATIBLE_PARTNER: _("the program's rules allow no partner"),
    NO_MENTEE_LEFT: _("no mentee left to pair"),
}
COMPONENT_LABELS = dict(zip(MATCH_COMPONENTS, (_("Digital"), _("Reverse"), _("Goals"), _("Availability"),
                                                _("Time zone"), _("Meeting"))))
HEALTH_LABELS = dict(zip(Health.ALL, (_("On track"), _("Behind"), _("Stalled"), _("Disputed"))))
STAGE_LABELS = dict(zip(Stage.ALL, (_("Waiting"), _("Paired"), _("Completed"), _("Pair ended, waiting again"),
                                    _("Withdrawn"))))
STAFF_ACTION_LABELS = dict(zip(StaffActionKind.ALL, (_("Paired by staff"), _("Paired from accepted matching"),
                                                     _("Pair ended by staff"), _("Learner reset by staff"),
                                                     _("Participant withdrawn by staff"))))
SORT_LABELS = {"created": _("Date paired"), "mentor": _("Mentor"), "mentee": _("Mentee"),
               "confirmed": _("Confirmed sessions"), "last_session": _("Last session"), "health": _("Health"),
               "joined": _("Date joined"), "name": _("Name"), "stage": _("Stage"), "role": _("Role")}


def session_status_label(session, gettext):
    """A session's status in words; a confirmed one that does not count towards the plan says so."""
    if session.status == SessionStatus.CONFIRMED and not session.counts:
        return gettext(NOT_COUNTED)
    return gettext(SESSION_STATUS_LABELS[session.status])
