"""Automatic matching in the staff panel: run, exclude, swap, leave some proposals out, accept the rest, match again.

Matching pairs everyone who waits, so these tests run against their own freshly seeded demo server
(module scope): the session's server keeps the waiting learners the other tests expect, and no learner
another test left waiting there can change what is proposed here. In the seeded demo eight learners
wait: mentors Noah, Ines, Lea and Kenji; mentees Yuki, Robert, Frank and Sofia. Which pairs the solver
picks is read from the page, except where a test says what the seeded answers make certain.
"""
import re
from dataclasses import dataclass

from playwright.sync_api import expect

from .pages import FIX_ANSWERS, WAITING_TITLE, expect_alert, expect_status, open_block, reset_announcements

RUN_FINISHED = "Matching finished: review the proposals below."
PAIRS_CREATED = "{count} pairs created."
PROPOSALS_TABLE = "Proposed pairs with their reasons"
SWAP = "Swap and match again"
LEFT_OUT = "Left out: it will not be accepted."
INCLUDED = "Included again: it will be accepted."
PICK_TWO = "Pick two proposals with different mentors and mentees."
SEEDED_WAITING = {"Noah Fischer", "Ines Costa", "Lea Novak", "Kenji Mori",
                  "Yuki Tanaka", "Robert King", "Frank Weber", "Sofia Alvarez"}
STABILITY = re.compile(r"^(Stable|Unstable: .+)$")
WAITING_STAGES = {"Waiting", "Pair ended, waiting again"}


# --- the matching card, as staff read it ----------------------------------------------------------

@dataclass(frozen=True)
class Proposal:
    mentor: str
    mentee: str
    reasons: tuple

    @property
    def names(self):
        return {self.mentor, self.mentee}

    @property
    def label(self):
        """How the Leave out, Exclude, Lock and Swap controls name this proposal."""
        return f"{self.mentor} and {self.mentee}"


def matching_card(block):
    return block.locator("section.rm-matching")


def proposals_table(block):
    return matching_card(block).get_by_role("table", name=PROPOSALS_TABLE)


def read_proposals(block):
    """The proposals table, row by row: mentor, mentee and the reasons listed under "Why"."""
    rows = proposals_table(block).locator("tbody > tr")
    return [Proposal(row["mentor"], row["mentee"], tuple(row["reasons"])) for row in rows.evaluate_all(
        """rows => rows.map(row => ({mentor: row.cells[0].innerText.trim(), mentee: row.cells[1].innerText.trim(),
             reasons: Array.from(row.querySelectorAll('.rm-reasons li'), li => li.innerText.trim())}))""")]


def proposal_row(block, proposal):
    page = block.page
    return (proposals_table(block).locator("tbody > tr")
            .filter(has=page.get_by_role("cell", name=proposal.mentor, exact=True))
            .filter(has=page.get_by_role("cell", name=proposal.mentee, exact=True)))


def run_matching(block):
    """Press "Run matching" (or "Start over" when proposals are shown): a new run over everyone waiting."""
    card = matching_card(block)
    reset_announcements(block)
    card.get_by_role("button", name=re.compile(r"^(Run matching|Start over)$")).click()
    expect_status(block, RUN_FINISHED)
    expect(proposals_table(block)).to_be_visible()
    return read_proposals(block)


def adjust(block, action, proposal):
    """Press "Exclude" or "Lock" on one proposal; a new run follows."""
    reset_announcements(block)
    proposal_row(block, proposal).get_by_role("button", name=f"{action} {proposal.label}", exact=True).click()
    expect_status(block, RUN_FINISHED)
    return read_proposals(block)


def decide(block, verb, proposal, announced):
    """Press "Leave out" or "Include" on one proposal: the card is drawn again, the focus stays on the toggle."""
    reset_announcements(block)
    proposal_row(block, proposal).get_by_role("button", name=f"{verb} {proposal.label}", exact=True).click()
    expect_status(block, announced)
    again = "Include" if verb == "Leave out" else "Leave out"
    expect(proposal_row(block, proposal).get_by_role("button", name=f"{again} {proposal.label}",
                                                     exact=True)).to_be_focused()


def accept_all_but(block, left_out):
    """Leave ``left_out`` proposals out and accept the rest; returns the accepted ones."""
    proposals = read_proposals(block)
    for proposal in left_out:
        decide(block, "Leave out", proposal, LEFT_OUT)
    accepted = [p for p in proposals if p not in left_out]
    reset_announcements(block)
    matching_card(block).get_by_role("button", name=f"Accept {len(accepted)} pairs").click()
    expect_status(block, PAIRS_CREATED.format(count=len(accepted)))
    return accepted


def participants(block):
    """The participants table (its first page holds the whole seeded demo): name -> (username, stage)."""
    region = block.get_by_role("region", name="Participants, with their stage")
    rows = region.locator("tbody > tr").evaluate_all(
        "rows => rows.map(row => Array.from(row.cells, cell => cell.innerText.trim()))")
    return {cells[0]: (cells[1], cells[3]) for cells in rows}


def waiting_names(block):
    return {name for name, (_username, stage) in participants(block).items() if stage in WAITING_STAGES}


def pair_row(block, mentor, mentee):
    """The row of the pair's active pairing (the demo's ended pairs keep their own rows)."""
    region = block.get_by_role("region", name="Pairs, with their health and sessions")
    page = block.page
    return (region.locator("tbody > tr").filter(has=page.get_by_role("cell", name=mentor, exact=True))
            .filter(has=page.get_by_role("cell", name=mentee, exact=True)).filter(has_not_text="Ended"))


# --- the tests ------------------------------------------------------------------------------------

def test_run_matching_proposes_pairs_with_their_reasons(page, matching_server):
    staff = open_block(page, matching_server, "staff")
    card = matching_card(staff)
    expect(card.get_by_role("heading", name="Automatic matching")).to_be_visible()
    assert waiting_names(staff) >= SEEDED_WAITING

    proposals = run_matching(staff)  # the status region says it is done (checked in run_matching)
    assert len(proposals) >= 3, proposals
    expect(card).to_contain_text(
        re.compile(rf"{len(proposals)} pairs proposed, total score \d+ \(mean \d+, lowest \d+\)\."))
    everyone = [name for proposal in proposals for name in (proposal.mentor, proposal.mentee)]
    assert len(everyone) == len(set(everyone)), f"someone is proposed twice: {proposals}"  # capacity 1
    assert set(everyone) <= waiting_names(staff)
    for proposal in proposals:
        assert proposal.reasons, f"no reason given for {proposal}"
        row = proposal_row(staff, proposal)
        expect(row).to_have_count(1)
        expect(row.locator(".rm-hint")).to_contain_text(re.compile(r"^Digital \d+, Reverse \d+"))  # the breakdown
        expect(row.get_by_role("cell").nth(4)).to_have_text(STABILITY)
        expect(row.get_by_role("cell").nth(5)).to_contain_text("To accept")  # unless staff leave it out
        for action in ("Leave out", "Exclude", "Lock"):
            expect(row.get_by_role("button", name=f"{action} {proposal.label}", exact=True)).to_be_visible()

    # Frank wants to learn data and dashboards, which Lea offers to teach (she rates it 4/4, he 0/4); he
    # shares client relationships, which only Lea asked for: the reasons say so, in both directions, by name.
    frank = next(p for p in proposals if p.mentee == "Frank Weber")
    assert frank.mentor == "Lea Novak", proposals
    assert ("Lea Novak offers to teach Data and dashboards and rates it 4/4; Frank Weber, who wants to learn it, "
            "rates it 0/4") in frank.reasons, frank.reasons
    assert any(r.startswith("Frank Weber shares experience in Client relationships and negotiation")
               and "Lea Novak" in r for r in frank.reasons), frank.reasons

    expect(card.get_by_role("checkbox", name=re.compile("^Swap "))).to_have_count(len(proposals))
    expect(card.get_by_role("button", name=f"Accept {len(proposals)} pairs")).to_be_visible()


def test_excluding_a_proposal_matches_again_without_it(page, matching_server):
    staff = open_block(page, matching_server, "staff")
    proposals = run_matching(staff)
    excluded = next((p for p in proposals if p.mentee == "Frank Weber"), proposals[0])
    again = adjust(staff, "Exclude", excluded)
    card = matching_card(staff)
    expect(card.get_by_text(re.compile(r"^Excluded: "))).to_have_text(
        f"Excluded: {excluded.mentor} / {excluded.mentee}")
    assert (excluded.mentor, excluded.mentee) not in {(p.mentor, p.mentee) for p in again}, again
    assert again, "nothing proposed after excluding one pair"
    assert all(p.reasons for p in again), again
    # "Start over" forgets the exclusion.
    fresh = run_matching(staff)
    expect(card.get_by_text(re.compile(r"^Excluded: "))).to_have_count(0)
    assert {(p.mentor, p.mentee) for p in fresh} == {(p.mentor, p.mentee) for p in proposals}


def test_swapping_two_proposals_locks_the_crossed_pairs(page, matching_server):
    staff = open_block(page, matching_server, "staff")
    proposals = run_matching(staff)
    card = matching_card(staff)
    swap = card.get_by_role("button", name=SWAP)

    # One proposal is not a swap: the error is shown, tied to the button, and focus goes there.
    first, second = proposals[0], proposals[1]
    card.get_by_role("checkbox", name=f"Swap {first.label}", exact=True).check()
    reset_announcements(staff)
    swap.click()
    expect_alert(staff, FIX_ANSWERS)
    expect(swap).to_have_accessible_description(re.compile("^" + re.escape(PICK_TWO)))
    expect(swap).to_be_focused()

    card.get_by_role("checkbox", name=f"Swap {second.label}", exact=True).check()
    reset_announcements(staff)
    swap.click()
    expect_status(staff, RUN_FINISHED)
    crossed = {(first.mentor, second.mentee), (second.mentor, first.mentee)}
    again = {(p.mentor, p.mentee) for p in read_proposals(staff)}
    assert crossed <= again, again
    for mentor, mentee in crossed:
        expect(proposal_row(staff, Proposal(mentor, mentee, ())).get_by_text("locked", exact=True)).to_be_visible()
        expect(card.get_by_role("button", name=f"Unlock {mentor} / {mentee}", exact=True)).to_be_visible()


def test_leaving_every_proposal_out_leaves_nothing_to_accept(page, matching_server):
    staff = open_block(page, matching_server, "staff")
    proposals = run_matching(staff)
    for proposal in proposals:
        decide(staff, "Leave out", proposal, LEFT_OUT)
    card = matching_card(staff)
    expect(card.get_by_role("button", name="Accept 0 pairs")).to_be_disabled()
    expect(card).to_contain_text(f"{len(proposals)} proposals left out.")
    decide(staff, "Include", proposals[0], INCLUDED)
    expect(card.get_by_role("button", name="Accept 1 pair")).to_be_enabled()
    assert read_proposals(staff) == proposals  # nothing was paired: the proposals stay for review


def test_accepted_proposals_become_pairs_and_the_rest_wait(context, matching_server):
    staff_page, learner_page = context.new_page(), context.new_page()
    staff = open_block(staff_page, matching_server, "staff")
    proposals = run_matching(staff)
    assert len(proposals) >= 2, proposals
    usernames = {name: username for name, (username, _status) in participants(staff).items()}
    # Leave one proposal out (not Frank's, so that he can be the learner who checks his partner).
    left_out = next(p for p in reversed(proposals) if p.mentee != "Frank Weber")
    accepted = accept_all_but(staff, [left_out])  # "N pairs created." checked there
    card = matching_card(staff)
    expect(card).to_contain_text(f"The last matching created {len(accepted)} pair{'s' * (len(accepted) != 1)}.")
    expect(card.get_by_role("button", name="Run matching")).to_be_visible()
    for proposal in accepted:
        row = pair_row(staff, proposal.mentor, proposal.mentee)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("0 / 6")
    expect(pair_row(staff, left_out.mentor, left_out.mentee)).to_have_count(0)
    status = participants(staff)
    for proposal in accepted:
        assert {status[name][1] for name in proposal.names} == {"Paired"}, proposal
    assert {status[name][1] for name in left_out.names} <= WAITING_STAGES, left_out

    # Both partners of an accepted pair see each other; the left-out learners are still waiting.
    pair = next((p for p in accepted if p.mentee == "Frank Weber"), accepted[0])
    for name, partner in ((pair.mentee, pair.mentor), (pair.mentor, pair.mentee)):
        learner = open_block(learner_page, matching_server, usernames[name])
        expect(learner.get_by_role("heading", name=re.compile(r"^Your partner"))).to_be_visible()
        expect(learner.locator(".rm-partner-name")).to_contain_text(partner)
    for name in (left_out.mentee, left_out.mentor):
        learner = open_block(learner_page, matching_server, usernames[name])
        expect(learner.get_by_role("heading", name=WAITING_TITLE)).to_be_visible()
        expect(learner.get_by_role("heading", name=re.compile(r"^Your partner"))).to_have_count(0)

    # Matching again proposes only people still waiting: none of the new pairs, the left-out ones again.
    staff = open_block(staff_page, matching_server, "staff")
    waiting = waiting_names(staff)
    paired = set().union(*(p.names for p in accepted))
    assert not waiting & paired
    again = run_matching(staff)
    proposed = set().union(*(p.names for p in again))
    assert proposed <= waiting, f"{proposed - waiting} proposed but not waiting"
    assert not proposed & paired, f"{proposed & paired} proposed although paired just now"
    assert left_out.names <= proposed, f"{left_out} not proposed again: {again}"
