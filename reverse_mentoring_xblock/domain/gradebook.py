"""Writes participants' scores to the LMS gradebook through edx-submissions.

``runtime.publish(self, 'grade', ...)`` only ever grades the current user; when a partner's action
changes the other learner's grade, the score goes through edx-submissions (as ORA2 and Staff Graded
Assignment do) and the LMS turns its ``score_set`` signal into the gradebook entry.
"""
from submissions import api as submissions_api

from ..core.grading import MAX_POINTS

ITEM_TYPE = "reverse_mentoring"


def record(participant, points):
    """Store ``points`` for ``participant`` if they changed; return True when a score was written.

    Must run inside the caller's transaction with the participant row locked, so concurrent updates
    cannot create two submissions for one learner.
    """
    if participant.published_points == points and participant.submission_uuid:
        return False
    if not participant.submission_uuid:
        student_item = {
            "student_id": participant.anonymous_user_id,
            "course_id": participant.course_key,
            "item_id": participant.usage_key,
            "item_type": ITEM_TYPE,
        }
        submission = submissions_api.create_submission(student_item, {"program": participant.usage_key})
        participant.submission_uuid = submission["uuid"]
    submissions_api.set_score(participant.submission_uuid, points, MAX_POINTS)
    participant.published_points = points
    participant.save(update_fields=["submission_uuid", "published_points"])
    return True


def reset(participant):
    """Remove the learner's score (staff reset of the learner's state)."""
    submissions_api.reset_score(participant.anonymous_user_id, participant.course_key, participant.usage_key)
