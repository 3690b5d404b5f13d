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


REMINDER_MESSAGE = "reminder"  # our edx-ace message: templates/reverse_mentoring_xblock/edx_ace/reminder/


def email_reminder(user_id, email, language, context):
    """Send one reminder through edx-ace, the platform's messaging, where the site configured it (the LMS does).

    Returns ``"emailed"`` once edx-ace reports the e-mail delivered (its ``ACE_MESSAGE_SENT`` signal), ``"failed"``
    when it reports none (edx-ace logs why and raises nothing), ``"skipped"`` when the platform's policies let no
    e-mail through (the learner opted out of the course's e-mail), or None where there is no messaging service
    (the workbench): the caller logs it.
    """
    from django.conf import settings
    if not getattr(settings, "ACE_ENABLED_CHANNELS", None):
        return None
    try:
        from edx_ace import ace, policy
        from edx_ace.channel import ChannelType
        from edx_ace.message import Message
        from edx_ace.recipient import Recipient
        from edx_ace.signals import ACE_MESSAGE_SENT
    except ImportError:
        return None
    reminder = Message(app_label="reverse_mentoring_xblock", name=REMINDER_MESSAGE, context=context, options={},
                       recipient=Recipient(lms_user_id=user_id, email_address=email), language=language)
    if ChannelType.EMAIL not in policy.channels_for(reminder):
        return "skipped"
    delivered = []

    def sent(sender, message=None, **kwargs):  # edx-ace sends the delivered message's fields as ``message``
        if getattr(sender, "channel_type", None) == ChannelType.EMAIL and message.get("uuid") == str(reminder.uuid):
            delivered.append(True)
    ACE_MESSAGE_SENT.connect(sent)
    try:
        ace.send(reminder)
    finally:
        ACE_MESSAGE_SENT.disconnect(sent)
    return "emailed" if delivered else "failed"


def user_languages(user_ids):
    """``{user id: language}`` from each learner's language preference in the LMS; empty elsewhere."""
    try:
        from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY
        from openedx.core.djangoapps.user_api.models import UserPreference
    except ImportError:
        return {}
    return dict(UserPreference.objects.filter(user_id__in=user_ids, key=LANGUAGE_KEY).values_list("user_id", "value"))


def block_url(course_key, usage_key):
    """Where a learner opens the program in the LMS (its jump-to address), or "" outside the LMS."""
    from django.conf import settings
    root = getattr(settings, "LMS_ROOT_URL", "")
    return f"{root}/courses/{course_key}/jump_to/{usage_key}" if root and course_key != "workbench" else ""
