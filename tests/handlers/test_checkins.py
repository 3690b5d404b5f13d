"""The halfway check-in: open from half the plan while the pair is active, answered once by each partner, read
by staff as an early warning in the overview and the pair's timeline; the comment is for staff only."""
from datetime import timedelta

import pytest

from reverse_mentoring_xblock import domain
from reverse_mentoring_xblock.models import CheckIn
from tests.live_program import TODAY, Program

ANSWER = {"working": "no", "satisfaction": 2, "comment": "We keep cancelling. <script>alert(1)</script>"}


@pytest.fixture
def halfway(block_client):
    """Plan of 3: a pair with 2 confirmed sessions (due), one with 1 (not yet); the first has a second mentee."""
    world = Program("checkin")
    for student, role in (("mentor_a", "mentor"), ("mentee_b", "mentee"), ("mentor_c", "mentor"),
                          ("mentee_d", "mentee")):
        world.join(student, role)
    world.due = world.pair("mentor_a", "mentee_b")
    world.meet("mentee_b", "mentor_a", world.due, held_on=TODAY - timedelta(days=2))
    world.meet("mentor_a", "mentee_b", world.due)
    world.early = world.pair("mentor_c", "mentee_d")
    world.meet("mentee_d", "mentor_c", world.early)
    world.client = block_client(world.usage_id)
    return world


def test_each_partner_answers_once_from_halfway(halfway):
    page = halfway.client.view("mentee_b")
    assert "Halfway check-in" in page and 'data-action="submit_checkin"' in page
    status, answer = halfway.client.post("submit_checkin", ANSWER, "mentee_b")
    assert status == 200 and answer["message"] == "Thank you: course staff read your check-in.", answer
    assert 'data-action="submit_checkin"' not in answer["html"]
    assert halfway.client.post("submit_checkin", ANSWER, "mentee_b") == (
        409, {"error": "You have already answered the check-in for this pair."})
    assert 'data-action="submit_checkin"' in halfway.client.view("mentor_a")  # the partner answers on their own
    assert halfway.client.post("submit_checkin", {**ANSWER, "working": "yes"}, "mentor_a")[0] == 200
    assert sorted(CheckIn.objects.values_list("working", flat=True)) == ["no", "yes"]


def test_before_halfway_there_is_no_check_in(halfway):
    assert "Halfway check-in" not in halfway.client.view("mentee_d")
    status, answer = halfway.client.post("submit_checkin", ANSWER, "mentee_d")
    assert status == 409 and "half of your planned sessions" in answer["error"]
    assert not CheckIn.objects.exists()


def test_a_completed_pair_has_no_check_in(halfway):
    halfway.meet("mentee_b", "mentor_a", halfway.due, held_on=TODAY - timedelta(days=1))
    assert "Halfway check-in" not in halfway.client.view("mentee_b")
    assert halfway.client.post("submit_checkin", ANSWER, "mentee_b")[0] == 409


def test_staff_read_the_answers_as_an_early_warning_and_the_partner_does_not(halfway):
    assert halfway.client.post("submit_checkin", ANSWER, "mentee_b")[0] == 200
    staff = halfway.client.view("staff")
    assert "1 answered; not working for a partner: 1; only partly: 0" in staff
    detail = halfway.client.post("pair_detail", {"pair_id": halfway.due.pk}, "staff")[1]["html"]
    assert "Halfway check-in from Mentee_B: working for them? No; satisfaction so far 2 of 5" in detail
    assert "needs attention" in detail
    assert "We keep cancelling. &lt;script&gt;alert(1)&lt;/script&gt;" in detail and "<script>alert" not in detail
    assert "We keep cancelling" not in halfway.client.view("mentor_a")


@pytest.mark.parametrize("payload, field", [
    ({"working": "maybe", "satisfaction": 3}, "working"),
    ({"working": "yes", "satisfaction": 6}, "satisfaction"),
    ({"working": "yes", "satisfaction": True}, "satisfaction"),
    ({"working": "yes", "satisfaction": 3, "comment": "x" * 2001}, "comment"),
    ({"working": "yes", "satisfaction": 3, "extra": 1}, "form"),
])
def test_a_wrong_answer_is_named_and_nothing_is_written(halfway, payload, field):
    status, answer = halfway.client.post("submit_checkin", payload, "mentee_b")
    assert status == 400 and field in answer["fields"], answer
    assert not CheckIn.objects.exists()


def test_retirement_forgets_the_comment(halfway):
    from reverse_mentoring_xblock.domain import retirement  # noqa: F401  (the receiver is connected)
    assert halfway.client.post("submit_checkin", ANSWER, "mentee_b")[0] == 200
    domain.retire_user(halfway.people["mentee_b"].user_id)
    assert list(CheckIn.objects.values_list("working", "comment")) == [("no", "")]
