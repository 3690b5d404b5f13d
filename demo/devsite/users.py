"""Demo-only user service: maps the workbench's ``?student=`` to a Django user.

The workbench's own service has no staff flag and no anonymous id; this one gives the block what the
LMS gives it. Students whose id starts with ``staff`` are course staff.
"""
import hashlib

from django.contrib.auth import get_user_model
from xblock.reference.user_service import UserService, XBlockUser

from reverse_mentoring_xblock import access

ANONYMOUS_STUDENT_IDS = {None, "", "none"}


def anonymous_id_for(student_id):
    """Stable per-student id, like the LMS's course-specific anonymous id."""
    return hashlib.sha256(f"reverse-mentoring-demo:{student_id}".encode()).hexdigest()[:32]


def is_staff_student(student_id):
    return str(student_id).startswith("staff")


class DemoUserService(UserService):
    """Built by the workbench with no arguments; it then sets ``self.runtime``."""

    runtime = None

    def __init__(self):
        super().__init__()
        self._user = None

    def get_current_user(self):
        if self._user is None:
            self._user = self._build_user(getattr(self.runtime, "user_id", None))
        return self._user

    @staticmethod
    def _build_user(student_id):
        if student_id in ANONYMOUS_STUDENT_IDS:
            xblock_user = XBlockUser(is_current_user=True)
            xblock_user.opt_attrs[access.ATTR_IS_AUTHENTICATED] = False
            return xblock_user
        user, _created = get_user_model().objects.get_or_create(username=str(student_id)[:150])
        xblock_user = XBlockUser(is_current_user=True, emails=[user.email] if user.email else [],
                                 full_name=user.get_full_name() or user.username)
        xblock_user.opt_attrs.update({
            access.ATTR_IS_AUTHENTICATED: True,
            access.ATTR_USER_ID: user.pk,
            access.ATTR_USERNAME: user.username,
            access.ATTR_ANONYMOUS_ID: anonymous_id_for(student_id),
            access.ATTR_IS_STAFF: is_staff_student(student_id),
        })
        return xblock_user
