"""Following a matching run that works in the background: the panel polls, backs off, and gives up visibly.

A run is queued straight into the module's own demo database (as a worker would leave it), the page's
clock is Playwright's, and the status requests fail on purpose until the test lets them through.
"""
import pytest
from playwright.sync_api import expect

from .conftest import reporting, run_in_demo
from .pages import open_block

GAVE_UP = "The matching progress could not be updated. Press Refresh or reload the page."
QUEUE_A_RUN = """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "devsite.settings"
import django
django.setup()
from django.utils import timezone
from workbench.scenarios import SCENARIOS, init_scenarios
from reverse_mentoring_xblock import platform
from reverse_mentoring_xblock.models import MatchRun
init_scenarios()
course_key, usage_key = platform.program_keys(SCENARIOS["reverse_mentoring.0"].usage_id)
MatchRun.objects.create(course_key=course_key, usage_key=usage_key, status="running", progress=40,
                        created_at=timezone.now())
"""


@pytest.fixture
def running_run(own_demo, pytestconfig):
    run_in_demo(own_demo, ["-c", QUEUE_A_RUN])
    with reporting(pytestconfig, own_demo) as base_url:
        yield base_url


def test_polling_backs_off_then_stops_with_a_message_until_staff_refresh(page, running_run):
    requests = []

    def fail(route):
        requests.append(route.request.url)
        route.abort()

    page.clock.install()
    page.route("**/matching_status/**", fail)
    block = open_block(page, running_run, "staff")
    expect(block.get_by_text("Matching is running: 40% done.")).to_be_visible()
    delays = []
    for _attempt in range(5):  # 1.5 s, then twice as long after each failure
        before = len(requests)
        waited = 0
        while len(requests) == before and waited < 60_000:
            page.clock.run_for(500)
            waited += 500
            page.wait_for_timeout(20)
        delays.append(waited)
    assert len(requests) == 5
    assert delays == sorted(delays) and delays[-1] >= 8 * delays[0], delays
    expect(block.locator(".rm-alert")).to_have_text(GAVE_UP)
    page.clock.run_for(600_000)
    page.wait_for_timeout(100)
    assert len(requests) == 5  # stopped
    page.unroute("**/matching_status/**")
    with page.expect_response("**/matching_status/**"):
        block.get_by_role("button", name="Refresh").click()
    expect(block.locator(".rm-alert")).to_be_empty()
    page.route("**/matching_status/**", fail)
    page.clock.run_for(2_000)
    page.wait_for_timeout(100)
    assert len(requests) == 6  # polling again after staff refreshed
