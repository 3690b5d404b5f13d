"""Reminders in Chromium: a learner reads the reminders that apply to them and turns reminder e-mails off with the
keyboard alone, and staff send a pair a reminder from its timeline; axe finds no serious problem in either.

The demo seeds one stalled pair (Tom Becker and Ruth Adler: paired 80 days ago, no session since). These tests
change its partners' choices and its timeline, so they run on a demo server of their own.
"""
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .keyboard import Keyboard
from .pages import expect_alert, expect_status, open_block, reset_announcements
from .test_accessibility import assert_no_serious_violation
from .test_dashboard import TIMELINE_TITLE, detail_section, open_stalled_timeline

STALLED_MENTEE, STALLED_MENTOR = "mentee_ruth", "mentor_tom"
STALLED_REMINDER = "No session with Tom Becker has been confirmed for a while."
SWITCH = ".rm-block .rm-reminder-switch input[name=on]"
SAVE = ".rm-block .rm-reminder-switch button[type=submit]"
TURNED_OFF = "Reminder e-mails are off. Your reminders still show on this page."


@pytest.fixture(scope="module")
def axe():
    return Axe()


def reminders_card(block):
    return block.locator(".rm-reminders")


def test_a_learner_reads_the_reminder_and_turns_emails_off_by_keyboard(page, matching_server, axe):
    block = open_block(page, matching_server, STALLED_MENTEE)
    card = reminders_card(block)
    expect(card.get_by_role("heading", name="Reminders")).to_be_visible()
    expect(card.get_by_role("listitem")).to_have_text([f"{STALLED_REMINDER} Pick a time together, or tell course "
                                                       "staff if something is in the way."])
    switch = card.get_by_role("checkbox", name="E-mail me reminders")
    expect(switch).to_be_checked()
    expect(switch).to_have_accessible_description(
        "An e-mail when a session is due within 3 days, when a session waits for your confirmation, when your pair "
        "falls behind its plan, and when your feedback is open. These reminders show here either way.")
    assert_no_serious_violation(page, axe, block)

    keys = Keyboard(page)
    keys.tick(SWITCH, checked=False)
    reset_announcements(block)
    keys.press(SAVE)
    expect_status(block, TURNED_OFF)
    expect(page.locator(SAVE)).to_be_focused()  # drawn again with the same id: the focus stays
    expect(reminders_card(block)).to_contain_text("Reminder e-mails are off.")

    block = open_block(page, matching_server, STALLED_MENTEE)
    card = reminders_card(block)
    expect(card.get_by_role("checkbox", name="E-mail me reminders")).not_to_be_checked()
    expect(card).to_contain_text("Reminder e-mails are off.")
    expect(card).to_contain_text(STALLED_REMINDER)  # still on the page
    assert_no_serious_violation(page, axe, block)


def test_staff_send_a_reminder_from_the_timeline_once_a_day(page, matching_server, axe):
    block = open_block(page, matching_server, "staff")
    open_stalled_timeline(block)
    section = detail_section(block)
    expect(section).to_contain_text("Ruth Adler has turned reminder e-mails off.")  # the test above
    reset_announcements(block)
    section.get_by_role("button", name="Send a reminder").click()
    expect_status(block, "A reminder was sent to Tom Becker. Ruth Adler has turned reminder e-mails off.")
    section = detail_section(block)
    expect(section.get_by_role("heading", name=TIMELINE_TITLE)).to_be_visible()
    reminder = section.locator("ol.rm-timeline > li").filter(has_text="Sent by staff.")
    expect(reminder).to_have_count(1)
    expect(reminder).to_contain_text("Reminder: sent by course staff; not e-mailed: this site sends no e-mail.")
    expect(reminder).to_contain_text("To Tom Becker.")
    assert_no_serious_violation(page, axe, block)
    reset_announcements(block)
    section.get_by_role("button", name="Send a reminder").click()
    expect_alert(block, "This pair was already reminded today.")
    expect(section.get_by_role("button", name="Send a reminder")).to_be_focused()
