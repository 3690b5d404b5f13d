"""The matching review at the size of a real intake: a summary, proposals a page at a time, search and filters,
and a fixed number of queries however many proposals a run holds."""
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reverse_mentoring_xblock.domain.dashboard import PAGE_SIZE
from reverse_mentoring_xblock.models import MatchRun
from tests.cohorts import waiting


def rows(html):
    """The (mentor id, mentee id) of each proposal row shown."""
    return [(int(m), int(e)) for m, e in re.findall(r'-decide-(\d+)-(\d+)"', html)]


def start(block_client):
    status, body = block_client.post("start_matching", {}, "staff")
    assert status == 200, body
    return MatchRun.objects.latest("pk"), body["html"]


def test_the_review_summarises_then_pages_searches_and_filters(block_client, program):
    waiting(program, PAGE_SIZE + 5)
    run, html = start(block_client)
    order = list(run.proposals.order_by("rank").values_list("mentor_id", "mentee_id"))
    assert len(order) == PAGE_SIZE + 5 and f"{PAGE_SIZE + 5} pairs proposed" in html
    assert rows(html) == order[:PAGE_SIZE] and "Page 1 of 2" in html

    status, body = block_client.post("matching_proposals", {"run_id": run.pk, "page": 2}, "staff")
    assert status == 200 and rows(body["html"]) == order[PAGE_SIZE:]

    mentor, mentee = order[-1]
    name = program.participants().get(pk=mentee).public_name
    status, body = block_client.post("matching_proposals", {"run_id": run.pk, "search": name.lower()}, "staff")
    assert rows(body["html"]) == [(mentor, mentee)]

    block_client.post("leave_out_proposal", {"run_id": run.pk, "mentor_id": mentor, "mentee_id": mentee,
                                             "left_out": True}, "staff")
    status, body = block_client.post("matching_proposals", {"run_id": run.pk, "show": "left_out"}, "staff")
    assert rows(body["html"]) == [(mentor, mentee)] and "Include<" in body["html"]
    status, body = block_client.post("matching_proposals", {"run_id": run.pk, "show": "locked"}, "staff")
    assert rows(body["html"]) == [] and "No proposal matches." in body["html"]

    status, body = block_client.post("matching_proposals", {"run_id": run.pk, "show": "best", "page": -1}, "staff")
    assert status == 400 and set(body["fields"]) == {"show", "page"}
    assert block_client.post("matching_proposals", {"run_id": run.pk}, "waitingmentee1")[0] == 403


def test_a_page_of_an_older_run_shows_the_latest_run_instead(block_client, program):
    waiting(program, 3)
    old, _html = start(block_client)
    newer, _html = start(block_client)
    status, body = block_client.post("matching_proposals", {"run_id": old.pk, "page": 2}, "staff")
    assert status == 200 and f'name="run_id" value="{newer.pk}"' in body["html"]
    assert f'name="run_id" value="{old.pk}"' not in body["html"]


def count_staff_queries(block_client):
    block_client.view("staff")
    with CaptureQueriesContext(connection) as queries:
        block_client.view("staff")
    return len([q for q in queries.captured_queries if "reverse_mentoring_xblock_" in q["sql"]])


def test_the_review_costs_the_same_queries_for_3_or_90_proposals(block_client, program):
    waiting(program, 3, prefix="few")
    start(block_client)
    few = count_staff_queries(block_client)
    waiting(program, 87, prefix="many")
    run, _html = start(block_client)
    assert run.proposals.count() == 90
    assert count_staff_queries(block_client) == few
