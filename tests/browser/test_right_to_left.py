"""Other languages in the browser: in the ``rtl`` test language under ``dir="rtl"`` (the LMS sets it for Arabic,
Hebrew, Persian... and for ``rtl``) the block mirrors: coloured borders, indents and the start of text move to the
right; its server and JavaScript messages come from the ``rtl`` catalogues; axe finds nothing serious. In Latin-American
Spanish the page and the JavaScript speak Spanish.

The demo picks the language from ``?lang=``; the workbench page sets no ``dir`` (the LMS sets it on its pages), so
these tests also show that the block's root carries the direction of its language itself.
"""
import polib
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from devsite.translations import po_path

from .pages import open_block, picture, reset_announcements
from .test_accessibility import assert_no_serious_violation

UNREACHABLE = "The server could not be reached. Check your connection and try again."

# Where an element's text sits in its box (CSS px from each side) and how wide its side borders are.
TEXT_AND_BORDERS = """el => {
  const box = el.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(el);
  const text = range.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {fromLeft: text.left - box.left, fromRight: box.right - text.right, textLeft: text.left,
          textRight: text.right, borderLeft: parseFloat(style.borderLeftWidth),
          borderRight: parseFloat(style.borderRightWidth)};
}"""


@pytest.fixture(scope="module")
def axe():
    return Axe()


def translated(locale, english):
    return polib.pofile(str(po_path(locale))).find(english).msgstr


def open_right_to_left(page, base_url, student):
    """The block in ``rtl`` on a page that sets no direction: the block's own root reads right to left."""
    block = open_block(page, base_url, student, language="rtl")
    assert block.get_attribute("dir") == "rtl" and page.evaluate("document.documentElement.dir") == ""
    return block


def test_learner_view_mirrors(page, demo_server, axe):
    block = open_right_to_left(page, demo_server, "mentee_robert")  # waiting again: a notice, the answers to edit
    notice = block.locator(".rm-notice").first.evaluate(TEXT_AND_BORDERS)
    assert (notice["borderRight"], notice["borderLeft"]) == (4, 0)

    block.locator(".rm-edit-intake > summary").click()
    name_label = translated("rtl", "Name your partner will see")
    field = block.get_by_label(name_label).bounding_box()
    label = block.locator("label", has_text=name_label).evaluate(TEXT_AND_BORDERS)
    assert abs(label["textRight"] - (field["x"] + field["width"])) <= 1, (label, field)
    assert label["textLeft"] > field["x"] + field["width"] / 2, (label, field)

    page.route("**/handler/**", lambda route: route.abort())  # the server out of reach: the JS speaks
    reset_announcements(block)
    block.get_by_role("button", name=translated("rtl", "Save my answers")).click()
    alert = block.locator(".rm-alert")
    expect(alert).to_have_text(translated("rtl", UNREACHABLE))
    edges = alert.evaluate(TEXT_AND_BORDERS)
    assert (edges["borderRight"], edges["borderLeft"]) == (4, 0)

    picture(block, "learner-rtl")
    assert_no_serious_violation(page, axe, block)


def test_staff_dashboard_mirrors(page, demo_server, axe):
    block = open_right_to_left(page, demo_server, "staff")
    headers = block.locator(".rm-pairs thead th")
    expect(headers.first).to_be_visible()
    cells = [headers.nth(index).evaluate(TEXT_AND_BORDERS) for index in range(headers.count())]
    assert all(cell["fromRight"] <= cell["fromLeft"] + .5 for cell in cells), cells  # each starts on the right
    assert max(cell["fromLeft"] - cell["fromRight"] for cell in cells) > 8, cells  # and some leave room on the left

    picture(block, "staff-rtl")
    assert_no_serious_violation(page, axe, block)


def test_spanish_page_and_script(page, demo_server):
    block = open_block(page, demo_server, "mentee_robert", language="es-419")
    block.locator(".rm-edit-intake > summary").click()
    save = block.get_by_role("button", name=translated("es_419", "Save my answers"))
    expect(save).to_have_count(1)
    page.route("**/handler/**", lambda route: route.abort())
    reset_announcements(block)
    save.click()
    expect(block.locator(".rm-alert")).to_have_text(translated("es_419", UNREACHABLE))
