"""The XSS corpus in every field one person writes and another reads, rendered in Chromium.

Names, goals, session notes, dispute and end reasons and meeting links are written through the same
parsers and domain operations as the handlers (``xss_world.py``), then opened as the partner, as the
writer's own intake form, and as staff (the tables, each disputed pair's timeline, the matching review).
On every page: no dialog, no call to ``alert``/``confirm``/``prompt``, no ``window.__xss``, no element
with an event-handler attribute or of a scripting kind inside the block, and every payload shown exactly
as typed.
Meeting links are refused unless they start with https://.
"""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reverse_mentoring_xblock.core.text import clean_line, clean_paragraph

from .conftest import run_in_demo
from .pages import FIX_ANSWERS, open_block
from .xss_corpus import PAYLOADS, UNSAFE_LINKS
from .xss_world import meeting_link, students

HERE = Path(__file__).resolve().parent
TRAPS = """
window.__xss = 0;
['alert', 'confirm', 'prompt', 'print'].forEach(function(name) {
    window[name] = function() { window.__xss += 1; };
});
"""
INJECTED = """root => {
    const kinds = 'script, iframe, frame, object, embed, base, meta, link, style, svg, math, template, noscript';
    const handlers = [...root.querySelectorAll('*')].filter(
        element => [...element.attributes].some(attribute => attribute.name.toLowerCase().startsWith('on')));
    const links = [...root.querySelectorAll('a[href], [formaction], [src]')].map(
        element => element.getAttribute('href') || element.getAttribute('formaction') || element.getAttribute('src'))
        .filter(address => !/^(https:|#|\\/)/i.test(address.trim()));
    const injected = [...root.querySelectorAll(kinds)].filter(element => !element.closest('figure.rm-chart'));
    return {kinds: injected.length, handlers: handlers.length, links: links};
}"""


def flat(text):
    return " ".join(text.split())


@pytest.fixture(scope="module")
def xss_server(own_demo):
    """The module's demo server, filled with the corpus before any page is opened."""
    run_in_demo(own_demo, [str(HERE / "xss_world.py")], extra_path=[HERE])
    return own_demo


@pytest.fixture
def xss_base(xss_server, pytestconfig):
    from .conftest import reporting
    with reporting(pytestconfig, xss_server) as base_url:
        yield base_url


@pytest.fixture
def trapped(context):
    """Pages of this context count every dialog and every call of the functions payloads reach for."""
    dialogs = []
    context.add_init_script(TRAPS)
    context.on("page", lambda page: page.on("dialog", lambda dialog: (dialogs.append(dialog.message),
                                                                         dialog.dismiss())))
    return dialogs


def assert_inert(page, block, dialogs, expected_texts, where):
    found = block.evaluate(INJECTED)
    assert found == {"kinds": 0, "handlers": 0, "links": []}, (where, found)
    assert page.evaluate("window.__xss") == 0, where
    assert dialogs == [], (where, dialogs)
    assert page.title() != "xss", where
    shown = flat(block.inner_text())
    missing = [text for text in expected_texts if flat(text) not in shown]
    assert not missing, (where, missing)


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_partners_see_each_payload_as_text(page, trapped, xss_base, index):
    payload = PAYLOADS[index]
    name, paragraph = clean_line(payload), clean_paragraph(payload)
    mentor, mentee = students("x", index)
    block = open_block(page, xss_base, mentor)  # the mentor reads the mentee's name, goals and notes
    assert_inert(page, block, trapped, [name, paragraph], f"{mentor}: {payload!r}")
    block = open_block(page, xss_base, mentee)  # the mentee reads the mentor's name and goals and the dispute
    assert_inert(page, block, trapped, [name, paragraph, f"Reason for dispute: {paragraph}"], f"{mentee}: {payload!r}")
    link = block.get_by_role("link", name="Open the meeting link")
    if " " not in payload and "\x00" not in payload:
        expect(link).to_have_attribute("href", meeting_link(payload))
    ended_mentee = students("y", index)[1]  # back on the waiting list: the own answers fill the form
    block = open_block(page, xss_base, ended_mentee)
    assert block.locator("input[name=public_name]").input_value() == name
    assert block.locator("textarea[name=goals]").input_value() == paragraph
    assert_inert(page, block, trapped, [], f"{ended_mentee}: {payload!r}")


def every_page(page, block, trapped, section):
    """The text of every page of a dashboard table, checking each page as it comes."""
    part = block.locator(f'section[data-section="{section}"]')
    shown = []
    while True:
        shown.append(flat(part.inner_text()))
        assert_inert(page, block, trapped, [], f"{section}, {len(shown)}")
        following = part.locator(".rm-pagination").get_by_role("button", name="Next page")
        if not following.count():
            return " ".join(shown)
        following.click()
        expect(part.locator(".rm-pagination")).to_contain_text(f"Page {len(shown) + 1} of")


def test_staff_see_every_name_and_end_reason_as_text(page, trapped, xss_base):
    block = open_block(page, xss_base, "staff")
    assert_inert(page, block, trapped, [], "staff panel")
    shown = every_page(page, block, trapped, "pairs") + every_page(page, block, trapped, "participants")
    texts = {clean_line(p) for p in PAYLOADS} | {clean_paragraph(p) for p in PAYLOADS}
    assert not [text for text in texts if flat(text) not in shown]
    block.get_by_role("button", name="Run matching").click()
    expect(block.locator(".rm-proposals")).to_be_visible(timeout=60_000)
    assert_inert(page, block, trapped, [clean_line(p) for p in PAYLOADS[:10]], "matching review")


def test_staff_read_every_dispute_in_the_pair_timelines_as_text(page, trapped, xss_base):
    """The timeline of each disputed pair (every payload's): names and the dispute reason, inert."""
    block = open_block(page, xss_base, "staff")
    filters = block.locator("form.rm-filters[data-action=dashboard_pairs]")
    filters.locator("select[name=disputed]").select_option("true")
    filters.get_by_role("button", name="Show pairs").click()
    pairs, detail = (block.locator(f'section[data-section="{name}"]') for name in ("pairs", "detail"))
    expect(pairs.get_by_role("heading", name=f"{len(PAYLOADS) + 1} pairs")).to_be_focused()  # and the seeded one
    shown, page_number = [], 1
    while True:
        buttons = pairs.locator("form[data-action=pair_detail] button")
        for row in range(buttons.count()):
            detail.locator("h4").evaluate("heading => { heading.dataset.stale = 'yes'; }")
            buttons.nth(row).click()
            expect(detail.locator("h4:not([data-stale])")).to_be_focused()
            shown.append(flat(detail.inner_text()))
            assert_inert(page, block, trapped, [], f"timeline {len(shown)}")
        following = pairs.locator(".rm-pagination").get_by_role("button", name="Next page")
        if not following.count():
            break
        following.click()
        page_number += 1
        expect(pairs.locator(".rm-pagination")).to_contain_text(f"Page {page_number} of")
    assert len(shown) == len(PAYLOADS) + 1
    everything = " ".join(shown)
    assert not [p for p in PAYLOADS if flat(f"Reason for dispute: {clean_paragraph(p)}") not in everything]


def test_meeting_links_are_refused_unless_https(page, trapped, xss_base):
    mentee = students("x", 0)[1]
    block = open_block(page, xss_base, mentee)
    before = block.get_by_label("Meeting link (both of you can change it)").input_value()
    for address in UNSAFE_LINKS:
        field = block.get_by_label("Meeting link (both of you can change it)")
        field.fill(address)
        block.get_by_role("button", name="Save link").click()
        expect(block.locator(".rm-alert")).to_have_text(FIX_ANSWERS)
        expect(field).to_have_attribute("aria-invalid", "true")
        block.locator(".rm-alert").evaluate("region => { region.textContent = ''; }")
    block = open_block(page, xss_base, mentee)
    assert block.get_by_label("Meeting link (both of you can change it)").input_value() == before
    assert_inert(page, block, trapped, [], "after the refused links")
