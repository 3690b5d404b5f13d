"""axe-core on every learner and staff state of the block (the workbench page around it is not ours).

Serious and critical violations fail the test; lesser ones are reported as warnings. Every
``<details>`` is opened first, so the forms they hold are checked too.
"""
import re
import warnings

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .pages import (
    FIX_ANSWERS,
    SAVED,
    TOPICS,
    expect_alert,
    expect_status,
    fill_intake,
    open_block,
    picture,
    reset_announcements,
    unique_student,
)
from .test_dashboard import filter_participants, filter_stalled, open_completed_timeline, open_stalled_timeline
from .test_matching import LEFT_OUT, accept_all_but, adjust, decide, matching_card, run_matching

FAILING_IMPACTS = {"serious", "critical"}
AXE_CONTEXT = {"include": [[".rm-block"]]}
AXE_OPTIONS = {"resultTypes": ["violations"]}


def submit_empty_intake(block):
    reset_announcements(block)
    block.get_by_role("button", name="Join the program").click()
    expect_alert(block, FIX_ANSWERS)


def join_as_mentee(block):
    fill_intake(block, name="Axel Axe", role="Mentee", ratings=dict.fromkeys(TOPICS, 2), learn=["linkedin"],
                share=["career"], slots=["Friday Evening"], timezone="UTC", meeting="Remote")
    reset_announcements(block)
    block.get_by_role("button", name="Join the program").click()
    expect_status(block, SAVED)


def submit_empty_feedback(block):
    reset_announcements(block)
    block.get_by_role("button", name="Send feedback").click()
    expect_alert(block, FIX_ANSWERS)


def show_dispute_form(block):
    form = block.locator(".rm-dispute-form").first
    form.locator("summary").click()
    reset_announcements(block)
    form.get_by_role("button", name="Send dispute").click()  # an empty reason: the error shows
    expect_alert(block, FIX_ANSWERS)


# (test id, student, what to do before checking); ``None`` student = a brand-new learner.
STATES = [
    ("intake-new-learner", None, None),
    ("intake-with-errors", None, submit_empty_intake),
    ("just-joined-status-message", None, join_as_mentee),
    ("waiting", "mentee_yuki", None),
    ("waiting-again-after-pair-ended", "mentee_robert", None),
    ("paired-session-to-confirm", "mentee_paul", None),
    ("paired-dispute-error", "mentee_paul", show_dispute_form),
    ("paired-logger-of-sessions", "mentor_ana", None),
    ("mentor-disputed-session", "mentor_sam", None),
    ("mentee-correcting-disputed-session", "mentee_helen", None),
    ("paired-no-session-yet", "mentor_li", None),
    ("paired-again-with-earlier-pair-and-meeting-to-answer", "mentor_amir", None),
    ("completed-feedback-form-mentee", "mentee_claire", None),
    ("completed-feedback-form-mentor", "mentor_omar", None),
    ("completed-feedback-errors", "mentor_omar", submit_empty_feedback),
    ("completed-feedback-given", "mentee_maria", None),
    ("staff", "staff", None),
    ("dashboard-stalled-pairs", "staff", filter_stalled),
    ("dashboard-stalled-timeline", "staff", open_stalled_timeline),
    ("dashboard-completed-timeline", "staff", open_completed_timeline),
    ("dashboard-waiting-participants", "staff", filter_participants),
]


@pytest.fixture(scope="module")
def axe():
    return Axe()


def describe(violation):
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']} - {violation['helpUrl']}"]
    for node in violation["nodes"][:5]:
        summary = " | ".join(line.strip() for line in node.get("failureSummary", "").splitlines() if line.strip())
        lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def assert_no_serious_violation(page, axe, block):
    block.evaluate("b => b.querySelectorAll('details').forEach(d => { d.open = true; })")
    violations = axe.run(page, context=AXE_CONTEXT, options=AXE_OPTIONS).response["violations"]
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    for violation in violations:
        if violation not in failing:
            warnings.warn(f"axe: {describe(violation)}", stacklevel=1)
    assert not failing, "axe found serious or critical problems in the block:\n" + "\n".join(map(describe, failing))


@pytest.mark.parametrize(("student", "prepare"), [pytest.param(s, p, id=i) for i, s, p in STATES])
def test_no_serious_accessibility_violation(request, page, demo_server, axe, student, prepare):
    block = open_block(page, demo_server, student or unique_student("axe_new"))
    if prepare:
        prepare(block)
    picture(block, request.node.callspec.id)  # each state as its users see it, before axe unfolds every part
    assert_no_serious_violation(page, axe, block)


# Automatic matching pairs everyone waiting, so its states get a demo server of their own (see
# test_matching.py). Each state starts a new run itself; only the last one pairs anybody (two pairs).
def show_proposals(block):
    run_matching(block)


def exclude_and_lock(block):
    """A locked proposal (badge, "Unlock" button), an excluded one ("Excluded:" line), a new run."""
    first = run_matching(block)[0]
    second = next(p for p in adjust(block, "Lock", first) if p.mentor != first.mentor)
    adjust(block, "Exclude", second)
    expect(matching_card(block).get_by_text(re.compile(r"^Excluded: "))).to_be_visible()


def swap_one(block):
    """One proposal ticked for a swap, then "Swap and match again": the form's error shows."""
    first = run_matching(block)[0]
    matching_card(block).get_by_role("checkbox", name=f"Swap {first.label}", exact=True).check()
    reset_announcements(block)
    matching_card(block).get_by_role("button", name="Swap and match again").click()
    expect_alert(block, FIX_ANSWERS)


def leave_one_out(block):
    """One proposal left out (its row muted, "Include" offered), filtered to the left-out proposals."""
    first = run_matching(block)[0]
    decide(block, "Leave out", first, LEFT_OUT)
    card = matching_card(block)
    card.get_by_label("Show", exact=True).select_option("left_out")
    card.get_by_role("button", name="Show proposals").click()
    expect(card.locator(".rm-proposals tbody > tr")).to_have_count(1)


def accept_two_pairs(block):
    """Two proposals accepted (the others left for later): new pairs in the table, "Run matching" again."""
    proposals = run_matching(block)
    accept_all_but(block, proposals[2:])
    expect(matching_card(block)).to_contain_text("The last matching created 2 pairs.")


MATCHING_STATES = [
    ("matching-proposals", show_proposals),
    ("matching-excluded-and-locked", exclude_and_lock),
    ("matching-swap-error", swap_one),
    ("matching-left-out", leave_one_out),
    ("matching-after-accepting", accept_two_pairs),
]


@pytest.mark.parametrize("prepare", [pytest.param(p, id=i) for i, p in MATCHING_STATES])
def test_no_serious_accessibility_violation_in_matching(page, matching_server, axe, prepare):
    block = open_block(page, matching_server, "staff")
    prepare(block)
    assert_no_serious_violation(page, axe, block)


# WCAG 1.4.10 (reflow): at 320 CSS pixels wide (1280 px at 400 % zoom) nothing in the block may need
# sideways scrolling of the page; wide tables may scroll inside their own keyboard-reachable box.
OVERFLOWING = """block => {
  const edge = block.getBoundingClientRect();
  const scrollsItself = el => {
    for (let node = el.parentElement; node && node !== block; node = node.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(node).overflowX)) { return true; }
    }
    return false;
  };
  return Array.from(block.querySelectorAll('*')).filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && !el.closest('.rm-sr') && !scrollsItself(el)
      && (box.right > edge.right + 1 || box.left < edge.left - 1);
  }).slice(0, 10).map(el => `${el.tagName.toLowerCase()}.${el.className}`
    + ` ${Math.round(el.getBoundingClientRect().right)}px > ${Math.round(edge.right)}px`);
}"""

REFLOW_STATES = [("intake", None), ("paired", "mentee_paul"), ("feedback-form", "mentor_omar"), ("staff", "staff")]


@pytest.mark.parametrize("student", [pytest.param(s, id=i) for i, s in REFLOW_STATES])
def test_block_reflows_at_320_css_pixels(page, demo_server, axe, student):
    page.set_viewport_size({"width": 320, "height": 640})
    block = open_block(page, demo_server, student or unique_student("axe_narrow"))
    block.evaluate("b => b.querySelectorAll('details').forEach(d => { d.open = true; })")
    overflowing = block.evaluate(OVERFLOWING)
    assert not overflowing, "content wider than the block at 320 px:\n" + "\n".join(overflowing)
    violations = axe.run(page, context=AXE_CONTEXT, options=AXE_OPTIONS).response["violations"]
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]  # e.g. a scroll box keyboards cannot reach
    assert not failing, "axe found serious or critical problems at 320 px:\n" + "\n".join(map(describe, failing))


def test_matching_proposals_reflow_at_320_css_pixels(page, matching_server, axe):
    page.set_viewport_size({"width": 320, "height": 640})
    block = open_block(page, matching_server, "staff")
    exclude_and_lock(block)  # the widest state: proposals table, swap form, "Unlock" buttons
    overflowing = block.evaluate(OVERFLOWING)
    assert not overflowing, "content wider than the block at 320 px:\n" + "\n".join(overflowing)
    violations = axe.run(page, context=AXE_CONTEXT, options=AXE_OPTIONS).response["violations"]
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, "axe found serious or critical problems at 320 px:\n" + "\n".join(map(describe, failing))
