"""User retirement (GDPR): forget what a retired learner wrote in any program."""
from . import platform


def connect():
    """Hook into the LMS retirement pipeline (a no-op pair of signals outside the LMS)."""
    misc_signal, _critical = platform.retirement_signals()
    misc_signal.connect(on_user_retired, dispatch_uid="reverse_mentoring_xblock.retire_user")


def on_user_retired(sender, user, **kwargs):  # pylint: disable=unused-argument
    """Receiver for ``USER_RETIRE_LMS_MISC``."""
    from . import api  # pylint: disable=import-outside-toplevel
    api.retire_user(user.id)
