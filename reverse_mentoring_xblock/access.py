"""Who is calling: a learner, course staff, an anonymous visitor, or an author in Studio.

The LMS user service carries these facts in ``opt_attrs`` (keys copied here so the block imports
without the platform). Other learners' facts are never taken from the browser.
"""
from dataclasses import dataclass

from .core.problems import _

ATTR_USER_ID = "edx-platform.user_id"
ATTR_USERNAME = "edx-platform.username"
ATTR_ANONYMOUS_ID = "edx-platform.anonymous_user_id"
ATTR_IS_AUTHENTICATED = "edx-platform.is_authenticated"
ATTR_IS_STAFF = "edx-platform.user_is_staff"



class Denied(Exception):
    """The caller may not do this (HTTP 403); ``message`` is a msgid."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Caller:
    """The current user as far as this block is concerned."""

    user_id: int = None
    username: str = ""
    anonymous_id: str = ""
    full_name: str = ""
    is_staff: bool = False
    in_studio: bool = False

    @property
    def is_learner(self):
        """Signed in, in a course (not Studio), with the ids we need to store and grade."""
        return not self.in_studio and self.user_id is not None and bool(self.anonymous_id)


def identify(block):
    """Build the ``Caller`` from the runtime's user service."""
    in_studio = block.scope_ids.user_id is None
    service = block.runtime.service(block, "user")
    user = service.get_current_user() if service else None
    attrs = user.opt_attrs if user else {}
    user_id = attrs.get(ATTR_USER_ID)
    if not attrs.get(ATTR_IS_AUTHENTICATED, user_id is not None) or user_id is None:
        return Caller(in_studio=in_studio)
    return Caller(
        user_id=int(user_id),
        username=attrs.get(ATTR_USERNAME, ""),
        anonymous_id=attrs.get(ATTR_ANONYMOUS_ID) or "",
        full_name=(user.full_name or "").strip(),
        is_staff=bool(attrs.get(ATTR_IS_STAFF)),
        in_studio=in_studio,
    )


def require_learner(caller):
    if caller.in_studio:
        raise Denied(_("This works in the course, not in the Studio preview."))
    if not caller.is_learner:
        raise Denied(_("Sign in and enrol in the course to take part."))


def require_staff(caller):
    require_learner(caller)
    if not caller.is_staff:
        raise Denied(_("Only course staff can do this."))
