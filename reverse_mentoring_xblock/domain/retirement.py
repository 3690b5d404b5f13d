"""User retirement (GDPR): forget what a retired learner wrote in any program."""
from .. import platform
from .participants import retire_user


def connect():
    """Hook into the LMS retirement pipeline (a no-op pair of signals outside the LMS)."""
    misc_signal, _critical = platform.retirement_signals()
    misc_signal.connect(on_user_retired, dispatch_uid="reverse_mentoring_xblock.retire_user")


def on_user_retired(sender, user, **kwargs):
    """Receiver for ``USER_RETIRE_LMS_MISC``."""
    retire_user(user.id)
