"""Two or three plain-language reasons per proposal, as msgids with parameters, translated late."""
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..problems import _, render_message
from ..vocabulary import AVAILABILITY_SLOTS
from .scoring import hours_apart, meeting_compatible

MEETING_PHRASES = {"remote": _("remotely"), "in_person": _("in person"), "either": _("remotely or in person")}
SLOT_ORDER = {slot: position for position, slot in enumerate(AVAILABILITY_SLOTS)}
SLOT_LABELS = {
    "mon-morning": _("Monday mornings"), "mon-afternoon": _("Monday afternoons"),
    "mon-evening": _("Monday evenings"), "tue-morning": _("Tuesday mornings"),
    "tue-afternoon": _("Tuesday afternoons"), "tue-evening": _("Tuesday evenings"),
    "wed-morning": _("Wednesday mornings"), "wed-afternoon": _("Wednesday afternoons"),
    "wed-evening": _("Wednesday evenings"), "thu-morning": _("Thursday mornings"),
    "thu-afternoon": _("Thursday afternoons"), "thu-evening": _("Thursday evenings"),
    "fri-morning": _("Friday mornings"), "fri-afternoon": _("Friday afternoons"),
    "fri-evening": _("Friday evenings"), "sat-morning": _("Saturday mornings"),
    "sat-afternoon": _("Saturday afternoons"), "sat-evening": _("Saturday evenings"),
    "sun-morning": _("Sunday mornings"), "sun-afternoon": _("Sunday afternoons"),
    "sun-evening": _("Sunday evenings"),
}


@dataclass(frozen=True)
class Reason:
    """One plain-language reason: an English msgid with ``{named}`` parameters, translated late."""

    message: str
    params: Mapping = field(default_factory=dict)

    def render(self, gettext=lambda text: text):
        """Translate the message and any nested reason, then fill in the parameters."""
        return render_message(self.message, self.params, gettext)


SLOT_REASONS = {slot: Reason(label) for slot, label in SLOT_LABELS.items()}


MEETING_REASONS = {mode: Reason(label) for mode, label in MEETING_PHRASES.items()}


def reasons_for(mentor, mentee, breakdown, titles, locked, common_words):
    """Two or three reasons: what the mentee learns, what the mentor learns, then the best logistics."""
    names = {"mentor": mentor.name, "mentee": mentee.name}
    reasons = [Reason(_("Locked by staff"))] if locked else []
    for build in (_digital_reason, _reverse_reason):
        reason = build(mentor, mentee, names, titles)
        if reason:
            reasons.append(reason)
    logistics = {"availability": lambda: _availability_reason(mentor, mentee, names),
                 "goals": lambda: _goals_reason(names, common_words),
                 "time_zone": lambda: _time_zone_reason(mentor, mentee, names),
                 "meeting": lambda: _meeting_reason(mentor, mentee, names)}
    for component in sorted(logistics, key=lambda c: -breakdown[c]):
        if len(reasons) >= 3:
            break
        if breakdown[component] > 0 or len(reasons) < 2:
            reason = logistics[component]()
            if reason:
                reasons.append(reason)
    return tuple(reasons)


def _digital_reason(mentor, mentee, names, titles):
    """A topic the mentee wants to learn and the mentor offered to teach, with both ratings shown.

    Only what both answered counts, so a topic the mentor rates well but did not offer is never named;
    both ratings are given, so a weak or no advantage reads as such rather than as a strength.
    """
    topics = mentor.teach_topics & mentee.learn_topics
    if not topics:
        return None

    def ratings(topic):
        return mentor.ratings.get(topic, 0), mentee.ratings.get(topic, 0)

    def strongest(topic):
        """The mentor's best rating first, then the widest gap over the mentee's; title and id settle ties."""
        rating, mentee_rating = ratings(topic)
        return -rating, mentee_rating - rating, titles.get(topic, topic), topic

    topic = min(topics, key=strongest)
    rating, mentee_rating = ratings(topic)
    params = {**names, "topic": titles.get(topic, topic), "rating": rating, "mentee_rating": mentee_rating}
    if rating > mentee_rating:
        return Reason(_("{mentor} offers to teach {topic} and rates it {rating}/4; {mentee}, who wants to learn it, "
                        "rates it {mentee_rating}/4"), params)
    if rating == mentee_rating:
        return Reason(_("{mentor} offers to teach {topic}, which {mentee} wants to learn; both rate it {rating}/4"),
                      params)
    return Reason(_("{mentor} offers to teach {topic}, which {mentee} wants to learn, but rates it {rating}/4, "
                    "lower than {mentee} ({mentee_rating}/4)"), params)


def _reverse_reason(mentor, mentee, names, titles):
    """An experience area the mentee shares and the mentor asked for."""
    shared = mentor.learn_experience & mentee.share_experience
    if not shared:
        return None
    area = min(shared, key=lambda a: (titles.get(a, a), a))
    return Reason(_("{mentee} shares experience in {area}, which {mentor} asked for"),
                  {**names, "area": titles.get(area, area)})


def _availability_reason(mentor, mentee, names):
    common = sorted(mentor.availability & mentee.availability, key=SLOT_ORDER.get)
    if not common:
        return None
    if len(common) == 1:
        return Reason(_("{mentor} and {mentee} are both free on {slot}"), {**names, "slot": SLOT_REASONS[common[0]]})
    return Reason(_("{mentor} and {mentee} are both free on {slot} and {other_slot}"),
                  {**names, "slot": SLOT_REASONS[common[0]], "other_slot": SLOT_REASONS[common[1]]})


def _goals_reason(names, common_words):
    common = sorted(common_words)
    if not common:
        return None
    return Reason(_("{mentor} and {mentee} both mention {words} in their goals"),
                  {**names, "words": ", ".join(common[:3])})


def _time_zone_reason(mentor, mentee, names):
    hours = hours_apart(mentor.utc_offset_hours, mentee.utc_offset_hours)
    if hours == 0 and mentor.utc_offset_hours != mentee.utc_offset_hours:
        return Reason(_("{mentor} and {mentee} keep the same clock hours, a day apart"), names)
    if hours == 0:
        return Reason(_("{mentor} and {mentee} share a time zone"), names)
    return Reason(_("{mentor} and {mentee} are {hours} h apart"), {**names, "hours": f"{hours:g}"})


def _meeting_reason(mentor, mentee, names):
    if not meeting_compatible(mentor.meeting, mentee.meeting):
        return Reason(_("{mentor} wants to meet {mentor_mode}, {mentee} {mentee_mode}"),
                      {**names, "mentor_mode": MEETING_REASONS[mentor.meeting],
                       "mentee_mode": MEETING_REASONS[mentee.meeting]})
    mode = mentor.meeting if mentor.meeting != "either" else mentee.meeting
    return Reason(_("{mentor} and {mentee} can both meet {mode}"), {**names, "mode": MEETING_REASONS[mode]})
