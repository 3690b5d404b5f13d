"""The overview shared for a minute between staff views, so that a dashboard refresh costs one query.

The overview of a program of 50,000 learners reads its tallies and the index entries of every active
pair (their health changes with the date); every staff member with the dashboard open would repeat that
each minute. Figures are reused while they are younger than ``MAX_AGE``
seconds, for the same day, settings and program, and while no staff action was recorded since: staff see
their own changes at once, learners' within a minute, and the page says when the figures were counted.
"""
import hashlib
import logging
from dataclasses import fields

from django.core.cache import cache

from ..models import StaffAction
from .overview import Overview, overview

MAX_AGE = 60  # seconds: the dashboard asks for its overview again every minute
log = logging.getLogger(__name__)
# The shape of the figures is part of the key: after an upgrade, figures of the old shape are never read.
SHAPE = hashlib.sha256(",".join(f.name for f in fields(Overview)).encode()).hexdigest()[:12]


def shared_overview(program, config, today):
    """The overview of the program, counted now or at most ``MAX_AGE`` seconds ago with the same inputs."""
    latest_action = (StaffAction.objects.filter(usage_key=program.usage_key).order_by("-pk")
                     .values_list("pk", flat=True).first())
    inputs = (latest_action, today, config.plan, config.monitoring, config.goal_kind, config.group_question)
    key = f"reverse-mentoring-overview-{SHAPE}-{hashlib.sha256(program.usage_key.encode()).hexdigest()}"
    try:
        kept = cache.get(key)
    except Exception:
        log.warning("The cache could not be read: the overview is counted afresh.", exc_info=True)
        kept = None
    if kept is not None and kept[0] == inputs:
        return kept[1]
    seen = overview(program, config, today)
    try:
        cache.set(key, (inputs, seen), MAX_AGE)
    except Exception:
        log.warning("The cache could not be written: the next overview is counted afresh.", exc_info=True)
    return seen
