"""The Outcomes card's context for each goal kind, from plain figures: what leads, in words and percentages."""
from datetime import UTC, datetime

from reverse_mentoring_xblock.core.outcomes import GroupCounts
from reverse_mentoring_xblock.domain.outcomes import OutcomeCounts
from reverse_mentoring_xblock.domain.overview import Overview
from reverse_mentoring_xblock.presentation.outcomes import outcomes_context
from tests.factories import config

GROUP = {"id": "group", "text": "Which group do you feel part of?", "kind": "choice", "choices": ["Women", "Men"],
         "required": False, "shown_to": "staff"}


def mark(text):
    return f"«{text}»"


def seen(outcomes=None):
    return Overview(
        participants={}, pairs_by_status={"active": 6, "completed": 3, "ended": 1}, pairs_by_health={},
        sessions_confirmed=20, sessions_planned_to_date=24, items_confirmed=17, satisfaction={}, satisfaction_mean=4.2,
        recommend_rate=29 / 30, feedback_count=30,
        confidence=[("topic", "ai-assistants", "mentee", 1.0, 2.5, 4), ("topic", "linkedin", "mentee", 2.0, 3.0, 6),
                    ("area", "leadership", "mentor", 1.0, 3.0, 5)],
        mentor_retention=None, mentors_finished=0, median_days_between_sessions=None, progress={}, weeks=[],
        updated_at=datetime(2026, 5, 1, tzinfo=UTC), outcomes=outcomes)


COUNTS = OutcomeCounts({"Women": GroupCounts(10, 10, 10, 5, (0, 0, 2, 3, 5)),
                        "Men": GroupCounts(8, 8, 8, 5, (0, 1, 1, 3, 3)),
                        "": GroupCounts(2, 2, 2, 1, (0, 0, 0, 1, 1))}, mentors_paired=25, mentors_gone=1)


def test_a_digital_program_leads_with_the_mentees_confidence_and_the_checklist():
    context = outcomes_context(seen(), config(), mark)
    assert context["goal"] == "«Digital transformation»" and set(context) == {"goal", "min_people", "digital"}
    assert context["digital"]["items_confirmed"] == 17
    assert context["digital"]["gains"] == [  # catalogue order: LinkedIn before AI assistants
        {"topic": "LinkedIn and your professional profile", "before": 2.0, "after": 3.0, "gain": 1.0, "answers": 6},
        {"topic": "AI assistants", "before": 1.0, "after": 2.5, "gain": 1.5, "answers": 4}]


def test_an_inclusion_program_leads_with_its_groups():
    settings = config(goal_kind="inclusion", intake_questions=[GROUP], group_question="group")
    groups = outcomes_context(seen(COUNTS), settings, mark)["groups"]
    assert groups["question"] == "Which group do you feel part of?" and not groups["withheld"]
    # The 2 who did not say are left out: Men's figures (fewest people) are kept back with them.
    assert [(row["label"], row["people"], row["paired"], row["completion"], row["satisfaction"])
            for row in groups["rows"]] == [
        ("Women", 10, {"part": 10, "whole": 10, "rate": 100}, {"part": 5, "whole": 10, "rate": 50},
         {"mean": 4.3, "answers": 10}),  # (3*2 + 4*3 + 5*5) / 10
        ("Men", 8, None, None, None)]
    assert groups["left_out"] and groups["hidden_figures"]
    assert groups["everyone"]["label"] == "«All participants»" and groups["everyone"]["completion"] == {
        "part": 11, "whole": 20, "rate": 55}


def test_an_inclusion_program_without_a_question_says_how_to_get_groups():
    groups = outcomes_context(seen(OutcomeCounts({"": GroupCounts(20, 20, 20, 11)}, 0, 0)),
                              config(goal_kind="inclusion"), mark)["groups"]
    assert groups["rows"] == [] and groups["withheld"].startswith("«Name one of your own choice questions")
    assert groups["everyone"]["people"] == 20


def test_both_lead_with_recommendation_and_retention_then_everything():
    settings = config(goal_kind="both", intake_questions=[GROUP], group_question="group")
    context = outcomes_context(seen(COUNTS), settings, mark)
    assert context["recommend"] == {"rate": 97, "answers": 30}  # 29 of 30
    assert context["retention"] == {"rate": 96, "mentors": 25}  # 24 of 25
    assert {"digital", "groups"} <= set(context) and "completion" not in context


def test_a_goal_of_its_own_leads_with_recommendation_and_completion():
    context = outcomes_context(seen(), config(goal_kind="custom"), mark)
    assert context["recommend"]["rate"] == 97 and context["completion"] == {"completed": 3, "pairs": 10, "rate": 30}
    assert not {"digital", "groups", "retention"} & set(context)


def test_the_smaller_groups_line_is_named_with_its_size():
    counts = OutcomeCounts({"Women": GroupCounts(10, 10), "Men": GroupCounts(6, 6), "A": GroupCounts(3, 3),
                            "": GroupCounts(2, 2)}, 0, 0)
    settings = config(goal_kind="inclusion", intake_questions=[GROUP], group_question="group")
    rows = outcomes_context(seen(counts), settings, mark)["groups"]["rows"]
    assert [row["label"] for row in rows] == ["Women", "Men", "«Groups under 5 people»"]
