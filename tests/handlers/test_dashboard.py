"""The staff dashboard through the real handlers: tables, timeline, withdrawing, reports, report data."""
import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from workbench.runtime import WorkbenchRuntime

from reverse_mentoring_xblock.domain import reports
from reverse_mentoring_xblock.models import CheckIn, Feedback, Pair, Participant, Session, StaffAction
from tests.cohorts import CONFIG, populate
from tests.factories import intake, session_log
from tests.tables import snapshot

TODAY = date.today().isoformat()


def join(block_client, student, role, name):
    assert block_client.post("submit_intake", intake(role, public_name=name), student)[0] == 200
    return Participant.objects.get(user__username=student).pk


@pytest.fixture
def program_with_pairs(block_client):
    """Ana and Paul paired with a session Paul logged ("Secret plans") and Ana confirmed; Sam and Helen paired."""
    ids = {student: join(block_client, student, role, name) for student, role, name in (
        ("ana", "mentor", "Ana Lima"), ("paul", "mentee", "Paul Durand"), ("sam", "mentor", "Sam Okafor"),
        ("helen", "mentee", "Helen Berg"), ("yuki", "mentee", "Yuki Tanaka"))}
    for mentor, mentee in (("ana", "paul"), ("sam", "helen")):
        assert block_client.post("pair_participants", {"mentor_id": ids[mentor], "mentee_id": ids[mentee]},
                                 "staff")[0] == 200
    assert block_client.post("log_session", session_log(TODAY, notes="Secret plans"), "paul")[0] == 200
    assert block_client.post("confirm_session", {"session_id": Session.objects.get().pk}, "ana")[0] == 200
    return ids


def test_staff_see_the_dashboard_and_learners_do_not(block_client, program_with_pairs):
    page = block_client.view("staff")
    for text in ("How the program is going", "Sessions confirmed", "Participants by stage", "Ana Lima",
                 "Paul Durand", "Timeline", "Reports", "with anonymous ids"):
        assert text in page, text
    assert "How the program is going" not in block_client.view("paul")


def test_staff_land_on_their_panel_with_their_own_part_folded_below(block_client, program_with_pairs):
    page = block_client.view("staff")
    assert page.index("How the program is going") < page.index('data-action="submit_intake"')
    assert '<details class="rm-own-part">' in page  # folded: staff rarely take part themselves
    assert block_client.post("submit_intake", intake("mentor", public_name="Stella Staff"), "staff")[0] == 200
    assert '<details class="rm-own-part" open>' in block_client.view("staff")


def test_the_pair_table_filters_and_searches(block_client, program_with_pairs):
    status, body = block_client.post("dashboard_pairs", {"search": "helen"}, "staff")
    assert status == 200 and "Helen Berg" in body["html"] and "Paul Durand" not in body["html"]
    status, body = block_client.post("dashboard_pairs", {"status": "ended"}, "staff")
    assert status == 200 and "No pair matches." in body["html"]
    status, body = block_client.post("dashboard_pairs", {"health": "sideways", "page": 0}, "staff")
    assert status == 400 and set(body["fields"]) == {"health", "page"}
    assert block_client.post("dashboard_pairs", {}, "paul")[0] == 403


def test_participants_page_and_pairing_search(block_client, program_with_pairs):
    status, body = block_client.post("dashboard_participants", {"stage": "waiting"}, "staff")
    assert status == 200 and "Yuki Tanaka" in body["html"] and "Ana Lima" not in body["html"]
    status, body = block_client.post("pairing_candidates", {"mentor_search": "yuk", "mentee_search": "yuk"},
                                     "staff")
    assert status == 200 and "No waiting mentor and mentee match this search." in body["html"]


def test_the_timeline_hides_notes_unless_the_author_allows(block_client, program_with_pairs, usage_id):
    pair_id = Session.objects.get().pair_id
    status, body = block_client.post("pair_detail", {"pair_id": pair_id}, "staff")
    assert status == 200 and "Session 1 of" in body["html"] and "Paired by staff" in body["html"]
    assert "Secret plans" not in body["html"] and "do not let staff read them" in body["html"]
    block = WorkbenchRuntime("staff").get_block(usage_id)
    block.staff_see_notes = True
    block.save()
    assert "Secret plans" in block_client.post("pair_detail", {"pair_id": pair_id}, "staff")[1]["html"]
    assert block_client.post("pair_detail", {"pair_id": 10 ** 9}, "staff")[0] == 404


def test_withdrawing_ends_the_pair_and_is_recorded(block_client, program_with_pairs):
    status, body = block_client.post("withdraw_participant", {"participant_id": program_with_pairs["helen"],
                                                              "reason": "Moved abroad."}, "staff")
    assert status == 200 and body["message"] == "Helen Berg has left the program."
    helen = Participant.objects.get(pk=program_with_pairs["helen"])
    assert helen.stage == "withdrawn" and Participant.objects.get(pk=program_with_pairs["sam"]).stage == "ended"
    assert sorted(StaffAction.objects.filter(reason="Moved abroad.").values_list("kind", flat=True)) == [
        "pair_ended", "participant_withdrawn"]
    before = snapshot()
    status, body = block_client.post("withdraw_participant", {"participant_id": helen.pk, "reason": "Again."},
                                     "staff")
    assert status == 409 and snapshot() == before


def export(client, usage_id, student, query):
    response = client.get(f"/handler/{usage_id}/export_csv/?student={student}&{query}")
    return response.status_code, response


def rows_of(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content if response.streaming
                                                else [response.content]).decode())))


def test_reports_as_csv_with_or_without_names(client, usage_id, program_with_pairs):
    status, response = export(client, usage_id, "staff", "kind=pairs")
    assert status == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="reverse-mentoring-pairs.csv"' in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header[:5] == ["pair", "mentor", "mentor username", "mentee", "mentee username"]
    assert sorted(row[1] for row in rows) == ["Ana Lima", "Sam Okafor"]
    _status, anonymous = export(client, usage_id, "staff", "kind=participants&anonymous=1")
    text = anonymous.content.decode()
    assert "Ana Lima" not in text and "ana" not in text.split("\n", 1)[1] and "anonymous id" in text
    _status, sessions = export(client, usage_id, "staff", "kind=sessions")
    assert "Secret plans" not in sessions.content.decode()  # notes stay private by default
    assert export(client, usage_id, "paul", "kind=pairs")[0] == 403
    assert export(client, usage_id, "staff", "kind=everything")[0] == 400


CHECKIN_COLUMNS = ["mentor check-in working", "mentor check-in satisfaction", "mentee check-in working",
                   "mentee check-in satisfaction"]


def check_in(pair, participant_id, working, satisfaction, comment=""):
    return CheckIn.objects.create(pair=pair, usage_key=pair.usage_key, participant_id=participant_id, working=working,
                                  satisfaction=satisfaction, comment=comment, submitted_at=timezone.now())


def test_the_pairs_report_carries_each_partners_check_in_but_no_comment(client, usage_id, program_with_pairs):
    check_in(Session.objects.get().pair, program_with_pairs["paul"], "partly", 2, "Secret worries")
    for query in ("kind=pairs", "kind=pairs&anonymous=1"):
        _status, response = export(client, usage_id, "staff", query)
        header, *rows = rows_of(response)
        assert header[-4:] == CHECKIN_COLUMNS
        assert sorted(row[-4:] for row in rows) == [["", "", "", ""], ["", "", "partly", "2"]]
        assert not [row for row in rows if "Secret worries" in row]


def test_the_pairs_report_costs_the_same_queries_with_more_pairs_and_check_ins(program):
    def queries_of_the_report():
        with CaptureQueriesContext(connection) as queries:
            rows = list(reports.export_rows(program, "pairs", CONFIG, date.today(), anonymous=False))
        return len(queries), rows

    populate(program, 4)
    few, _rows = queries_of_the_report()
    populate(program, 40)
    for pair in Pair.objects.all():
        check_in(pair, pair.mentor_id, "yes", 5)
        check_in(pair, pair.mentee_id, "no", 1)
    many, rows = queries_of_the_report()
    assert many == few and len(rows) == 1 + 22
    assert {tuple(row[-4:]) for row in rows[1:]} == {("yes", 5, "no", 1)}


def test_report_data_for_the_instructor_dashboard(usage_id, program_with_pairs):
    block = WorkbenchRuntime("staff").get_block(usage_id)
    states = [type("State", (), {"username": name})() for name in ("paul", "yuki", "nobody")]
    rows = dict(block.generate_report_data(iter(states)))
    assert rows["paul"]["Partner"] == "Ana Lima" and rows["paul"]["Sessions confirmed"] == 1
    assert rows["yuki"]["Stage"] == "waiting" and "nobody" not in rows
    assert len(list(block.generate_report_data(iter(states), limit_responses=1))) == 1


def test_feedback_comments_reach_staff_as_text(block_client, program_with_pairs):
    """Comments are shown to staff only, in the pair's timeline, escaped like every learner text."""
    session = Session.objects.get()
    Feedback.objects.create(pair_id=session.pair_id, usage_key=session.usage_key, participant_id=program_with_pairs[
        "paul"], satisfaction=4, would_recommend=True, comment='<script>alert(1)</script> & "fine"',
        submitted_at=timezone.now())
    html = block_client.post("pair_detail", {"pair_id": session.pair_id}, "staff")[1]["html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;fine&quot;" in html and "<script>alert" not in html
    assert "alert(1)" not in block_client.view("paul") + block_client.view("ana")


@pytest.mark.parametrize("name", ['=HYPERLINK("https://evil.example","Ana")', "+1+1", "-2+3", "@SUM(A1)"])
def test_reports_keep_a_name_that_looks_like_a_formula_as_text(client, usage_id, program_with_pairs, name):
    """A spreadsheet opening the report shows the name; it does not run it."""
    Participant.objects.filter(pk=program_with_pairs["ana"]).update(public_name=name)
    _status, response = export(client, usage_id, "staff", "kind=participants")
    names = [row[1] for row in rows_of(response)[1:]]
    assert "'" + name in names and name not in names
    assert not [n for n in names if n.startswith(("=", "+", "-", "@"))]
