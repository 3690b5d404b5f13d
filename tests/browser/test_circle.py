"""The mentor circle in Chromium: mentors post and reply, a mentee does not see it, axe and the keyboard agree."""
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .keyboard import Keyboard
from .pages import expect_status, open_block, reset_announcements
from .test_accessibility import assert_no_serious_violation

POSTED = "Your post is in the circle."
REPLIED = "Your reply is in the circle."
LONG_TAB_PATH = 1000  # a paired mentor's whole learner part comes before the circle


@pytest.fixture(scope="module")
def axe():
    return Axe()


def circle_of(block):
    return block.locator('section[data-section="circle"]')


def new_text(what):
    return f"{what} {uuid.uuid4().hex[:6]}: mute yourself when you are not speaking."


def post_of(block, text):
    return circle_of(block).locator("article.rm-circle-post").filter(has_text=text)


def test_a_mentor_posts_another_replies_and_a_mentee_sees_no_circle(page, demo_server):
    tip = new_text("Tip")
    block = open_block(page, demo_server, "mentor_kenji")
    circle = circle_of(block)
    expect(circle.get_by_role("heading", name="Mentor circle", exact=True)).to_be_visible()
    circle.get_by_label("Your post").fill(tip)
    reset_announcements(block)
    circle.get_by_role("button", name="Post to the circle").click()
    expect_status(block, POSTED)
    expect(post_of(block, tip)).to_be_focused()

    block = open_block(page, demo_server, "mentor_tom")
    post = post_of(block, tip)
    expect(post).to_contain_text("Kenji Mori")
    post.locator("summary", has_text="Reply").click()
    post.get_by_label("Your reply").fill("Thanks, and use the raise-hand button.")
    reset_announcements(block)
    post.get_by_role("button", name="Send the reply").click()
    expect_status(block, REPLIED)
    reply = post_of(block, tip).locator("article.rm-circle-reply")
    expect(reply).to_contain_text("Thanks, and use the raise-hand button.")
    expect(reply).to_contain_text("Tom Becker")
    expect(reply).to_be_focused()

    block = open_block(page, demo_server, "mentee_ruth")
    expect(circle_of(block)).to_have_count(0)
    expect(block).not_to_contain_text(tip)


def test_the_circle_has_no_serious_accessibility_violation_for_mentors_and_staff(page, demo_server, axe):
    block = open_block(page, demo_server, "mentor_noah")
    circle = circle_of(block)
    circle.get_by_label("Your post").fill(new_text("Question"))
    circle.get_by_role("button", name="Post to the circle").click()
    expect_status(block, POSTED)
    assert_no_serious_violation(page, axe, circle_of(block))
    block = open_block(page, demo_server, "staff")
    expect(circle_of(block).get_by_role("button", name="Pin to the top").first).to_be_visible()
    assert_no_serious_violation(page, axe, circle_of(block))


def test_the_circle_works_by_keyboard(page, demo_server):
    tip = new_text("Keyboard tip")
    block = open_block(page, demo_server, "mentor_tom")
    keys = Keyboard(page)
    keys.tab_to(".rm-circle-new textarea[name=body]", limit=LONG_TAB_PATH)
    page.keyboard.type(tip)
    reset_announcements(block)
    keys.press(".rm-circle-new button[type=submit]")
    expect_status(block, POSTED)
    post = post_of(block, tip)
    expect(post).to_be_focused()
    post_id = post.get_attribute("id")
    keys.press(f"#{post_id} > details.rm-circle-answer > summary")
    keys.type_text(f"#{post_id} textarea[name=body]", "Answered without a mouse.")
    reset_announcements(block)
    keys.press(f"#{post_id} button[type=submit]")
    expect_status(block, REPLIED)
    expect(post_of(block, tip).locator("article.rm-circle-reply")).to_be_focused()

