"""Why a domain operation refused, with the HTTP status the block answers with; messages are msgids."""
from ..core.problems import _

FEEDBACK_NOT_OPEN = _("Feedback opens after your last planned session is confirmed.")
JOIN_FIRST = _("Join the program first.")
NO_ACTIVE_PAIR = _("You have no active pair.")
WITHDRAWN_BY_STAFF = _("Course staff have taken you out of this program; your sessions and points are kept. "
                      "Ask them if you would like to take part again.")
NOT_YOUR_PAIR = _("This pair is not one of yours.")
NOT_YOUR_SESSION = _("This session is not one of your pair's sessions.")
PAIR_CHANGED = _("Your pair has just ended or finished its planned sessions. Reload the page to see it.")


class DomainError(Exception):
    """An operation refused; ``message`` is a msgid with ``{named}`` params."""

    status = 409

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params


class NotAllowed(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409
