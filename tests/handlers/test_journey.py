"""The learner journey through the real handlers: intake, pairing, sessions, feedback, grades."""
import logging
import re
from datetime import date, timedelta

import pytest
from submissions import api as submissions_api
from workbench.runtime import WorkbenchRuntime

from reverse_mentoring_xblock import domain
from reverse_mentoring_xblock.core.grading import points
from reverse_mentoring_xblock.domain.gradebook import ITEM_TYPE
from reverse_mentoring_xblock.models import ChecklistTick, Pair, Participant, Session
from tests.factories import intake, session_log
from tests.workbench import add_program

TODAY = date.today().isoformat()


def join(block_client, student, role, **changes):
    status, body = block_client.post("submit_intake", intake(role, public_name=student.title(), **changes), student)
    assert status == 200, body
    return Participant.objects.get(user__username=student)


@pytest.fixture
def pair(block_client):
    """A mentor and a mentee who joined and were paired by staff."""
    mentor = join(block_client, "mentor_a", "mentor")
    mentee = join(block_client, "mentee_b", "mentee")
    status, body = block_client.post("pair_participants", {"mentor_id": mentor.pk, "mentee_id": mentee.pk}, "staff")
    assert status == 200, body
    return Pair.objects.get(mentor=mentor, mentee=mentee)


def score_of(participant):
    student_item = {"student_id": participant.anonymous_user_id, "course_id": participant.course_key,
                    "item_id": participant.usage_key, "item_type": "reverse_mentoring"}
    return submissions_api.get_score(student_item)


def test_intake_then_waiting_then_editable_until_paired(block_client):
    assert 'data-action="submit_intake"' in block_client.view("newcomer")
    participant = join(block_client, "newcomer", "mentee")
    page = block_client.view("newcomer")
    assert "You are on the list" in page
    status, _ = block_client.post("submit_intake", intake("mentee", goals="Changed my mind."), "newcomer")
    assert status == 200
    participant.refresh_from_db()
    assert participant.intake["goals"] == "Changed my mind."
    assert Participant.objects.count() == 1


def test_answers_are_frozen_once_paired(block_client, pair):
    status, body = block_client.post("submit_intake", intake("mentee", goals="New"), "mentee_b")
    assert status == 409 and "paired" in body["error"]


def test_confirming_updates_both_partners_scores_without_reload(block_client, pair, caplog):
    status, body = block_client.post("log_session", session_log(TODAY), "mentor_a")
    assert status == 200, body
    session = Session.objects.get(pair=pair)
    assert session.status == "logged" and session.number == 1
    assert score_of(pair.mentor) is None  # nothing counts before the partner confirms
    caplog.set_level(logging.INFO, logger="workbench.runtime")
    status, body = block_client.post("confirm_session", {"session_id": session.pk}, "mentee_b")
    assert status == 200, body
    # 1/6 sessions (60%) + 2 of 8 items in LinkedIn and AI assistants (30%) = 10 + 7.5 -> 18 points each
    for participant in (pair.mentor, pair.mentee):
        score = score_of(participant)
        assert (score["points_earned"], score["points_possible"]) == (18, 100)
    assert "1 of 6 sessions confirmed" in body["html"]
    grade_events = [r for r in caplog.records if "XBlock event grade" in r.getMessage()]
    assert len(grade_events) == 1  # the current user gets a grade event; the partner is graded via submissions
    assert "1 of 6 sessions confirmed" in block_client.view("mentor_a")


def test_dispute_then_correction_then_confirmation(block_client, pair):
    block_client.post("log_session", session_log(TODAY), "mentee_b")
    session = Session.objects.get(pair=pair)
    status, _ = block_client.post("dispute_session", {"session_id": session.pk, "reason": "We met 30 minutes."},
                                  "mentor_a")
    assert status == 200
    session.refresh_from_db()
    assert (session.status, session.dispute_reason) == ("disputed", "We met 30 minutes.")
    status, body = block_client.post("log_session", {**session_log(TODAY, minutes=30, items=["linkedin/profile"]),
                                                     "session_id": session.pk}, "mentee_b")
    assert status == 200, body
    session.refresh_from_db()
    assert (session.status, session.minutes, session.dispute_reason) == ("logged", 30, "")
    assert list(ChecklistTick.objects.values_list("item_id", flat=True)) == ["profile"]
    assert block_client.post("confirm_session", {"session_id": session.pk}, "mentor_a")[0] == 200
    status, body = block_client.post("log_session", {**session_log(TODAY), "session_id": session.pk}, "mentee_b")
    assert status == 409  # confirmed sessions are final


def test_full_program_to_feedback_and_full_marks(block_client, pair):
    pair.created_at -= timedelta(days=200)
    pair.paired_on -= timedelta(days=200)
    pair.save()
    everything = ["linkedin/" + i for i in ("profile", "connect", "engage", "visibility")] + [
        "ai-assistants/" + i for i in ("summarise", "draft", "verify", "data-rules")]
    for number in range(6):
        held_on = (date.today() - timedelta(days=180 - 30 * number)).isoformat()
        data = session_log(held_on, topics=["linkedin", "ai-assistants"], items=everything if number == 5 else [])
        assert block_client.post("log_session", data, "mentor_a")[0] == 200
        session = Session.objects.get(pair=pair, number=number + 1)
        assert block_client.post("confirm_session", {"session_id": session.pk}, "mentee_b")[0] == 200
    pair.refresh_from_db()
    assert pair.status == "completed" and pair.active_mentee_id is None
    assert score_of(pair.mentee)["points_earned"] == 90
    assert block_client.post("log_session", session_log(TODAY), "mentor_a")[0] == 409
    feedback = {"satisfaction": 5, "would_recommend": True, "confidence": {"linkedin": 4, "ai-assistants": 3},
                "comment": "<script>alert(1)</script> great"}
    status, body = block_client.post("submit_feedback", feedback, "mentee_b")
    assert status == 200, body
    assert score_of(pair.mentee)["points_earned"] == 100
    assert score_of(pair.mentor)["points_earned"] == 90
    assert block_client.post("submit_feedback", feedback, "mentee_b")[0] == 409


def test_staff_end_pair_sends_both_back_to_waiting(block_client, pair):
    status, body = block_client.post("end_pair", {"pair_id": pair.pk, "reason": "Moved teams."}, "staff")
    assert status == 200, body
    pair.refresh_from_db()
    assert (pair.status, pair.end_reason, pair.active_mentor_id) == ("ended", "Moved teams.", None)
    assert "Your previous pair has ended" in block_client.view("mentee_b")
    assert block_client.post("pair_participants", {"mentor_id": pair.mentor_id, "mentee_id": pair.mentee_id},
                             "staff")[0] == 200


def test_meeting_link_is_shared_and_learner_text_is_escaped(block_client, pair):
    link = "https://meet.example.org/room?a=1&b=<x>"
    assert block_client.post("set_meeting_link", {"meeting_link": link}, "mentee_b")[0] == 200
    block_client.post("log_session", session_log(TODAY, notes="<img src=x onerror=alert(1)>"), "mentor_a")
    page = block_client.view("mentor_a")
    assert "https://meet.example.org/room?a=1&amp;b=&lt;x&gt;" in page
    page = block_client.view("mentee_b")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page


def test_staff_panel_lists_participants_and_pairs(block_client, pair):
    join(block_client, "waiting_c", "mentee")
    page = block_client.view("staff")
    assert "3 participants" in page and "1 pair" in page
    assert 'data-action="pairing_candidates"' in page and 'data-action="dashboard_pairs"' in page
    assert "Staff: participants and pairs" not in block_client.view("mentee_b")


def test_staff_reset_of_a_learner_ends_the_pair_and_keeps_the_partners_history(block_client, pair, usage_id):
    block_client.post("log_session", session_log(TODAY), "mentor_a")
    block_client.post("confirm_session", {"session_id": Session.objects.get().pk}, "mentee_b")
    block = WorkbenchRuntime("staff").get_block(usage_id)
    block.clear_student_state(user_id=pair.mentee.anonymous_user_id, course_id="workbench", item_id=str(usage_id),
                              requesting_user_id="staff-anon")
    pair.refresh_from_db()
    assert pair.status == "ended" and Session.objects.filter(pair=pair).count() == 1
    mentee = Participant.objects.get(pk=pair.mentee_id)
    assert mentee.public_name == "" and score_of(mentee) is None
    assert score_of(pair.mentor)["points_earned"] == 18
    assert "Your previous pair has ended" in block_client.view("mentor_a")


def test_a_withdrawn_participant_keeps_their_record_and_score_but_writes_nothing(block_client, pair, usage_id):
    """Withdrawing is not a reset: the block's own score methods read the points edx-submissions keeps."""
    block_client.post("log_session", session_log(TODAY, notes="Our first talk."), "mentor_a")
    block_client.post("confirm_session", {"session_id": Session.objects.get().pk}, "mentee_b")
    block_client.post("log_session", session_log(TODAY), "mentor_a")
    status, _ = block_client.post("withdraw_participant", {"participant_id": pair.mentee_id, "reason": "Left."},
                                  "staff")
    assert status == 200
    mentee = Participant.objects.get(pk=pair.mentee_id)
    kept = score_of(mentee)["points_earned"]
    assert kept == 18 and mentee.withdrawn and mentee.stage == "withdrawn"
    block = WorkbenchRuntime("mentee_b").get_block(usage_id)
    assert block.calculate_score().raw_earned == kept and block.has_submitted_answer()

    page = block_client.view("mentee_b")
    assert "Course staff took you out of this program" in page and "Our first talk." in page
    assert 'data-action="confirm_session"' not in page and 'data-action="submit_intake"' not in page
    before = (Session.objects.count(), Participant.objects.filter(pk=mentee.pk).values().get())
    for handler, payload, refused in (
            ("submit_intake", intake("mentee"), 409),
            ("confirm_session", {"session_id": Session.objects.get(number=2).pk}, 403),
            ("log_session", session_log(TODAY), 403)):
        status, body = block_client.post(handler, payload, "mentee_b")
        assert status == refused and "took you out of this program" in body["error"].replace("have taken", "took")
    assert (Session.objects.count(), Participant.objects.filter(pk=mentee.pk).values().get()) == before

    WorkbenchRuntime("staff").get_block(usage_id).clear_student_state(
        user_id=mentee.anonymous_user_id, course_id="workbench", item_id=str(usage_id), requesting_user_id="staff")
    mentee.refresh_from_db()
    assert not mentee.withdrawn and mentee.reset_out and score_of(mentee) is None
    assert block.calculate_score().raw_earned == 0
    assert 'data-action="submit_intake"' in block_client.view("mentee_b")


def test_whats_next_leads_each_partner_to_what_waits(block_client, pair):
    block_client.post("log_session", session_log(TODAY), "mentor_a")
    session = Session.objects.get()
    page = block_client.view("mentee_b")
    top = page[:page.index("Your progress")]
    assert "What's next</h3>" in top
    assert f'-session-{session.pk}-title">Confirm or dispute session 1, which Mentor_A logged.</a>' in top
    assert "Session 1 waits for Mentee_B to confirm it." in block_client.view("mentor_a")
    block_client.post("dispute_session", {"session_id": session.pk, "reason": "It was shorter."}, "mentee_b")
    assert "Mentee_B disputed session 1: correct it so that it counts." in block_client.view("mentor_a")
    page = block_client.view("mentee_b")
    assert "You disputed session 1: Mentor_A corrects it, or you confirm it as it is." in page
    assert "Confirm session 1 as it is" in page


def test_after_staff_end_a_pair_both_keep_its_history_and_read_why_if_the_author_shares_it(block_client, pair,
                                                                                          usage_id):
    block_client.post("log_session", session_log(TODAY, notes="We set up a profile."), "mentor_a")
    block_client.post("confirm_session", {"session_id": Session.objects.get().pk}, "mentee_b")
    assert block_client.post("end_pair", {"pair_id": pair.pk, "reason": "Schedules never <b>matched</b>."},
                             "staff")[0] == 200
    for student, partner in (("mentor_a", "Mentee_B"), ("mentee_b", "Mentor_A")):
        page = block_client.view(student)
        assert f"Your pair with {partner}, " in page and "We set up a profile." in page
        assert "Schedules never" not in page
    block = WorkbenchRuntime("staff").get_block(usage_id)
    block.pairs_see_end_reason = True
    block.save()
    page = block_client.view("mentee_b")
    assert "Why it ended:</strong> Schedules never &lt;b&gt;matched&lt;/b&gt;." in page


def test_a_new_pairing_starts_a_new_section_and_the_earlier_pairs_stay_readable(block_client, pair):
    block_client.post("log_session", session_log(TODAY, notes="Our first pair's notes."), "mentor_a")
    block_client.post("confirm_session", {"session_id": Session.objects.get().pk}, "mentee_b")
    block_client.post("end_pair", {"pair_id": pair.pk, "reason": "Moved teams."}, "staff")
    mentor = join(block_client, "mentor_z", "mentor")
    status, body = block_client.post("pair_participants", {"mentor_id": mentor.pk, "mentee_id": pair.mentee_id},
                                     "staff")
    assert status == 200, body
    page = block_client.view("mentee_b")
    current, earlier = page.split("Your earlier pairs")
    assert "Mentor_Z" in current and "Our first pair&#x27;s notes." not in current
    assert "Your pair with Mentor_A, " in earlier and "Our first pair&#x27;s notes." in earlier
    assert "Your earlier pairs" not in block_client.view("mentor_z")  # their first pair
    page = block_client.view("mentor_a")  # waiting again: the ended pair on top, no earlier section yet
    assert "Your pair with Mentee_B, " in page and "Your earlier pairs" not in page


def test_a_mentors_other_active_pair_is_not_shown_as_an_earlier_pair(block_client):
    """With two mentees per mentor, the first mentee's active pair is not history (the view shows the latest)."""
    usage_id = add_program("two_mentees", mentor_capacity=2)
    client = block_client(usage_id)
    people = {student: join(client, student, role) for student, role in (
        ("mentor_c", "mentor"), ("mentee_d", "mentee"), ("mentee_e", "mentee"))}
    for mentee in ("mentee_d", "mentee_e"):
        status, body = client.post("pair_participants", {"mentor_id": people["mentor_c"].pk,
                                                         "mentee_id": people[mentee].pk}, "staff")
        assert status == 200, body
    assert "Your earlier pairs" not in client.view("mentor_c")
    client.post("end_pair", {"pair_id": Pair.objects.get(mentee=people["mentee_d"]).pk, "reason": "Moved."}, "staff")
    assert "Your pair with Mentee_D, " in client.view("mentor_c").split("Your earlier pairs")[1]


def test_a_second_session_on_the_same_day_is_kept_but_does_not_count(block_client, client, pair, usage_id):

    def meet(notes):
        block_client.post("log_session", session_log(TODAY, notes=notes), "mentor_a")
        return block_client.post("confirm_session", {"session_id": Session.objects.latest("number").pk},
                                 "mentee_b")[0]
    assert (meet("Morning session."), meet("Afternoon session.")) == (200, 200)
    tomorrow = (date.fromisoformat(TODAY) + timedelta(days=1)).isoformat()
    pair.refresh_from_db()
    assert (pair.status, pair.sessions_confirmed, pair.sessions_not_counted) == ("active", 1, 1)
    page = block_client.view("mentee_b")
    assert page.count("Confirmed, does not count") == 1
    assert f"held too close to session 1 ({TODAY}) to count towards the plan" in page
    assert f"Your next session counts towards the plan when it is held on {tomorrow} or later." in page
    assert 'data-action="log_session"' in page  # the session that does not count leaves its place open
    detail = block_client.post("pair_detail", {"pair_id": pair.pk}, "staff")[1]["html"]
    assert "Confirmed, does not count" in detail  # staff read the same
    report = client.get(f"/handler/{usage_id}/export_csv/?student=staff&kind=pairs").content.decode()
    header, row = (line.split(",") for line in report.splitlines()[:2])
    assert dict(zip(header, row))["sessions awaiting confirmation"] == "0"  # both are confirmed
    block = WorkbenchRuntime("staff").get_block(usage_id)
    block.min_days_between_sessions = 0  # the author lets every session count: the one held too close counts now
    block.save()
    assert meet("Evening session.") == 200
    pair.refresh_from_db()
    assert (pair.sessions_confirmed, pair.sessions_not_counted) == (3, 0)
    page = block_client.view("mentee_b")
    assert "Confirmed, does not count" not in page and "counts towards the plan when" not in page


def test_how_to_reach_me_goes_to_the_partner_only(block_client, client, usage_id):
    contact = "ana@example.org <script>alert(1)</script>"
    for student, role, extra in (("mentor_c", "mentor", {"contact": contact}), ("mentee_d", "mentee", {})):
        assert block_client.post("submit_intake", intake(role, public_name=student.title(), **extra), student)[0] == 200
    mentor = Participant.objects.get(user__username="mentor_c")
    assert "ana@example.org &lt;script&gt;" in block_client.view("mentor_c")  # their own summary says it
    mentee = Participant.objects.get(user__username="mentee_d")
    block_client.post("pair_participants", {"mentor_id": mentor.pk, "mentee_id": mentee.pk}, "staff")
    page = block_client.view("mentee_d")
    assert "How to reach them</dt><dd>ana@example.org &lt;script&gt;alert(1)&lt;/script&gt;</dd>" in page
    staff_page = block_client.view("staff")
    detail = block_client.post("pair_detail", {"pair_id": Pair.objects.get().pk}, "staff")[1]["html"]
    assert "Their answers to the intake" in detail and "Shares experience in" in detail
    for html in (staff_page, detail):
        assert "ana@example.org" not in html
    for kind in ("participants", "pairs", "sessions", "staff_actions"):
        report = client.get(f"/handler/{usage_id}/export_csv/?student=staff&kind={kind}")
        assert report.status_code == 200 and b"ana@example.org" not in report.content
    status, body = block_client.post("submit_intake", intake("mentee", contact="x" * 201), "newcomer")
    assert status == 400 and "contact" in body["fields"]


def test_a_mentor_with_two_mentees_works_in_both_pairs_and_is_graded_on_both(block_client):
    """Two mentees per mentor: each pair has its own section, its sessions, link and meeting; a write names its
    pair (or acts on one of its sessions); the mentor is graded on their best pair, each mentee on their own."""
    from collections import Counter

    from reverse_mentoring_xblock.core.grading import MAX_POINTS
    usage_id = add_program("two_pairs", mentor_capacity=2, min_days_between_sessions=0)
    client = block_client(usage_id)
    people = {student: join(client, student, role) for student, role in (
        ("mentor_m", "mentor"), ("mentee_a", "mentee"), ("mentee_b", "mentee"), ("mentor_o", "mentor"),
        ("mentee_o", "mentee"))}
    pairs = {}
    for mentor, mentee in (("mentor_m", "mentee_a"), ("mentor_m", "mentee_b"), ("mentor_o", "mentee_o")):
        status, body = client.post("pair_participants", {"mentor_id": people[mentor].pk,
                                                         "mentee_id": people[mentee].pk}, "staff")
        assert status == 200, body
        pairs[mentee] = Pair.objects.get(mentee=people[mentee]).pk
    assert client.post("log_session", session_log(TODAY), "mentee_a")[0] == 200  # the older pair
    first = Session.objects.get(pair_id=pairs["mentee_a"])
    status, body = client.post("confirm_session", {"session_id": first.pk}, "mentor_m")
    assert status == 200, body
    status, body = client.post("log_session", {**session_log(TODAY), "pair_id": pairs["mentee_a"]}, "mentor_m")
    assert status == 200, body
    assert client.post("log_session", session_log(TODAY), "mentor_m")[0] == 200  # no pair named: the latest
    assert sorted(Session.objects.values_list("pair_id", "number")) == [
        (pairs["mentee_a"], 1), (pairs["mentee_a"], 2), (pairs["mentee_b"], 1)]
    assert client.post("set_meeting_link", {"meeting_link": "https://meet.example.org/a",
                                            "pair_id": pairs["mentee_a"]}, "mentor_m")[0] == 200
    assert Pair.objects.get(pk=pairs["mentee_a"]).meeting_link == "https://meet.example.org/a"
    for handler, payload in (("log_session", session_log(TODAY)), ("propose_meeting", {
            "date": (date.today() + timedelta(days=7)).isoformat(), "time": "10:00", "minutes": 60})):
        status, body = client.post(handler, {**payload, "pair_id": pairs["mentee_o"]}, "mentor_m")
        assert status == 403 and body["error"] == "This pair is not one of yours."

    page = client.view("mentor_m")
    assert "Your pair with Mentee_A" in page and "Your pair with Mentee_B" in page
    assert "Your earlier pairs" not in page
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, count in ids.items() if count > 1] == []
    for pair_id in (pairs["mentee_a"], pairs["mentee_b"]):
        assert f'name="pair_id" value="{pair_id}"' in page
    # The first pair: 1 of 6 sessions confirmed, 2 of 8 items; the second pair none yet.
    expected = round(MAX_POINTS * (0.6 * 1 / 6 + 0.3 * 2 / 8))
    mentor_score = submissions_api.get_score({"student_id": people["mentor_m"].anonymous_user_id,
                                              "course_id": people["mentor_m"].course_key,
                                              "item_id": people["mentor_m"].usage_key, "item_type": ITEM_TYPE})
    assert mentor_score["points_earned"] == expected
    mentee_score = submissions_api.get_score({"student_id": people["mentee_a"].anonymous_user_id,
                                              "course_id": people["mentee_a"].course_key,
                                              "item_id": people["mentee_a"].usage_key, "item_type": ITEM_TYPE})
    assert mentee_score["points_earned"] == expected
    block = WorkbenchRuntime("staff").get_block(usage_id)
    report = dict(block.generate_report_data(iter([type("State", (), {"username": "mentor_m"})()])))["mentor_m"]
    assert (report["Partner"], report["Sessions confirmed"], report["Sessions planned"]) == (
        "Mentee_B, Mentee_A", 1, 6)
    assert client.post("withdraw_participant", {"participant_id": people["mentor_m"].pk, "reason": "Left."},
                       "staff")[0] == 200
    page = client.view("mentor_m")  # both pairs ended with the withdrawal: both stay in view, read-only
    assert "Your pair with Mentee_A" in page and "Your pair with Mentee_B" in page and "data-action=\"" not in page


def formula_points(participant, usage_id):
    """The grade the formula gives now (what the LMS recomputes when it rescores)."""
    config = WorkbenchRuntime("staff").get_block(usage_id).config()
    return points(domain.progress_of(domain.ProgramRef(participant.course_key, participant.usage_key),
                                     participant.user_id, config), config.grading)


def test_grades_stay_what_the_formula_says_when_answers_change_after_an_end_or_a_learner_joins_again(
        block_client, usage_id, pair):
    block_client.post("log_session", session_log(TODAY), "mentor_a")
    block_client.post("confirm_session", {"session_id": Session.objects.get().pk}, "mentee_b")
    mentor, mentee = pair.mentor, pair.mentee
    earned = score_of(mentee)["points_earned"]
    assert earned > 0 and earned == formula_points(mentee, usage_id) == formula_points(mentor, usage_id)
    block_client.post("end_pair", {"pair_id": pair.pk, "reason": "Moved teams."}, "staff")
    # Waiting again, the mentee asks for other topics: the ended pair's checklist and both grades stay.
    assert block_client.post("submit_intake", intake("mentee", public_name="Mentee_B", learn_topics=["mobile"]),
                             "mentee_b")[0] == 200
    for person in (mentor, mentee):
        person.refresh_from_db()
        assert score_of(person)["points_earned"] == formula_points(person, usage_id) == earned
    # Reset by staff and joining again: nothing from before counts.
    WorkbenchRuntime("staff").get_block(usage_id).clear_student_state(
        user_id=mentee.anonymous_user_id, course_id="workbench", item_id=str(usage_id), requesting_user_id="staff")
    join(block_client, "mentee_b", "mentee")
    mentee.refresh_from_db()
    assert score_of(mentee) is None and formula_points(mentee, usage_id) == 0
