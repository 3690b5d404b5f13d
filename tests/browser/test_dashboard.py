"""The staff dashboard as course staff use it: from the overview to the stalled pairs, a pair's timeline and a
CSV report, with the mouse and then with the keyboard alone.

The demo seeds one stalled pair (Tom Becker and Ruth Adler: paired 80 days ago, no session since), and
nothing the other browser tests do can stall another one (their pairs are new).
"""
import csv
import re
from pathlib import Path

from playwright.sync_api import expect

from .keyboard import Keyboard
from .pages import open_block
from .test_keyboard import COUNT_POINTER_EVENTS, expect_no_pointer_input

STALLED_MENTOR, STALLED_MENTEE = "Tom Becker", "Ruth Adler"
TIMELINE_TITLE = f"Timeline of {STALLED_MENTOR} and {STALLED_MENTEE}"
PAIR_FILTERS = "form.rm-filters[data-action=dashboard_pairs]"  # inside the block
FILTERS = f".rm-block {PAIR_FILTERS}"  # in the page, for the keyboard


def pairs_section(block):
    return block.locator(":not(form)[data-section=pairs]")


def detail_section(block):
    return block.locator(":not(form)[data-section=detail]")


def expect_only_the_stalled_pair(block):
    """The pair table shows the one stalled pair, and its heading has the focus."""
    section = pairs_section(block)
    heading = section.get_by_role("heading", name="1 pair")
    expect(heading).to_be_focused()
    rows = section.locator("table.rm-pairs tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(0)).to_have_text(STALLED_MENTOR)
    expect(rows.first.locator("td").nth(1)).to_have_text(STALLED_MENTEE)
    expect(rows.first.locator("td").nth(2)).to_have_text("Stalled")
    expect(rows.first.locator("td").nth(3)).to_have_text("0 / 6")


def expect_stalled_timeline(block):
    section = detail_section(block)
    expect(section.get_by_role("heading", name=TIMELINE_TITLE)).to_be_focused()
    expect(section).to_contain_text("Stalled · 0 of 6 sessions confirmed")
    events = section.locator("ol.rm-timeline > li")
    expect(events).to_have_count(1)  # pairing by staff is all that happened
    expect(events.first).to_contain_text("Paired by staff")


def filter_stalled(block):
    """Staff choose Health: Stalled in the pair filters and show the pairs."""
    block.locator(f"{PAIR_FILTERS} select[name=health]").select_option(label="Stalled")
    block.locator(PAIR_FILTERS).get_by_role("button", name="Show pairs").click()
    expect_only_the_stalled_pair(block)


def open_stalled_timeline(block):
    filter_stalled(block)
    block.get_by_role("button", name=f"Timeline of {STALLED_MENTOR} and {STALLED_MENTEE}").click()
    expect_stalled_timeline(block)


def open_completed_timeline(block):
    """The timeline with the most in it: six confirmed sessions with their checklists, and feedback."""
    block.locator(f"{PAIR_FILTERS} input[name=search]").fill("mentor_zoe")
    block.locator(PAIR_FILTERS).get_by_role("button", name="Show pairs").click()
    expect(pairs_section(block).get_by_role("heading", name="1 pair")).to_be_focused()
    block.get_by_role("button", name="Timeline of Zoe").click()
    section = detail_section(block)
    expect(section.get_by_role("heading", name=re.compile(r"^Timeline of Zoe"))).to_be_focused()
    expect(section).to_contain_text("Feedback from")


def filter_participants(block):
    form = block.locator("form.rm-filters[data-action=dashboard_participants]")
    form.locator("select[name=stage]").select_option(label="Waiting")
    form.get_by_role("button", name="Show participants").click()
    expect(block.locator(":not(form)[data-section=participants] h4")).to_be_focused()


def read_csv(download):
    with open(download.path(), encoding="utf-8", newline="") as report:
        return list(csv.DictReader(report))


def download(page, link):
    with page.expect_download() as info:
        link()
    return info.value


def stalled_row(rows):
    (row,) = [r for r in rows if r.get("mentor") == STALLED_MENTOR]
    return row


def test_staff_go_from_the_overview_to_a_stalled_pair_and_its_report(page, demo_server):
    block = open_block(page, demo_server, "staff")
    overview = block.locator(":not(form)[data-section=overview]")
    expect(overview.get_by_role("heading", name="How the program is going")).to_be_visible()
    expect(overview).to_contain_text(re.compile(r"Updated at \d\d:\d\d"))
    expect(overview.get_by_role("button", name="Stalled: 1 pair", exact=True)).to_be_visible()

    overview.get_by_role("button", name="Stalled: 1 pair", exact=True).click()  # the overview's shortcut
    expect_only_the_stalled_pair(block)
    block.locator(f"{PAIR_FILTERS} select[name=health]").select_option(label="Any")
    block.locator(PAIR_FILTERS).get_by_role("button", name="Show pairs").click()
    expect(pairs_section(block).locator("table.rm-pairs tbody tr")).not_to_have_count(1)

    open_stalled_timeline(block)

    reports = block.locator(".rm-exports")
    named = read_csv(download(page, lambda: reports.get_by_role("link", name="Pairs", exact=True).click()))
    row = stalled_row(named)
    assert (row["mentee"], row["status"], row["health"], row["sessions confirmed"]) == (
        STALLED_MENTEE, "active", "stalled", "0")
    assert row["mentor username"] == "mentor_tom"

    anonymous = download(page, lambda: reports.get_by_role("link", name="Pairs, with anonymous ids").click())
    text = Path(anonymous.path()).read_text(encoding="utf-8")
    assert STALLED_MENTOR not in text and "mentor_tom" not in text
    rows = read_csv(anonymous)
    assert {"mentor anonymous id", "mentee anonymous id"} <= set(rows[0]) and "mentor" not in rows[0]
    assert len(rows) == len(named)
    assert sum(r["health"] == "stalled" for r in rows) == 1


def test_the_same_path_by_keyboard_alone(context, demo_server):
    context.add_init_script(COUNT_POINTER_EVENTS)
    page = context.new_page()
    block = open_block(page, demo_server, "staff")
    keys = Keyboard(page)
    keys.choose_option(f"{FILTERS} select[name=health]", "St", value="stalled")
    keys.press(f"{FILTERS} button[type=submit]")
    expect_only_the_stalled_pair(block)
    keys.press(".rm-block table.rm-pairs form[data-action=pair_detail] button[type=submit]")
    expect_stalled_timeline(block)
    report = download(page, lambda: keys.press(".rm-block .rm-exports a[href*='kind=pairs']:not([href*='anonymous'])"))
    assert stalled_row(read_csv(report))["health"] == "stalled"
    expect_no_pointer_input(page)
