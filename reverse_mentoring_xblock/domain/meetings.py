"""When a pair meets next: one partner proposes a time, the other accepts it, declines it or proposes another.

A pair has at most one open proposal and one agreed meeting. Proposing replaces the open proposal, whoever
made it (that is how a partner answers with another time); accepting makes the proposal the agreed meeting
in place of the one before. Every write locks both partners, then the pair, as session writes do.
"""
from django.utils import timezone

from ..core.problems import _
from ..models import Meeting
from .errors import JOIN_FIRST, Conflict, NotAllowed, NotFound
from .queries import find_participant, participant_record
from .sessions import lock_own_active_pair
from .transactions import atomic_write

NOT_YOUR_MEETING = _("This meeting is not one of your pair's.")


@atomic_write
def propose_meeting(program, user_id, meeting_time, now=None, pair_id=None):
    """Propose a time to meet; an open proposal of either partner is superseded by it."""
    pair, participant = lock_own_active_pair(program, user_id, pair_id)
    now = now or timezone.now()
    replaced = Meeting.objects.filter(open_for=pair).first()
    if replaced is not None:
        replaced.status, replaced.open_for, replaced.answered_at = Meeting.Status.SUPERSEDED, None, now
        replaced.save(update_fields=["status", "open_for", "answered_at"])
    return Meeting.objects.create(pair=pair, proposed_by=participant, starts_at=meeting_time.starts_at,
                                  minutes=meeting_time.minutes, open_for=pair, proposed_at=now)


@atomic_write
def answer_meeting(program, user_id, meeting_id, accept, now=None):
    """The partner accepts the proposed time (it becomes the agreed meeting) or declines it."""
    pair_id = Meeting.objects.filter(pk=meeting_id, pair__usage_key=program.usage_key).values_list("pair_id",
                                                                                                  flat=True).first()
    if pair_id is None:
        raise NotAllowed(NOT_YOUR_MEETING)
    pair, participant = lock_own_active_pair(program, user_id, pair_id, NOT_YOUR_MEETING)
    now = now or timezone.now()
    meeting = pair.meetings.get(pk=meeting_id)
    if meeting.proposed_by_id == participant.pk:
        raise NotAllowed(_("Your partner answers the times you propose."))
    if meeting.status != Meeting.Status.PROPOSED:
        raise Conflict(_("This time was already answered or replaced by another. Reload the page to see it."))
    if accept and meeting.starts_at <= now:
        raise Conflict(_("This time has passed: propose another."))
    if accept:
        Meeting.objects.filter(agreed_for=pair).update(agreed_for=None)
    meeting.status = Meeting.Status.ACCEPTED if accept else Meeting.Status.DECLINED
    meeting.open_for, meeting.answered_at = None, now
    meeting.agreed_for = pair if accept else None
    meeting.save(update_fields=["status", "open_for", "agreed_for", "answered_at"])
    return meeting


def own_time_zone(program, user_id):
    """The time zone the learner gave at intake: the one they read and propose meeting times in."""
    participant = participant_record(program, user_id)
    if participant is None:
        raise NotAllowed(JOIN_FIRST)
    return participant.intake.get("timezone") or "UTC"


def agreed_meeting(program, user_id, meeting_id):
    """The meeting the learner's active pair has agreed on, with the partner and how many times the pair has
    agreed on one (a calendar file's sequence). A replaced meeting, or one of a pair that has ended, is gone."""
    participant = find_participant(program, user_id)
    if participant is None:
        raise NotAllowed(JOIN_FIRST)
    meeting = (Meeting.objects.filter(pk=meeting_id, agreed_for__isnull=False, pair__usage_key=program.usage_key)
               .select_related("pair__mentor", "pair__mentee").first())
    if meeting is None or participant.pk not in (meeting.pair.mentor_id, meeting.pair.mentee_id):
        raise NotFound(_("No agreed meeting of yours has this number."))
    agreed_before = meeting.pair.meetings.filter(status=Meeting.Status.ACCEPTED, pk__lt=meeting.pk).count()
    return meeting, meeting.pair.partner_of(participant), agreed_before
