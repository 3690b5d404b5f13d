"""Everything that only exists inside Open edX (or its optional libraries), imported lazily.

The block must import and run in the workbench and in tests without the platform; each function
here degrades to a plain fallback there.
"""
from django.dispatch import Signal

FALLBACK_RETIREMENT_SIGNALS = (Signal(), Signal())


def retirement_signals():
    """``(USER_RETIRE_LMS_MISC, USER_RETIRE_LMS_CRITICAL)``, or stand-alone signals outside the LMS."""
    try:
        from openedx.core.djangoapps.user_api.accounts.signals import (
            USER_RETIRE_LMS_CRITICAL,
            USER_RETIRE_LMS_MISC,
        )
    except ImportError:
        return FALLBACK_RETIREMENT_SIGNALS
    return USER_RETIRE_LMS_MISC, USER_RETIRE_LMS_CRITICAL


def user_id_for_anonymous_id(anonymous_id):
    """The LMS user behind a course-specific anonymous id (the instructor dashboard names staff so), or None."""
    try:
        from common.djangoapps.student.models import user_by_anonymous_id
    except ImportError:
        return None
    user = user_by_anonymous_id(anonymous_id)
    return user.pk if user else None


def program_keys(usage_id):
    """``(course key, usage key)`` strings for a block usage, without branch or version.

    In the LMS and Studio the usage id is an opaque key; in the workbench it is a plain string
    and the program lives in a pseudo course.
    """
    course_key = getattr(usage_id, "course_key", None)
    if course_key is None:
        return "workbench", str(usage_id)
    if hasattr(course_key, "for_branch"):
        course_key = course_key.for_branch(None).version_agnostic()
        usage_id = usage_id.map_into_course(course_key)
    return str(course_key), str(usage_id)


def shows_drafts():
    """Whether this request reads unpublished drafts: Studio's preview of the course in the LMS, whose modulestore
    prefers the draft branch. Elsewhere (the live course, the workbench) only published settings are read."""
    try:
        from xmodule.modulestore import ModuleStoreEnum
        from xmodule.modulestore.django import modulestore
    except ImportError:
        return False
    return modulestore().get_branch_setting() == ModuleStoreEnum.Branch.draft_preferred
