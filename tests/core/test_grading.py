"""Progress to score (pure)."""
import pytest

from reverse_mentoring_xblock.core.grading import MAX_POINTS, NO_PROGRESS, Progress, best, completion, points, score
from reverse_mentoring_xblock.core.program import GradingPolicy

POLICY = GradingPolicy.from_weights(60, 30, 10)


def progress(sessions=0, items=0, feedback=False, planned=6, total=8):
    return Progress(planned, sessions, total, items, feedback)


def test_nothing_done_scores_zero_and_everything_scores_full():
    assert points(progress(), POLICY) == 0
    assert points(progress(6, 8, True), POLICY) == MAX_POINTS
    assert completion(progress(6, 8, True)) == 1.0


def test_default_policy_weights_sessions_checklist_feedback():
    assert points(progress(sessions=3), POLICY) == 30
    assert points(progress(items=4), POLICY) == 15
    assert points(progress(feedback=True), POLICY) == 10
    assert points(progress(2, 4), POLICY) == 35


def test_extra_sessions_and_items_do_not_exceed_the_maximum():
    assert score(progress(sessions=9, items=20, feedback=True), POLICY) == pytest.approx(1.0)
    assert points(progress(sessions=9, items=20, feedback=True), POLICY) == MAX_POINTS


def test_rounding_is_half_up_despite_float_noise():
    policy = GradingPolicy.from_weights(57, 0, 0)
    assert points(progress(sessions=3, planned=6), policy) == 50
    assert points(Progress(200, 57, 0, 0, False), GradingPolicy.from_weights(1, 0, 0)) == 29  # 28.5 -> 29


def test_empty_checklist_follows_sessions_instead_of_penalising():
    assert points(progress(sessions=3, total=0), POLICY) == pytest.approx(45)


def test_completion_counts_sessions_then_feedback():
    assert completion(progress(sessions=3)) == pytest.approx(3 / 7)
    assert completion(progress(sessions=6)) == pytest.approx(6 / 7)


def test_a_participant_is_graded_on_their_best_pair():
    behind = Progress(sessions_planned=6, sessions_confirmed=1, items_total=8, items_confirmed=6, feedback_given=False)
    ahead = Progress(sessions_planned=6, sessions_confirmed=3, items_total=8, items_confirmed=1, feedback_given=False)
    assert points(behind, POLICY) == 33 and points(ahead, POLICY) == 34
    assert best([behind, ahead], POLICY) is ahead and best([ahead, behind], POLICY) is ahead
    assert best([], POLICY) == NO_PROGRESS
    started = Progress(sessions_planned=6, sessions_confirmed=0, items_total=8, items_confirmed=0, feedback_given=False)
    assert best([behind, started], POLICY) is behind  # a pair that starts takes nothing away
