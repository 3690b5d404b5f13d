"""The mid-program check-in: each partner of an active pair answers once, from halfway through the plan."""
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..core.checkins import is_due
from ..core.problems import _
from ..core.vocabulary import PairStatus
from ..models import CheckIn
from .errors import Conflict
from .sessions import lock_own_active_pair
from .transactions import atomic_write

NOT_YET = _("The check-in opens once half of your planned sessions are confirmed.")
ANSWERED = _("You have already answered the check-in for this pair.")


@atomic_write
def submit_checkin(program, user_id, answers, config, pair_id=None, now=None):
    """The caller's answers for their active pair (``pair_id``, or their latest), locked with both partners."""
    pair, participant = lock_own_active_pair(program, user_id, pair_id)
    if not is_due(config.plan.count, pair.sessions_confirmed):
        raise Conflict(NOT_YET)
    try:
        with transaction.atomic():
            return CheckIn.objects.create(
                pair=pair, usage_key=program.usage_key, participant=participant, working=answers.working,
                satisfaction=answers.satisfaction, comment=answers.comment, submitted_at=now or timezone.now())
    except IntegrityError as error:
        raise Conflict(ANSWERED) from error


def checkin_counts(program):
    """``{"answered", "partly", "no"}``: the active pairs with an answer, and with a partner saying it works only
    partly or not at all (the staff's early warning), in one query."""
    active = CheckIn.objects.filter(usage_key=program.usage_key, pair__status=PairStatus.ACTIVE)
    return active.aggregate(answered=Count("pair", distinct=True),
                            partly=Count("pair", filter=Q(working="partly"), distinct=True),
                            no=Count("pair", filter=Q(working="no"), distinct=True))
