"""Words for the vocabulary's values, as msgids the views translate with the viewer's language."""
from ..core.matching import NO_CAPACITY, NO_COMPATIBLE_PARTNER, NO_MENTEE_LEFT
from ..core.problems import _
from ..core.vocabulary import (
                               DAY_PARTS,
                               MATCH_COMPONENTS,
                               MEETING_PREFERENCES,
                               ROLES,
                               WEEKDAYS,
                               PairStatus,
                               SessionStatus,
)

ROLE_LABELS = dict(zip(ROLES, (_("Mentor"), _("Mentee"))))
WEEKDAY_LABELS = dict(zip(WEEKDAYS, (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
                                     _("Saturday"), _("Sunday"))))
DAY_PART_LABELS = dict(zip(DAY_PARTS, (_("Morning"), _("Afternoon"), _("Evening"))))
MEETING_LABELS = dict(zip(MEETING_PREFERENCES, (_("Remote"), _("In person"), _("Either"))))
SESSION_STATUS_LABELS = {
    SessionStatus.LOGGED: _("Waiting for confirmation"),
    SessionStatus.CONFIRMED: _("Confirmed"),
    SessionStatus.DISPUTED: _("Disputed"),
}
PAIR_STATUS_LABELS = {PairStatus.ACTIVE: _("Active"), PairStatus.COMPLETED: _("Completed"),
                      PairStatus.ENDED: _("Ended")}
RATING_LABELS = (_("0 - never used"), _("1 - beginner"), _("2 - basic"), _("3 - confident"), _("4 - expert"))
WAITLIST_LABELS = {
    NO_CAPACITY: _("every mentor who suits them is full"),
    NO_COMPATIBLE_PARTNER: _("the program's rules allow no partner"),
    NO_MENTEE_LEFT: _("no mentee left to pair"),
}
COMPONENT_LABELS = dict(zip(MATCH_COMPONENTS, (_("Digital"), _("Reverse"), _("Goals"), _("Availability"),
                                                _("Time zone"), _("Meeting"))))
