"""A pair agrees on its next meeting: proposed on one partner's clock, read on the other's, kept in a calendar file."""
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar
from workbench.runtime import WorkbenchRuntime

from reverse_mentoring_xblock import domain
from reverse_mentoring_xblock.core.meetings import MeetingTime
from reverse_mentoring_xblock.core.payloads import parse_session_log
from reverse_mentoring_xblock.models import Meeting, Pair, Participant
from tests.factories import intake, session_log
from tests.tables import snapshot


@pytest.fixture
def pair(block_client):
    """Ana (mentor, Paris) and Ben (mentee, Bogota), paired; Carla and Dan another pair; Eve waiting."""
    people = {"ana": ("mentor", "Europe/Paris"), "ben": ("mentee", "America/Bogota"),
              "carla": ("mentor", "Asia/Tokyo"), "dan": ("mentee", "UTC"), "eve": ("mentee", "UTC")}
    ids = {}
    for student, (role, zone) in people.items():
        name = student.capitalize()
        assert block_client.post("submit_intake", intake(role, public_name=name, timezone=zone), student)[0] == 200
        ids[student] = Participant.objects.get(user__username=student).pk
    for mentor, mentee in (("ana", "ben"), ("carla", "dan")):
        assert block_client.post("pair_participants", {"mentor_id": ids[mentor], "mentee_id": ids[mentee]},
                                 "staff")[0] == 200
    return ids


def next_week():
    """A date a week from now, as the form sends it."""
    return (timezone.now() + timedelta(days=7)).date().isoformat()


def propose(block_client, student, day=None, clock="18:30", minutes=60):
    return block_client.post("propose_meeting", {"date": day or next_week(), "time": clock, "minutes": minutes},
                             student)


def test_a_proposal_is_read_on_each_partners_own_clock_and_accepted_into_a_calendar_file(block_client, pair):
    day = next_week()
    status, body = propose(block_client, "ana", day, "18:30", 45)
    assert status == 200, body
    meeting = Meeting.objects.get()
    paris = datetime.fromisoformat(f"{day}T18:30").replace(tzinfo=ZoneInfo("Europe/Paris"))
    assert meeting.starts_at == paris.astimezone(UTC) and meeting.minutes == 45
    bogota = paris.astimezone(ZoneInfo("America/Bogota"))
    assert "at 18:30 (Europe/Paris)" in body["html"] and "Ben has not answered yet" in body["html"]
    ben_page = block_client.view("ben")
    assert f"{bogota.date().isoformat()} at {bogota:%H:%M} (America/Bogota)" in ben_page
    assert "Ana proposes to meet on" in ben_page and "Accept this time" in ben_page  # in what's next, and the form

    status, body = block_client.post("answer_meeting", {"meeting_id": meeting.pk, "accept": True}, "ben")
    assert status == 200, body
    assert "You meet Ana on" in body["html"] and "Accept this time" not in body["html"]
    url = re.search(r'href="([^"]+meeting_calendar[^"]*)"', body["html"])[1].replace("&amp;", "&")
    for student, partner in (("ben", "Ana"), ("ana", "Ben")):
        response = block_client.client.get(url + f"&student={student}")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        event = Calendar.from_ical(response.content).walk("VEVENT")[0]
        assert event.decoded("dtstart") == paris.astimezone(UTC)
        assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=45)
        assert str(event["summary"]) == f"Mentoring session with {partner}"
        assert str(event["uid"]).startswith(f"pair-{meeting.pair_id}-") and event.decoded("sequence") == 0


def test_the_calendar_file_is_only_for_the_two_partners(block_client, client, usage_id, pair):
    propose(block_client, "ana")
    meeting = Meeting.objects.get()
    block_client.post("answer_meeting", {"meeting_id": meeting.pk, "accept": True}, "ben")
    url = f"/handler/{usage_id}/meeting_calendar/?meeting={meeting.pk}"
    statuses = {student: client.get(f"{url}&student={student}").status_code
                for student in ("ana", "ben", "carla", "eve", "outsider", "staff")}
    assert statuses == {"ana": 200, "ben": 200, "carla": 404, "eve": 404, "outsider": 403, "staff": 403}
    assert client.get(f"/unauth_handler/{usage_id}/meeting_calendar/?meeting={meeting.pk}").status_code == 403
    for bad in ("", "abc", "0", "-1", "1.5", "٣", "9" * 30):
        response = client.get(f"/handler/{usage_id}/meeting_calendar/?meeting={bad}&student=ana")
        assert response.status_code == 400 and "error" in response.json()
    response = client.post(f"{url}&student=ana", data="{}", content_type="application/json")
    assert response.status_code == 405 and response["Allow"] == "GET"


def test_a_proposal_not_yet_accepted_has_no_calendar_file(block_client, client, usage_id, pair):
    propose(block_client, "ana")
    meeting = Meeting.objects.get()
    assert client.get(f"/handler/{usage_id}/meeting_calendar/?meeting={meeting.pk}&student=ana").status_code == 404


def test_proposing_another_time_supersedes_the_open_one_and_accepting_replaces_the_agreed_one(block_client, pair):
    propose(block_client, "ana", clock="09:00")
    first = Meeting.objects.get()
    block_client.post("answer_meeting", {"meeting_id": first.pk, "accept": True}, "ben")
    propose(block_client, "ben", clock="10:00")  # rescheduling: the agreed one stays until this is accepted
    propose(block_client, "ana", clock="11:00")  # Ana answers with another time
    second, third = Meeting.objects.exclude(pk=first.pk).order_by("pk")
    assert (second.status, second.open_for_id) == (Meeting.Status.SUPERSEDED, None)
    assert Meeting.objects.get(agreed_for=first.pair) == first
    status, body = block_client.post("answer_meeting", {"meeting_id": second.pk, "accept": True}, "ana")
    assert status == 409 and "replaced" in body["error"]  # Ben's time, which Ana's own proposal replaced
    status, body = block_client.post("answer_meeting", {"meeting_id": third.pk, "accept": True}, "ben")
    assert status == 200, body
    first.refresh_from_db()
    assert (first.status, first.agreed_for_id) == (Meeting.Status.ACCEPTED, None)
    assert Meeting.objects.get(agreed_for=first.pair).pk == third.pk


def test_refusals_write_nothing(block_client, pair):
    propose(block_client, "ana")
    meeting = Meeting.objects.get()
    before = snapshot()
    cases = [
        ("ana", {"meeting_id": meeting.pk, "accept": True}, 403),  # her own proposal
        ("carla", {"meeting_id": meeting.pk, "accept": True}, 403),  # another pair's
        ("eve", {"meeting_id": meeting.pk, "accept": True}, 403),  # not paired: not hers
        ("outsider", {"meeting_id": meeting.pk, "accept": True}, 403),  # never joined
        ("ben", {"meeting_id": meeting.pk, "accept": "yes"}, 400),
        ("ben", {"meeting_id": meeting.pk}, 400),
    ]
    for student, payload, expected in cases:
        status, body = block_client.post("answer_meeting", payload, student)
        assert status == expected and body["error"], (student, payload, body)
    assert snapshot() == before
    block_client.post("answer_meeting", {"meeting_id": meeting.pk, "accept": False}, "ben")
    before = snapshot()
    status, body = block_client.post("answer_meeting", {"meeting_id": meeting.pk, "accept": True}, "ben")
    assert status == 409 and "already answered" in body["error"]
    assert snapshot() == before


@pytest.mark.parametrize("payload, field", [
    ({"date": "2020-01-01", "time": "10:00", "minutes": 60}, "date"),
    ({"date": "tomorrow", "time": "10:00", "minutes": 60}, "date"),
    ({"date": None, "time": "24:00", "minutes": 60}, "time"),
    ({"time": "10:00", "minutes": 60}, "date"),
    ({"date": "2099-01-01", "time": "10:00", "minutes": 60}, "date"),
    ({"date": "NEXT", "time": "7:05", "minutes": 60}, "time"),
    ({"date": "NEXT", "time": "10:00", "minutes": True}, "minutes"),
    ({"date": "NEXT", "time": "10:00", "minutes": 4}, "minutes"),
])
def test_malformed_proposals_name_the_field_and_write_nothing(block_client, pair, payload, field):
    payload = {k: next_week() if v == "NEXT" else v for k, v in payload.items()}
    before = snapshot()
    status, body = block_client.post("propose_meeting", payload, "ana")
    assert status == 400 and field in body["fields"], body
    assert snapshot() == before


def test_a_time_the_clocks_skip_is_refused(block_client, pair):
    """Paris moves from 02:00 to 03:00 on the last Sunday of March: 02:30 does not exist there."""
    today = timezone.now().date()
    last_sunday = next(day for year in (today.year, today.year + 1) for day in [max(
        date(year, 3, d) for d in range(25, 32) if date(year, 3, d).weekday() == 6)] if day > today)
    status, body = propose(block_client, "ana", last_sunday.isoformat(), "02:30")
    assert status == 400 and "clocks skip" in body["fields"]["time"], body
    assert propose(block_client, "ana", last_sunday.isoformat(), "03:30")[0] == 200


def test_a_proposal_whose_time_has_passed_cannot_be_accepted(program, pair):
    starts = timezone.now() + timedelta(hours=2)
    ana, ben = (Participant.objects.get(pk=pair[name]) for name in ("ana", "ben"))
    meeting = domain.propose_meeting(program, ana.user_id, MeetingTime(starts, 60))
    with pytest.raises(domain.Conflict, match="has passed"):
        domain.answer_meeting(program, ben.user_id, meeting.pk, True, now=starts + timedelta(minutes=1))
    declined = domain.answer_meeting(program, ben.user_id, meeting.pk, False, now=starts + timedelta(minutes=1))
    assert declined.status == Meeting.Status.DECLINED


def test_an_ended_pair_closes_its_meetings_shows_none_and_takes_no_proposal(block_client, client, usage_id, pair):
    propose(block_client, "ana", clock="09:00")
    agreed = Meeting.objects.get()
    block_client.post("answer_meeting", {"meeting_id": agreed.pk, "accept": True}, "ben")
    propose(block_client, "ben", clock="10:00")
    pair_id = Pair.objects.get(mentor_id=pair["ana"]).pk
    assert block_client.post("end_pair", {"pair_id": pair_id, "reason": "Moved teams."}, "staff")[0] == 200
    assert sorted(Meeting.objects.values_list("status", "open_for", "agreed_for")) == [
        ("accepted", None, None), ("cancelled", None, None)]
    assert "Your next meeting" not in block_client.view("ben")
    assert client.get(f"/handler/{usage_id}/meeting_calendar/?meeting={agreed.pk}&student=ben").status_code == 404
    status, body = propose(block_client, "ben")
    assert status == 409 and body["error"]


def test_a_rescheduled_meeting_is_the_same_calendar_event_at_a_higher_sequence(block_client, client, usage_id, pair):
    events = []
    for clock in ("09:00", "11:00"):
        propose(block_client, "ana", clock=clock)
        meeting = Meeting.objects.get(status="proposed")
        block_client.post("answer_meeting", {"meeting_id": meeting.pk, "accept": True}, "ben")
        response = client.get(f"/handler/{usage_id}/meeting_calendar/?meeting={meeting.pk}&student=ben")
        events.append(Calendar.from_ical(response.content).walk("VEVENT")[0])
    assert str(events[0]["uid"]) == str(events[1]["uid"])
    assert [e.decoded("sequence") for e in events] == [0, 1]
    assert events[1].decoded("dtstart") - events[0].decoded("dtstart") == timedelta(hours=2)
    replaced = Meeting.objects.order_by("pk").first()
    assert client.get(f"/handler/{usage_id}/meeting_calendar/?meeting={replaced.pk}&student=ben").status_code == 404


def test_a_withdrawn_learner_gets_no_calendar_file(block_client, client, usage_id, pair):
    propose(block_client, "ana")
    meeting = Meeting.objects.get()
    block_client.post("answer_meeting", {"meeting_id": meeting.pk, "accept": True}, "ben")
    assert block_client.post("withdraw_participant", {"participant_id": pair["ana"], "reason": "Left."},
                             "staff")[0] == 200
    statuses = {student: client.get(f"/handler/{usage_id}/meeting_calendar/?meeting={meeting.pk}&student={student}"
                                    ).status_code for student in ("ana", "ben")}
    assert statuses == {"ana": 403, "ben": 404}  # Ana is out; the pair ended as she left


def test_a_pair_that_completes_its_plan_closes_its_meetings(block_client, program):
    for student, role in (("fay", "mentor"), ("gus", "mentee")):
        assert block_client.post("submit_intake", intake(role), student)[0] == 200
    fay, gus = (Participant.objects.get(user__username=name) for name in ("fay", "gus"))
    config = WorkbenchRuntime("staff").get_block(block_client.usage_id).config()
    now = timezone.now()
    domain.pair_participants(program, fay.pk, gus.pk, None, now=now - timedelta(days=60))
    proposal = domain.propose_meeting(program, gus.user_id, MeetingTime(now + timedelta(days=3), 60))
    for days_ago in range(config.plan.count, 0, -1):
        log = parse_session_log(session_log((now - timedelta(days=days_ago)).date().isoformat()), config,
                                today=now.date())
        session = domain.log_session(program, gus.user_id, log, config)
        domain.confirm_session(program, fay.user_id, session.pk, config)
    proposal.refresh_from_db()
    assert (proposal.pair.status, proposal.status, proposal.open_for_id) == ("completed", "cancelled", None)
