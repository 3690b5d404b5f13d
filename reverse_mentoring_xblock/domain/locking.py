"""The one lock order every domain write follows, so that no two writes ever wait for each other in a circle.

1. the program's row (``Program``), only by program-wide writes (starting a matching run);
2. the matching run being accepted (``MatchRun``);
3. participants, in ascending id: a write locks every participant whose pairs, sessions, feedback or
   score it changes; a write to a pair locks both partners;
4. pairs, in ascending id;
5. then it may write the pair's sessions, checklist ticks, meetings and feedback, and the partners' scores in
   edx-submissions: nobody writes those without holding the locks above;
6. last, as it commits, the program's tallies it changed (``Tally``), the program's head row first (``tallies``).

A write reads what it needs to know whom to lock without locks, takes the locks in this order, and then
reads again under the locks everything that decides the write (a pair's status above all). When the
second read names a row it did not lock, the write starts over (``StartOver``) rather than take a lock
out of order.
"""
from django.utils import timezone

from ..models import Participant, Program


class StartOver(Exception):
    """What was read before locking changed before the locks were held: run the transaction again."""


def lock_program(program):
    """Lock (creating it on first use) the program's own row."""
    Program.objects.get_or_create(usage_key=program.usage_key,
                                  defaults={"course_key": program.course_key, "created_at": timezone.now()})
    return Program.objects.select_for_update().get(usage_key=program.usage_key)


def lock_participants(queryset, ids):
    """``{id: participant}`` for the rows of ``queryset`` with these ids, locked in ascending id."""
    return {p.pk: p for p in queryset.select_for_update().filter(pk__in=set(ids)).order_by("pk")}


def lock_pairs(queryset, ids):
    """``{id: pair}`` for the rows of ``queryset`` with these ids, locked in ascending id."""
    return {p.pk: p for p in queryset.select_for_update().filter(pk__in=set(ids)).order_by("pk")}


def lock_partners(program, pair_id):
    """Lock both partners of a pair, then the pair itself; ``None`` when it is not in this program."""
    found = program.pairs().filter(pk=pair_id).values_list("mentor_id", "mentee_id").first()
    if found is None:
        return None
    partners = lock_participants(Participant.objects.all(), found)
    pair = lock_pairs(program.pairs(), [pair_id]).get(pair_id)
    if pair is None:
        return None
    pair.mentor, pair.mentee = partners[pair.mentor_id], partners[pair.mentee_id]
    return pair
