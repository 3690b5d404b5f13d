"""The dashboard's presenters: tables, pagination that keeps the query, charts with their numbers, timelines.

Built from unsaved model instances and plain values: presenters never query (pytest-django would refuse).
"""
from datetime import UTC, date, datetime

from django.contrib.auth import get_user_model

from reverse_mentoring_xblock.core.table_queries import PairQuery, ParticipantQuery
from reverse_mentoring_xblock.domain.dashboard import Page, PairTimeline
from reverse_mentoring_xblock.domain.overview import Overview
from reverse_mentoring_xblock.models import Feedback, Pair, Participant, Session, StaffAction
from reverse_mentoring_xblock.presentation import dashboard as board
from tests.factories import config

CONFIG = config(sessions_planned=4, cadence_days=30)
PAIRED = datetime(2026, 3, 1, 9, tzinfo=UTC)


def mark(text):
    return f"«{text}»"


def person(pk, role, name, stage="paired"):
    participant = Participant(pk=pk, role=role, public_name=name, stage=stage, joined_at=PAIRED)
    participant.user = get_user_model()(username=name.lower())
    return participant


def pair(pk, health, confirmed=1, status="active"):
    found = Pair(pk=pk, mentor=person(pk * 2, "mentor", f"M{pk}"), mentee=person(pk * 2 + 1, "mentee", f"E{pk}"),
                 status=status, created_at=PAIRED, paired_on=PAIRED.date(), sessions_confirmed=confirmed,
                 sessions_logged=confirmed + 1, last_session_on=date(2026, 3, 20))
    found.health = health
    return found


def test_the_pair_table_labels_health_and_plans_the_next_session():
    query = PairQuery(health="behind", search="m1", page=2)
    context = board.pairs_context(Page([pair(1, "behind"), pair(2, "completed", 4, "completed")], 60, 2, 25),
                                  query, CONFIG, mark)
    behind, done = context["rows"]
    assert (behind["health_label"], behind["waiting"], behind["next_target"]) == ("«Behind»", 1, date(2026, 4, 7))
    assert (done["health_label"], done["next_target"], done["active"]) == ("«Completed»", None, False)
    assert context["page"] == {"number": 2, "pages": 3, "total": 60, "previous": 1, "next": 3, "first_row": 26,
                               "last_row": 27}
    kept = {item["name"]: (item["value"], item["type"]) for item in context["query_items"]}
    assert kept["health"] == ("behind", "") and kept["search"] == ("m1", "") and "page" not in kept
    assert kept["disputed"] == ("false", "bool") and kept["descending"] == ("true", "bool")


def test_the_participant_table_offers_withdrawing_to_those_still_in():
    rows = board.participants_context(Page([person(1, "mentor", "Ana"), person(2, "mentee", "Lea", "withdrawn")],
                                           2, 1, 25), ParticipantQuery(), mark)["rows"]
    assert [(r["name"], r["stage_label"], r["can_withdraw"]) for r in rows] == [
        ("Ana", "«Paired»", True), ("Lea", "«Withdrawn»", False)]


def test_charts_carry_every_number_and_keep_bars_inside():
    seen = Overview(
        participants={"mentor": dict.fromkeys(("waiting", "paired", "completed", "ended", "withdrawn"), 1),
                      "mentee": dict.fromkeys(("waiting", "paired", "completed", "ended", "withdrawn"), 2)},
        pairs_by_status={"active": 3, "completed": 1, "ended": 0},
        pairs_by_health={"on_track": 1, "behind": 1, "stalled": 1, "disputed": 0}, sessions_confirmed=6,
        sessions_planned_to_date=8, items_confirmed=5, satisfaction={1: 0, 2: 0, 3: 1, 4: 0, 5: 1},
        satisfaction_mean=4.0, recommend_rate=0.5, feedback_count=2,
        confidence=[("topic", "linkedin", "mentee", 1.0, 3.0, 1), ("area", "leadership", "mentor", 2.0, 2.5, 1)],
        mentor_retention=1.0, mentors_finished=1, median_days_between_sessions=30.5, progress={0: 1, 2: 2, 4: 1},
        weeks=[(date(2026, 4, 6), 2, 3), (date(2026, 4, 13), 0, 1)], updated_at=PAIRED)
    context = board.overview_context(seen, CONFIG, mark)
    bars = context["progress_chart"]["bars"]
    assert [(b["label"], b["value"]) for b in bars] == [("0", 1), ("1", 0), ("2", 2), ("3", 0), ("4", 1)]
    assert all(b["y"] >= 0 and b["y"] + b["height"] == context["progress_chart"]["baseline"] for b in bars)
    assert max(b["height"] for b in bars) == context["progress_chart"]["height"] - 30  # the tallest fills the chart
    values = [[(bar["kind"], bar["value"]) for bar in g["bars"]] for g in context["weeks_chart"]["groups"]]
    assert values == [[("done", 2), ("planned", 3)], [("done", 0), ("planned", 1)]]
    assert (context["sessions_share"], context["recommend_rate"], context["median_gap"]) == (75, 50, 30)
    assert context["totals"] == [5, 10] and context["confidence"][0]["gain"] == 2.0
    assert [(row["topic"], row["role"]) for row in context["confidence"]] == [
        ("LinkedIn and your professional profile", "«Mentee»"), ("Leadership and managing people", "«Mentor»")]
    assert [h["label"] for h in context["health"]] == ["«On track»", "«Behind»", "«Stalled»", "«Disputed»"]


def test_the_timeline_keeps_session_notes_from_staff_unless_the_author_allows():
    found = pair(1, "on_track")
    sessions = [Session(pk=5, number=1, held_on=date(2026, 3, 8), minutes=60, topics=["linkedin"], notes="Private",
                        status="disputed", dispute_reason="Too short", logged_by_id=found.mentee.pk,
                        logged_at=datetime(2026, 3, 8, 12, tzinfo=UTC))]
    feedback = [Feedback(participant_id=found.mentor.pk, satisfaction=4, would_recommend=True, comment="Good",
                         submitted_at=datetime(2026, 3, 9, tzinfo=UTC))]
    actions = [StaffAction(kind="paired_by_hand", created_at=PAIRED, reason="")]
    timeline = PairTimeline(found, sessions, {5: [("linkedin", "profile")]}, feedback, actions)
    hidden = board.timeline_context(timeline, CONFIG, mark)
    assert [e["kind"] for e in hidden["events"]] == ["staff", "session", "feedback"] and hidden["notes_hidden"]
    session = hidden["events"][1]
    assert (session["notes"], session["dispute_reason"], session["logged_by"]) == (None, "Too short", "E1")
    assert session["items"] == ["Update headline, photo and summary"]
    shown = board.timeline_context(timeline, config(staff_see_notes=True), mark)
    assert shown["events"][1]["notes"] == "Private" and not shown["notes_hidden"]


def test_the_pairing_card_says_when_the_list_is_cut():
    context = board.pairing_context([person(1, "mentor", "Ana")], [person(2, "mentee", "Paul")], ("a", ""), limit=1)
    assert context["limited"] and context["mentors"] == [{"id": 1, "name": "Ana", "username": "ana"}]
