"""The handler with which a partner answers the mid-program check-in (``core/checkins.py``).

A mixin of the block: the answers are the pair's early warning for staff, read in the overview and the pair's
timeline; the comment is for staff only.
"""
from . import access
from .core import payloads
from .core.checkins import parse_checkin
from .domain.checkins import submit_checkin as record_checkin
from .handling import handler


class PairCheckInsMixin:
    """``submit_checkin`` for the block."""

    @handler(access.require_learner)
    def submit_checkin(self, caller, data):
        """Halfway through the plan: is it working, satisfaction so far, and an optional comment to staff."""
        data, pair_id = payloads.take_pair_id(data)
        checkin = record_checkin(self.program_ref, caller.user_id, parse_checkin(data), self.config(), pair_id=pair_id)
        self._event("checkin.submitted", pair=checkin.pair_id, working=checkin.working,
                    satisfaction=checkin.satisfaction)
        return self._learner_response(caller, self.gettext("Thank you: course staff read your check-in."))
