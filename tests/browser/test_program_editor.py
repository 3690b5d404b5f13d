"""The Studio editor in Chromium: start from a template, add a topic with two items, reorder them, add an intake
question and a session's agenda, read what the change does to the demo's learners and save, with the mouse and with
the keyboard only; learners then find the topic, the question, the agenda and a notice of the change; axe finds
nothing serious in the editor.

The module has a demo server of its own: it changes the demo program's catalogue, which other modules read.
"""
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .keyboard import Keyboard
from .pages import SCENARIO, open_block, reset_announcements, unique_student
from .test_accessibility import assert_no_serious_violation

TEMPLATE_ID, TEMPLATE_TITLE = "diversity-inclusion", "Diversity and inclusion"
FIRST_TEMPLATE_TOPIC = "Inclusive online meetings"
FILLED = f'The form now holds the template "{TEMPLATE_TITLE}". Nothing is saved until you press Save.'
SAVED = "The program is saved."
PAIRED_MENTEE = "mentee_george"  # paired by the seed; wants a topic the template has not, so sees every checklist
NEW_TOPIC = "[data-list='topics'] > li:last-child"
QUESTION = "How many people work in your team?"
CHOICES = ("1-5", "6-20", "more than 20")
AGENDA = "Inclusive meetings: captions & the chat"
ANSWERS_SAVED = "Thank you, your answers are saved."


@pytest.fixture
def server(matching_server):
    """This module's own demo server (the fixture is named for the matching tests that need one first)."""
    return matching_server


def open_editor(page, base_url):
    page.bring_to_front()
    page.goto(f"{base_url}/scenario/{SCENARIO}/studio_view/?student=staff")
    page.wait_for_function("() => window.jQuery && jQuery('.xblock-v1').prop('xblock_children') !== undefined")
    editor = page.locator(".rm-editor")
    expect(editor.locator("[data-list='topics'] > li").first).to_be_visible()
    return editor


def saved_ids(editor):
    """The ids of the last topic and its items, as the server drew the editor after saving."""
    return editor.evaluate("""e => {
        const state = JSON.parse(e.querySelector('script[type="application/json"]').textContent);
        const topic = state.topics[state.topics.length - 1];
        return [topic.id, topic.items.map(item => item.id)];
    }""")


def expect_learners_see(page, base_url, topic, items):
    """The paired mentee's checklist has the topic's items in this order; a newcomer's intake offers the topic."""
    block = open_block(page, base_url, PAIRED_MENTEE)
    heading = block.locator(".rm-checklists h4", has_text=topic)
    expect(heading).to_have_count(1)
    listed = heading.locator("xpath=following-sibling::ul[1]/li")
    expect(listed).to_have_count(len(items))
    for position, item in enumerate(items):
        expect(listed.nth(position)).to_contain_text(item)
    newcomer = open_block(page, base_url, unique_student("editor_new"))
    expect(newcomer.locator("fieldset[data-field='learn_topics']")).to_contain_text(topic)


def expect_learners_find_the_question_and_the_agenda(page, base_url):
    """The paired mentee reads the agenda in the plan and answers the question, new to them, in a form of its own;
    a newcomer's intake asks it after the built-in questions."""
    block = open_block(page, base_url, PAIRED_MENTEE)
    plan = block.locator(".rm-plan tbody tr").nth(1)
    expect(plan).to_contain_text(AGENDA)
    form = block.locator("form.rm-new-questions")
    expect(form.get_by_role("heading")).to_have_text("The program has new questions for you")
    form.get_by_label(f"{QUESTION} (optional)").select_option(CHOICES[1])
    reset_announcements(block)
    form.get_by_role("button", name="Send my answers").click()
    expect(block.locator(".rm-status")).to_have_text(ANSWERS_SAVED)
    expect(block.locator("form.rm-new-questions")).to_have_count(0)
    newcomer = open_block(page, base_url, unique_student("editor_question"))
    expect(newcomer.locator("form.rm-intake").get_by_label(f"{QUESTION} (optional)")).to_have_count(1)


def confirm_what_reaches_learners(editor):
    """The demo's learners have grades: the editor lists what the change does to them, and saves once confirmed."""
    impact = editor.locator(".rm-editor-impact")
    expect(impact.get_by_role("heading")).to_have_text("This change reaches learners")
    expect(impact).to_contain_text("Once published, the grades of")
    expect(impact).to_contain_text("are asked the new questions: " + QUESTION)
    assert_no_serious_violation(editor.page, Axe(), impact)
    impact.get_by_role("button", name="Back to the form").click()
    expect(impact).to_be_hidden()
    editor.get_by_role("button", name="Save").click()
    impact.get_by_role("button", name="Save the change").click()


def test_an_author_builds_a_program_from_a_template_with_the_mouse(page, server):
    editor = open_editor(page, server)
    editor.get_by_label("Program template").select_option(TEMPLATE_ID)
    editor.get_by_role("button", name="Fill the form from this template").click()
    expect(editor.locator(".rm-status")).to_have_text(FILLED)
    expect(editor.get_by_label("Title of topic 1", exact=True)).to_have_value(FIRST_TEMPLATE_TOPIC)
    expect(editor.locator("[data-shares='match_weights']")).to_contain_text("Reverse 40%")

    editor.get_by_role("button", name="Add a topic").click()
    editor.get_by_label("Title of topic 6", exact=True).fill("Team wikis")
    editor.get_by_role("button", name="Add an item to Team wikis").click()
    editor.get_by_label("Title of item 1 of Team wikis").fill("Start a page")
    editor.get_by_role("button", name="Add an item to Team wikis").click()
    editor.get_by_label("Title of item 2 of Team wikis").fill("Link two pages")
    editor.get_by_role("button", name="Move Link two pages up").click()
    expect(editor.get_by_label("Title of item 1 of Team wikis")).to_have_value("Link two pages")
    editor.get_by_label("Confirmed sessions").fill("30")
    expect(editor.locator("[data-shares='grading_weights']")).to_have_text(
        "Resulting shares: Confirmed sessions 43%, Confirmed checklist items 14%, Feedback 43%.")
    editor.get_by_label("Agenda of session 2").fill(AGENDA)
    editor.get_by_role("button", name="Add a question").click()
    editor.get_by_label("Text of question 1").fill(QUESTION)
    choices = editor.get_by_label("Choices for question 1, one per line")
    expect(choices).to_be_hidden()  # a question answered in words has none
    editor.get_by_label("How question 1 is answered").select_option("choice")
    choices.fill("\n".join(CHOICES))
    editor.get_by_label("Planned sessions per pair").fill("1")
    expect(editor.get_by_label("Agenda of session 2")).to_have_count(0)
    editor.get_by_label("Planned sessions per pair").fill("6")  # the text comes back with its session
    expect(editor.get_by_label("Agenda of session 2")).to_have_value(AGENDA)

    editor.get_by_role("button", name="Save").click()
    confirm_what_reaches_learners(editor)
    expect(editor.locator(".rm-status")).to_have_text(SAVED)
    expect(editor.get_by_label("Title of topic 6", exact=True)).to_have_value("Team wikis")
    assert saved_ids(editor) == ["team-wikis", ["link-two-pages", "start-a-page"]]

    editor.get_by_label("Title of topic 6", exact=True).fill("Team wikis and pages")  # renamed: the ids stay
    reset_announcements(editor)
    editor.get_by_role("button", name="Save").click()
    expect(editor.locator(".rm-status")).to_have_text(SAVED)
    expect(editor.get_by_label("Title of topic 6", exact=True)).to_have_value("Team wikis and pages")
    assert saved_ids(editor) == ["team-wikis", ["link-two-pages", "start-a-page"]]
    expect(editor.get_by_label("Text of question 1")).to_have_value(QUESTION)
    expect(editor.get_by_label("Agenda of session 2")).to_have_value(AGENDA)
    expect_learners_see(page, server, "Team wikis and pages", ["Link two pages", "Start a page"])
    expect_learners_find_the_question_and_the_agenda(page, server)
    expect_learners_read_what_changed(page, server)


def expect_learners_read_what_changed(page, base_url):
    """A learner who joined before reads the notice of the change until they dismiss it; the title takes the focus."""
    block = open_block(page, base_url, PAIRED_MENTEE)
    notice = block.locator(".rm-settings-notice")
    expect(notice.get_by_role("heading")).to_have_text("The program's settings have changed")
    expect(notice).to_contain_text("Your grade is computed again with these settings.")
    assert_no_serious_violation(page, Axe(), block)
    notice.get_by_role("button", name="Got it").click()
    expect(notice).to_have_count(0)
    expect(block.locator(".rm-title")).to_be_focused()
    expect(open_block(page, base_url, PAIRED_MENTEE).locator(".rm-settings-notice")).to_have_count(0)


def test_the_same_edit_with_the_keyboard_only(page, server):
    open_editor(page, server)
    keyboard = Keyboard(page)
    keyboard.choose_option(".rm-template-choice", "Div", value=TEMPLATE_ID)
    keyboard.press("[data-editor='apply-template']")
    expect(page.locator(".rm-editor .rm-status")).to_have_text(FILLED)
    keyboard.press("[data-editor='add'][data-list='topics']")
    assert keyboard.is_active(f"{NEW_TOPIC} .rm-entry-title input")
    page.keyboard.type("Shared calendars")
    page.keyboard.press("Enter")  # finishing a title does not save the program
    page.wait_for_timeout(300)
    expect(page.locator(".rm-editor .rm-status")).to_have_text(FILLED)
    for item in ("Book a room", "Share a calendar"):
        keyboard.press(f"{NEW_TOPIC} > fieldset > [data-editor='add']")
        page.keyboard.type(item)
    keyboard.tab_to(f"{NEW_TOPIC} [data-list='items'] > li:nth-child(2) [data-editor='up']")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Move Share a calendar up"
    page.keyboard.press("Enter")
    expect(page.locator(f"{NEW_TOPIC} [data-list='items'] > li:first-child input")).to_have_value("Share a calendar")
    keyboard.press(".rm-editor button[type=submit]")
    impact = page.locator(".rm-editor-impact")
    expect(impact).to_be_visible()
    assert keyboard.is_active(".rm-editor-impact h3")  # the author reads what the change does first
    keyboard.press("[data-editor='confirm-save']")
    expect(page.locator(".rm-editor .rm-status")).to_have_text(SAVED)
    expect_learners_see(page, server, "Shared calendars", ["Share a calendar", "Book a room"])


def test_no_serious_accessibility_violation_in_the_editor(page, server):
    editor = open_editor(page, server)
    axe = Axe()
    assert_no_serious_violation(page, axe, editor)
    editor.get_by_label("Display name").fill("")
    editor.get_by_role("button", name="Add a topic").click()
    editor.get_by_role("button", name="Add a question").click()
    editor.get_by_role("button", name="Save").click()
    display_name = editor.get_by_label("Display name")
    expect(display_name).to_have_attribute("aria-invalid", "true")
    described = display_name.get_attribute("aria-describedby").split()
    expect(page.locator(f"#{described[-1]}")).to_have_text("Give a title of 1 to 120 characters.")
    expect(editor.locator("[data-field$='.items'].rm-invalid")).to_have_count(1)
    question = editor.get_by_label("Text of question 1")
    expect(question).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{question.get_attribute('aria-describedby')}")).to_have_text(
        "Question 1: give a text of 1 to 200 characters.")
    assert_no_serious_violation(page, axe, editor)
