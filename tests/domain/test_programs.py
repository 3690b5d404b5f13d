"""Two programs, two courses, one learner in both: every action stays inside its own program.

Only user retirement spans programs. The handler tests use two block usages in the workbench; the
domain tests use program references in two real-looking courses.
"""
from datetime import date

import pytest
from submissions import api as submissions_api

from reverse_mentoring_xblock import access, domain
from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.core.payloads import FeedbackAnswers, parse_session_log
from reverse_mentoring_xblock.domain import proposals, tallies
from reverse_mentoring_xblock.domain.gradebook import ITEM_TYPE
from reverse_mentoring_xblock.models import ClientRequest, Feedback, MatchRun, Pair, Participant, Session
from tests.factories import config, intake, session_log
from tests.tables import snapshot

TODAY = date.today()
COURSE_A = domain.ProgramRef("course-v1:Org+A+2026", "block-v1:Org+A+2026+type@reverse_mentoring+block@program")
COURSE_B = domain.ProgramRef("course-v1:Org+B+2026", "block-v1:Org+B+2026+type@reverse_mentoring+block@program")
ONE_SESSION = config(sessions_planned=1)


def score(participant):
    found = submissions_api.get_score({"student_id": participant.anonymous_user_id, "course_id": participant.course_key,
                                       "item_id": participant.usage_key, "item_type": ITEM_TYPE})
    return found and found["points_earned"]


def completed_pair(program, mentor_user, mentee_user):
    """A pair in ``program`` that met once (notes, link, feedback with a comment from both)."""
    people = []
    for user, role in ((mentor_user, "mentor"), (mentee_user, "mentee")):
        caller = access.Caller(user_id=user.pk, username=user.username, anonymous_id=f"{program.course_key}/{user.pk}")
        people.append(domain.save_intake(program, caller, parse_intake(
            intake(role, public_name=f"{user.username} in {program.course_key}", goals="My plans"), ONE_SESSION)))
    mentor, mentee = people
    pair = domain.pair_participants(program, mentor.pk, mentee.pk, None)
    domain.set_meeting_link(program, mentee_user.pk, "https://meet.example.org/private")
    log = parse_session_log(session_log(TODAY.isoformat(), notes="What we said"), ONE_SESSION, today=TODAY)
    session = domain.log_session(program, mentee_user.pk, log, ONE_SESSION)
    domain.confirm_session(program, mentor_user.pk, session.pk, ONE_SESSION)
    for user in (mentor_user, mentee_user):
        answers = FeedbackAnswers(5, True, dict.fromkeys(domain.feedback_topics(program, user.pk, ONE_SESSION), 3),
                                  "My comment")
        domain.submit_feedback(program, user.pk, answers, ONE_SESSION)
    return mentor, mentee, pair


@pytest.fixture
def two_courses(django_user_model):
    """The same two learners paired in course A and in course B."""
    mentor_user = django_user_model.objects.create(username="both_mentor")
    mentee_user = django_user_model.objects.create(username="both_mentee")
    return {program: completed_pair(program, mentor_user, mentee_user) for program in (COURSE_A, COURSE_B)}


def writing_in(program):
    """Everything learners wrote in ``program``, and their scores."""
    return {
        "names": sorted(program.participants().values_list("public_name", flat=True)),
        "goals": sorted(p.intake.get("goals", "") for p in program.participants()),
        "notes": list(Session.objects.filter(pair__usage_key=program.usage_key).values_list("notes", flat=True)),
        "links": list(program.pairs().values_list("meeting_link", flat=True)),
        "comments": list(Feedback.objects.filter(pair__usage_key=program.usage_key).values_list("comment", flat=True)),
        "scores": sorted(str(score(p)) for p in program.participants()),
    }


def test_a_reset_in_one_course_leaves_the_other_course_untouched(two_courses):
    before = writing_in(COURSE_B)
    assert before["notes"] == ["What we said"] and before["comments"] == ["My comment", "My comment"]
    _mentor, mentee, _pair = two_courses[COURSE_A]
    assert domain.reset_participant(COURSE_A, mentee.anonymous_user_id)
    assert writing_in(COURSE_B) == before
    mentee.refresh_from_db()
    assert (mentee.public_name, mentee.left_at is not None, score(mentee)) == ("", True, None)
    assert writing_in(COURSE_A)["notes"] == [""]


def test_a_reset_finds_the_learner_by_this_programs_anonymous_id_only(two_courses):
    _mentor, mentee_b, _pair = two_courses[COURSE_B]
    assert not domain.reset_participant(COURSE_A, mentee_b.anonymous_user_id)  # course B's id means nobody in A
    assert writing_in(COURSE_B)["names"] == sorted(
        ["both_mentor in course-v1:Org+B+2026", "both_mentee in course-v1:Org+B+2026"])


def test_retirement_forgets_the_learner_in_every_course_and_nobody_else(two_courses):
    _mentor, mentee, _pair = two_courses[COURSE_A]
    domain.retire_user(mentee.user_id)
    for program in (COURSE_A, COURSE_B):
        writing = writing_in(program)
        assert writing["names"] == ["", f"both_mentor in {program.course_key}"]
        assert writing["notes"] == [""] and writing["links"] == [""]
        assert writing["comments"].count("My comment") == 1  # the mentor's own comment stays
        assert writing["goals"] == ["", "My plans"]


def test_staff_ending_a_pair_in_one_course_leaves_the_other_pair_alone(django_user_model):
    mentor_user = django_user_model.objects.create(username="m")
    mentee_user = django_user_model.objects.create(username="e")
    pairs = {}
    for program in (COURSE_A, COURSE_B):
        ids = []
        for user, role in ((mentor_user, "mentor"), (mentee_user, "mentee")):
            caller = access.Caller(user_id=user.pk, username=user.username, anonymous_id=f"x{user.pk}")
            ids.append(domain.save_intake(program, caller, parse_intake(intake(role), ONE_SESSION)).pk)
        pairs[program] = domain.pair_participants(program, *ids, None)
    with pytest.raises(domain.NotFound):
        domain.end_pair(COURSE_B, pairs[COURSE_A].pk, "Not this course's pair.")
    domain.end_pair(COURSE_A, pairs[COURSE_A].pk, "Ended in A.")
    assert Pair.objects.get(pk=pairs[COURSE_B].pk).status == "active"
    assert Participant.objects.filter(usage_key=COURSE_B.usage_key, waiting_since__isnull=False).count() == 0


def test_tallies_stay_in_their_own_program(two_courses):
    before = tallies.read(COURSE_B.usage_key)
    _mentor, mentee, _pair = two_courses[COURSE_A]
    domain.reset_participant(COURSE_A, mentee.anonymous_user_id)
    assert tallies.read(COURSE_B.usage_key) == before == tallies.recount(COURSE_B.usage_key)
    assert tallies.read(COURSE_A.usage_key) == tallies.recount(COURSE_A.usage_key) != before


def test_a_learner_taken_in_another_course_is_free_in_this_one(django_user_model):
    """What a matching review calls unavailable is read from this program's pairs only."""
    mentor_user = django_user_model.objects.create(username="busy_mentor")
    mentee_user = django_user_model.objects.create(username="busy_mentee")
    joined = {}
    for program in (COURSE_A, COURSE_B):
        for user, role in ((mentor_user, "mentor"), (mentee_user, "mentee")):
            caller = access.Caller(user_id=user.pk, username=user.username,
                                   anonymous_id=f"{program.course_key}{user.pk}")
            joined[program, role] = domain.save_intake(program, caller, parse_intake(intake(role), ONE_SESSION))
    domain.pair_participants(COURSE_B, joined[COURSE_B, "mentor"].pk, joined[COURSE_B, "mentee"].pk, None)
    in_a = [joined[COURSE_A, role] for role in ("mentor", "mentee")]
    in_b = [joined[COURSE_B, role] for role in ("mentor", "mentee")]
    assert proposals.unavailable(in_a, capacity=1) == set()
    assert proposals.unavailable(in_b, capacity=1) == {p.pk for p in in_b}


@pytest.fixture
def two_programs(block_client, other_usage_id):
    """Learners paired in the first program with a logged session and a matching run; an empty second one."""
    first = block_client
    ids = {}
    for student, role in (("pm", "mentor"), ("pe", "mentee"), ("wm", "mentor"), ("we", "mentee")):
        assert first.post("submit_intake", intake(role), student)[0] == 200
        ids[student] = Participant.objects.get(user__username=student).pk
    assert first.post("pair_participants", {"mentor_id": ids["pm"], "mentee_id": ids["pe"]}, "staff")[0] == 200
    assert first.post("log_session", session_log(TODAY.isoformat()), "pm")[0] == 200
    assert first.post("start_matching", {}, "staff")[0] == 200
    return {"first": first, "second": block_client(other_usage_id), "ids": ids,
            "session": Session.objects.get().pk, "pair": Pair.objects.get().pk, "run": MatchRun.objects.get().pk}


def foreign_calls(world):
    """Each handler of the second program, called with the first program's ids by people of the first."""
    ids, session, pair, run = world["ids"], world["session"], world["pair"], world["run"]
    return [
        ("set_meeting_link", "pm", {"meeting_link": "https://meet.example.org/x"}, 403),
        ("log_session", "pm", session_log(TODAY.isoformat()), 403),
        ("log_session", "pm", {**session_log(TODAY.isoformat()), "session_id": session}, 403),
        ("confirm_session", "pe", {"session_id": session}, 403),
        ("dispute_session", "pe", {"session_id": session, "reason": "Not in this course."}, 403),
        ("submit_feedback", "pe", {"satisfaction": 4, "would_recommend": True, "confidence": {}, "comment": ""}, 403),
        ("pair_participants", "staff", {"mentor_id": ids["wm"], "mentee_id": ids["we"]}, 404),
        ("end_pair", "staff", {"pair_id": pair, "reason": "Not in this course."}, 404),
        ("adjust_matching", "staff", {"run_id": run, "action": "lock", "mentor_id": ids["wm"],
                                      "mentee_id": ids["we"]}, 404),
        ("accept_matches", "staff", {"run_id": run, "pairs": [f"{ids['wm']}:{ids['we']}"]}, 404),
    ]


@pytest.mark.parametrize("index", range(10))
def test_the_first_programs_ids_mean_nothing_in_the_second(two_programs, index):
    handler, student, payload, expected = foreign_calls(two_programs)[index]
    before = snapshot()
    status, body = two_programs["second"].post(handler, payload, student)
    assert status == expected and body["error"], body
    assert snapshot() == before


def test_joining_and_matching_in_the_second_program_keeps_the_first_as_it_was(two_programs):
    first_rows = (list(Participant.objects.order_by("pk").values()), list(Pair.objects.order_by("pk").values()))
    second = two_programs["second"]
    for student, role in (("pm", "mentor"), ("pe", "mentee")):
        assert second.post("submit_intake", intake(role, goals="Second course"), student)[0] == 200
    status, _body = second.post("start_matching", {}, "staff")
    assert status == 200
    run = MatchRun.objects.latest("pk")
    assert {pid for pair in run.proposals.values_list("mentor_id", "mentee_id") for pid in pair} == set(
        Participant.objects.filter(usage_key=run.usage_key).values_list("pk", flat=True))
    assert second.post("matching_status", {}, "staff")[0] == 200
    assert (list(Participant.objects.filter(pk__in=[p["id"] for p in first_rows[0]]).order_by("pk").values()),
            list(Pair.objects.order_by("pk").values())) == first_rows
    assert "Second course" not in two_programs["first"].view("pe")


def test_a_request_id_is_remembered_per_program(two_programs):
    """The same browser number in two programs is two requests; in one program it is one."""
    first, second = two_programs["first"], two_programs["second"]
    payload = {**intake("mentee"), "request_id": "same-number-1"}
    assert first.post("submit_intake", payload, "late")[0] == 200
    status, body = second.post("submit_intake", payload, "late")
    assert status == 200 and body["message"] == "Thank you, your answers are saved."
    status, body = second.post("submit_intake", payload, "late")
    assert status == 200 and body["message"] == "This was already saved."
    assert ClientRequest.objects.filter(request_id="same-number-1").count() == 2
    assert Participant.objects.filter(user__username="late").count() == 2
