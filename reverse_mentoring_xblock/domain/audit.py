"""The audit trail: every staff action, written in the same transaction as the action itself."""
from ..models import StaffAction


def record(program, kind, actor_id, now, *, pair=None, participant=None, reason=""):
    return StaffAction.objects.create(course_key=program.course_key, usage_key=program.usage_key, kind=kind,
                                      actor_id=actor_id, pair=pair, participant=participant, reason=reason,
                                      created_at=now)


def record_pairs(program, kind, actor_id, now, pairs):
    StaffAction.objects.bulk_create(
        StaffAction(course_key=program.course_key, usage_key=program.usage_key, kind=kind, actor_id=actor_id,
                    pair=pair, created_at=now) for pair in pairs)
