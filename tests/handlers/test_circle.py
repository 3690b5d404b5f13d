"""The mentor circle through the real block: who sits in it, posts, replies, moderation, pages, meetings, retirement."""
import html
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reverse_mentoring_xblock import domain
from reverse_mentoring_xblock.models import CircleMeeting, CirclePost, Participant
from tests.factories import intake
from tests.tables import snapshot
from tests.workbench import add_program, change_settings

CIRCLE = 'data-section="circle"'
NEXT_WEEK = date.today() + timedelta(days=7)


@pytest.fixture
def members(block_client):
    """Two mentors in different time zones, a mentee, and a mentor staff have withdrawn."""
    people = {"m1": ("mentor", "Mia", "Europe/Paris"), "m2": ("mentor", "Kenji", "Asia/Tokyo"),
              "e1": ("mentee", "Erika", "Europe/Paris"), "gone": ("mentor", "Gus", "UTC")}
    for student, (role, name, zone) in people.items():
        assert block_client.post("submit_intake", intake(role, public_name=name, timezone=zone), student)[0] == 200
    gone = Participant.objects.get(user__username="gone").pk
    assert block_client.post("withdraw_participant", {"participant_id": gone, "reason": "Left the company."},
                             "staff")[0] == 200
    return block_client


def post(client, student, body="Turn on captions in long calls.", **extra):
    return client.post("circle_post", {"body": body, **extra}, student)


def only_post():
    return CirclePost.objects.get(parent=None).pk


def texts(page):
    """The posts' texts in the order the circle shows them."""
    return [html.unescape(text) for text in re.findall(r'<p class="rm-circle-body">(.*?)</p>', page, re.DOTALL)]


def test_mentors_and_staff_see_the_circle_mentees_outsiders_and_the_withdrawn_do_not(members):
    assert CIRCLE in members.view("m1") and CIRCLE in members.view("staff")
    for student in ("e1", "outsider", "gone"):
        assert CIRCLE not in members.view(student)
    before = snapshot()
    for student in ("e1", "outsider", "gone"):
        status, body = post(members, student)
        assert status == 403 and body["error"]
        assert members.post("circle_page", {}, student)[0] == 403
    assert snapshot() == before


def test_mentees_take_part_once_the_author_opens_the_circle_to_them(members):
    change_settings(members.usage_id, circle_open_to_mentees=True)
    assert CIRCLE in members.view("e1")
    assert post(members, "e1", "How do I share my screen?")[0] == 200
    assert members.post("circle_reply", {"post_id": only_post(), "body": "Look for Share."}, "m1")[0] == 200
    assert "Look for Share." in members.view("e1") and "Mentees do not see it" not in members.view("e1")
    change_settings(members.usage_id, circle_open_to_mentees=False)
    assert CIRCLE not in members.view("e1") and post(members, "e1")[0] == 403


def test_a_post_is_escaped_and_answers_with_the_circle(members):
    status, body = post(members, "m1", "<script>alert('x')</script>\nLine two & more")
    assert status == 200 and body["message"]
    for page in (body["html"], members.view("m2")):
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>Line two &amp; more" in page
    assert "Mia" in body["html"] and 'data-focus' in body["html"]


@pytest.mark.parametrize("body, field", [({"body": ""}, "body"), ({"body": "x" * 2001}, "body"),
                                         ({"body": 7}, "body"), ({"text": "Hello"}, "form")])
def test_a_post_must_have_some_text_within_the_limit(members, body, field):
    before = snapshot()
    status, answer = members.post("circle_post", body, "m1")
    assert status == 400 and field in answer["fields"]
    assert snapshot() == before


def test_staff_hide_a_post_from_learners_and_keep_the_reason(members):
    assert post(members, "m1", "Call me on 0123 456 789.")[0] == 200
    post_id = only_post()
    assert members.post("circle_reply", {"post_id": post_id, "body": "Done, thanks."}, "m2")[0] == 200
    status, body = members.post("circle_hide", {"post_id": post_id, "reason": "A phone number."}, "staff")
    assert status == 200
    hidden = CirclePost.objects.get(pk=post_id)
    assert hidden.hidden_reason == "A phone number." and hidden.hidden_at and hidden.hidden_by.username == "staff"
    for learner in ("m1", "m2"):
        page = members.view(learner)
        assert "0123 456 789" not in page and "A phone number." not in page
        assert "Course staff have hidden this." in page and "Done, thanks." in page
    assert "0123 456 789" in body["html"] and "A phone number." in body["html"] and "by staff" in body["html"]
    assert members.post("circle_reply", {"post_id": post_id, "body": "Me too."}, "m2")[0] == 409
    assert members.post("circle_hide", {"post_id": post_id, "reason": "Again."}, "staff")[0] == 409
    status, body = members.post("circle_unhide", {"post_id": post_id}, "staff")
    assert status == 200 and "Hidden earlier by staff, then shown again. Reason: A phone number." in body["html"]
    shown = CirclePost.objects.get(pk=post_id)
    assert (shown.hidden_at, shown.hidden_reason, shown.hidden_by.username) == (None, "A phone number.", "staff")
    page = members.view("m2")
    assert "0123 456 789" in page and "A phone number." not in page and "Hidden earlier" not in page
    assert members.post("circle_unhide", {"post_id": post_id}, "staff")[0] == 409
    assert members.post("circle_reply", {"post_id": post_id, "body": "Me too."}, "m2")[0] == 200
    assert members.post("circle_hide", {"post_id": post_id, "reason": "Still a number."}, "staff")[0] == 200
    assert CirclePost.objects.get(pk=post_id).hidden_reason == "Still a number."  # the latest reason


def test_a_hidden_reply_is_hidden_alone(members):
    assert post(members, "m1")[0] == 200
    assert members.post("circle_reply", {"post_id": only_post(), "body": "Rude words."}, "m2")[0] == 200
    reply = CirclePost.objects.get(parent__isnull=False).pk
    assert members.post("circle_hide", {"post_id": reply, "reason": "Rude."}, "staff")[0] == 200
    page = members.view("m1")
    assert "Rude words." not in page and "Turn on captions" in page


@pytest.mark.parametrize("handler, payload", [("circle_pin", {"pinned": True}), ("circle_hide", {"reason": "Off."}),
                                              ("circle_unhide", {})])
def test_moderation_is_for_staff(members, handler, payload):
    assert post(members, "m1")[0] == 200
    before = snapshot()
    assert members.post(handler, {"post_id": only_post(), **payload}, "m2")[0] == 403
    assert snapshot() == before


def test_pinned_posts_come_first_then_the_newest(members):
    for text in ("First tip.", "Second tip.", "Third tip."):
        assert post(members, "m1", text)[0] == 200
    assert texts(members.view("m2")) == ["Third tip.", "Second tip.", "First tip."]
    first = CirclePost.objects.get(body="First tip.").pk
    status, body = members.post("circle_pin", {"post_id": first, "pinned": True}, "staff")
    assert status == 200 and texts(body["html"]) == ["First tip.", "Third tip.", "Second tip."]
    assert members.post("circle_pin", {"post_id": first, "pinned": True}, "staff")[0] == 409
    assert members.post("circle_reply", {"post_id": first, "body": "Agreed."}, "m2")[0] == 200
    reply = CirclePost.objects.get(parent=first).pk
    assert members.post("circle_pin", {"post_id": reply, "pinned": True}, "staff")[0] == 409
    assert members.post("circle_pin", {"post_id": first, "pinned": False}, "staff")[0] == 200
    assert texts(members.view("m2"))[:3] == ["Third tip.", "Second tip.", "First tip."]


def test_twenty_five_posts_take_three_pages_with_their_replies(members):
    for number in range(1, 26):
        assert post(members, "m1" if number % 2 else "m2", f"Tip number {number}.")[0] == 200
    oldest = CirclePost.objects.get(body="Tip number 1.").pk
    assert members.post("circle_reply", {"post_id": oldest, "body": "An answer."}, "staff")[0] == 200
    first = members.view("m1")
    assert texts(first) == [f"Tip number {n}." for n in range(25, 15, -1)] and "Posts 1 to 10 of 25" in first
    status, body = members.post("circle_page", {"page": 3}, "m1")
    assert status == 200 and "Posts 21 to 25 of 25" in body["html"] and "Page 3 of 3" in body["html"]
    assert texts(body["html"]) == [f"Tip number {n}." for n in range(5, 0, -1)] + ["An answer."]
    assert "Next page" not in body["html"] and "Previous page" in body["html"]
    assert texts(members.post("circle_page", {"page": 9}, "m1")[1]["html"])[0] == "Tip number 5."
    assert members.post("circle_page", {"page": 0}, "m1")[0] == 400


def test_replies_go_to_visible_posts_of_this_program_only(members):
    other = members(add_program("other_circle"))
    assert other.post("submit_intake", intake("mentor"), "m1")[0] == 200
    assert post(other, "m1", "Elsewhere.")[0] == 200
    elsewhere = CirclePost.objects.get(body="Elsewhere.").pk
    before = snapshot()
    status, body = members.post("circle_reply", {"post_id": elsewhere, "body": "Hi."}, "m1")
    assert status == 404 and body["error"]
    for handler, payload in (("circle_pin", {"pinned": True}), ("circle_hide", {"reason": "Off."}),
                             ("circle_unhide", {})):
        assert members.post(handler, {"post_id": elsewhere, **payload}, "staff")[0] == 404
    assert snapshot() == before
    assert post(members, "m1", "Here.")[0] == 200
    here = CirclePost.objects.get(body="Here.").pk
    assert members.post("circle_reply", {"post_id": here, "body": "Reply."}, "m2")[0] == 200
    reply = CirclePost.objects.get(body="Reply.").pk
    assert members.post("circle_reply", {"post_id": reply, "body": "Nested."}, "m1")[0] == 409


def test_staff_schedule_a_meeting_everyone_reads_on_their_own_clock(members):
    meeting = {"date": NEXT_WEEK.isoformat(), "time": "09:30", "minutes": 45, "timezone": "America/New_York",
               "meeting_link": "https://meet.example.org/circle"}
    assert members.post("circle_schedule", meeting, "m1")[0] == 403
    assert members.post("circle_schedule", meeting, "staff")[0] == 200
    stored = CircleMeeting.objects.get()
    expected = datetime(NEXT_WEEK.year, NEXT_WEEK.month, NEXT_WEEK.day, 9, 30, tzinfo=ZoneInfo("America/New_York"))
    assert stored.starts_at == expected.astimezone(UTC) and stored.minutes == 45
    for student, zone in (("m1", "Europe/Paris"), ("m2", "Asia/Tokyo")):
        local = stored.starts_at.astimezone(ZoneInfo(zone))
        assert f"{local.date().isoformat()} at {local:%H:%M} ({zone})" in members.view(student)
    assert "https://meet.example.org/circle" in members.view("m2")
    assert members.post("circle_cancel_meeting", {"meeting_id": stored.pk}, "m2")[0] == 403
    assert members.post("circle_cancel_meeting", {"meeting_id": stored.pk}, "staff")[0] == 200
    assert "https://meet.example.org/circle" not in members.view("m2")
    assert members.post("circle_cancel_meeting", {"meeting_id": stored.pk}, "staff")[0] == 409


@pytest.mark.parametrize("change, field", [({"meeting_link": "http://meet.example.org"}, "meeting_link"),
                                           ({"meeting_link": ""}, "meeting_link"), ({"timezone": "Mars/Base"},
                                                                                   "timezone"),
                                           ({"time": "25:00"}, "time"), ({"date": "2020-01-01"}, "date")])
def test_a_meeting_needs_a_time_to_come_a_zone_and_an_https_link(members, change, field):
    meeting = {"date": NEXT_WEEK.isoformat(), "time": "10:00", "minutes": 60, "timezone": "UTC",
               "meeting_link": "https://meet.example.org/circle", **change}
    status, body = members.post("circle_schedule", meeting, "staff")
    assert status == 400 and field in body["fields"]
    assert not CircleMeeting.objects.exists()


def test_retirement_keeps_the_post_in_its_place_without_its_text(members):
    assert post(members, "m1", "My own words.")[0] == 200
    assert members.post("circle_reply", {"post_id": only_post(), "body": "Kenji answers."}, "m2")[0] == 200
    domain.retire_user(get_user_model().objects.get(username="m1").pk)
    page = members.view("m2")
    assert "My own words." not in page and "its writer has left" in page and "Kenji answers." in page
    assert CirclePost.objects.get(pk=only_post()).body == ""


def test_a_reset_learner_keeps_their_posts_in_the_circle(members):
    assert post(members, "m1", "Still useful.")[0] == 200
    domain.reset_participant(members_program(members), Participant.objects.get(user__username="m1").anonymous_user_id)
    page = members.view("m2")
    assert "Still useful." in page and "A former member" in page


def members_program(client):
    return domain.ProgramRef(*Participant.objects.filter(usage_key__endswith=client.usage_id).values_list(
        "course_key", "usage_key").first())


def test_a_submit_sent_twice_posts_once(members):
    first = post(members, "m1", request_id="circle-request-1")
    again = post(members, "m1", request_id="circle-request-1")
    assert first[0] == again[0] == 200 and again[1]["html"]
    assert CirclePost.objects.count() == 1


@pytest.mark.parametrize("posts", [5, 30])
def test_a_page_of_the_circle_costs_the_same_queries_at_any_size(members, posts):
    author = Participant.objects.get(user__username="m1")
    now = datetime.now(UTC)
    rows = CirclePost.objects.bulk_create(
        CirclePost(usage_key=author.usage_key, user_id=author.user_id, author=author, body=f"Tip {n}.",
                   created_at=now - timedelta(minutes=n)) for n in range(posts))
    CirclePost.objects.bulk_create(
        CirclePost(usage_key=author.usage_key, parent=row, user_id=author.user_id, author=author, body="Yes.",
                   created_at=now) for row in rows for _ in range(2))
    members.post("circle_page", {"page": 1}, "m2")  # warm caches
    with CaptureQueriesContext(connection) as queries:
        assert members.post("circle_page", {"page": 1}, "m2")[0] == 200
    ours = [q for q in queries.captured_queries if "reverse_mentoring_xblock_circle" in q["sql"]]
    assert len(ours) == 4  # count, posts, replies, meetings
