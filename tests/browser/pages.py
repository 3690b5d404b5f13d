"""What the browser tests share: where the block lives, the default catalogue's labels, and a few waits.

Locators go through accessible names (label, legend, role) wherever they can, so a test that finds a
control also proves a screen-reader user can find it by the same name.
"""
import os
import re
import uuid
from pathlib import Path

from playwright.sync_api import expect

SCENARIO = "reverse_mentoring.0"

# The shipped catalogue (program.DEFAULT_TOPICS / DEFAULT_EXPERIENCE_AREAS), as the learner reads it.
TOPICS = {
    "linkedin": "LinkedIn and your professional profile",
    "social-media": "Professional social media",
    "video-meetings": "Video meetings",
    "collaboration": "Collaboration tools",
    "ai-assistants": "AI assistants",
    "online-safety": "Online safety",
    "mobile": "Smartphone productivity",
    "data-dashboards": "Data and dashboards",
}
ITEMS = {
    "linkedin/profile": "Update headline, photo and summary",
    "linkedin/engage": "Comment on or share a post",
    "ai-assistants/summarise": "Ask an assistant to summarise a document",
    "ai-assistants/draft": "Draft an email with an assistant and edit it",
}
AREAS = {
    "leadership": "Leadership and managing people",
    "stress": "Stress management and resilience",
    "organisation": "How the organisation works",
    "career": "Career decisions",
    "clients": "Client relationships and negotiation",
}
RATING_LABELS = ("0 - never used", "1 - beginner", "2 - basic", "3 - confident", "4 - expert")
AREA_RATING_LABELS = ("0 - new to me", "1 - a little", "2 - some", "3 - well", "4 - very well")
AREA_RATINGS_LEGEND = "Mentors: how well do you know each area of experience today?"
SESSIONS_PLANNED = 6

# Messages the block announces in its live regions (block.py).
SAVED = "Thank you, your answers are saved."
PAIRED = "{mentor} and {mentee} are now a pair."
LOGGED = "Session logged. Your partner will be asked to confirm it."
CONFIRMED = "Session confirmed. Your progress is updated."
DISPUTED = "Your partner will see your reason and can correct it."
CORRECTED = "Session corrected. Your partner can confirm it now."
FIX_ANSWERS = "Please correct the highlighted answers."
LINK_SAVED = "The meeting link is saved."
FEEDBACK_SAVED = "Thank you for your feedback."
WAITING_TITLE = "You are on the list: a partner is on the way"
MEETING_PROPOSED = "Your proposal is sent: your partner can accept it or propose another time."
MEETING_AGREED = "The meeting is agreed. Add it to your calendar so that neither of you forgets it."
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def picture(block, name):
    """Save the block as it looks now as ``name``.jpg in the folder ``RM_SCREENSHOTS`` names (when set)."""
    folder = os.environ.get("RM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        block.screenshot(path=str(Path(folder) / f"{name}.jpg"), type="jpeg", quality=70, animations="disabled")


def unique_student(prefix):
    """A student id nobody used yet: each run of a journey starts with brand-new learners."""
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def block_url(base_url, student, language=None):
    """The demo page as ``student``, in ``language`` if given (the demo keeps it for the browser's session)."""
    return f"{base_url}/scenario/{SCENARIO}/?student={student}" + (f"&lang={language}" if language else "")


def open_block(page, base_url, student, language=None):
    """Open the demo page as ``student`` and wait until the workbench has initialised our JS."""
    page.bring_to_front()  # Chromium throttles background tabs: Playwright's checks there take seconds
    page.goto(block_url(base_url, student, language))
    # The workbench sets ``xblock_children`` on each block element just before calling its init function.
    page.wait_for_function("() => window.jQuery && jQuery('.xblock-v1').prop('xblock_children') !== undefined")
    block = page.locator(".rm-block")
    expect(block).to_have_count(1)
    return block


def reset_announcements(block):
    """Empty both live regions, so the next wait sees only what the next action announces."""
    block.evaluate("b => b.querySelectorAll('.rm-status, .rm-alert').forEach(r => { r.textContent = ''; })")


def expect_status(block, message):
    expect(block.locator(".rm-status")).to_have_text(message)
    expect(block.locator(".rm-alert")).to_be_empty()


def expect_alert(block, message):
    expect(block.locator(".rm-alert")).to_have_text(message)
    expect(block.locator(".rm-status")).to_be_empty()


def expect_progress(block, *, sessions, items, items_total, score):
    card = block.locator(".rm-progress-card")
    expect(card).to_contain_text(f"{sessions} of {SESSIONS_PLANNED} sessions confirmed")
    expect(card).to_contain_text(f"{items} of {items_total} checklist items confirmed")
    expect(card.locator(".rm-score")).to_have_text(f"Current score: {score} / 100")
    expect(card.locator("progress")).to_have_attribute("value", str(score))


def session_article(block, number):
    return block.locator("article.rm-session").filter(
        has=block.page.get_by_role("heading", name=re.compile(rf"^Session {number} on \d{{4}}-\d\d-\d\d")))


def group(scope, legend):
    """A fieldset by its legend (role ``group``), exactly."""
    return scope.get_by_role("group", name=legend, exact=True)


# --- the same steps with a mouse (click, fill, check) ---------------------------------------------

def fill_intake(block, *, name, role, ratings, learn=(), teach=(), share=(), slots=(), timezone=None,
                meeting=None, goals="", area_ratings=None):
    """Fill the intake questionnaire; ``ratings`` maps topic id -> 0..4 and must cover every topic;
    ``area_ratings`` (mentors) area id -> 0..4 for every area."""
    form = block.locator("form.rm-intake")
    form.get_by_label("Name your partner will see").fill(name)
    if role:
        group(form, "I join as").get_by_role("radio", name=role, exact=True).check()
    rating_group = group(form, "How confident are you with each digital topic?")
    expect(rating_group.get_by_role("combobox")).to_have_count(len(TOPICS))
    for topic_id, value in ratings.items():
        rating_group.get_by_label(TOPICS[topic_id], exact=True).select_option(label=RATING_LABELS[value])
    for area_id, value in (area_ratings or {}).items():
        group(form, AREA_RATINGS_LEGEND).get_by_label(AREAS[area_id], exact=True).select_option(
            label=AREA_RATING_LABELS[value])
    for legend, chosen, titles in (("Digital topics I want to learn", learn, TOPICS),
                                   ("Digital topics I can teach", teach, TOPICS),
                                   ("Experience I can share", share, AREAS)):
        for key in chosen:
            group(form, legend).get_by_role("checkbox", name=titles[key], exact=True).check()
    if goals:
        form.get_by_label("My goals, in my own words (optional)").fill(goals)
    for slot in slots:  # e.g. "Tuesday Morning": the visually hidden label names each cell
        group(form, "When could you usually meet?").get_by_role("checkbox", name=slot, exact=True).check()
    if timezone:
        form.get_by_label("Time zone").select_option(timezone)
    if meeting:
        group(form, "I prefer to meet").get_by_role("radio", name=meeting, exact=True).check()
    return form


def fill_session(form, *, minutes, topics, items, notes="", held_on=None):
    """Fill a log (or correction) form; ``topics``/``items`` are ticked, everything else unticked; the date is
    left as the form proposes it (today) unless ``held_on`` (ISO) is given."""
    if held_on:
        form.get_by_label("Date of the session").fill(held_on)
    form.get_by_label("Length in minutes").fill(str(minutes))
    topic_group = group(form, "Topics you worked on")
    for topic_id, title in TOPICS.items():
        box = topic_group.get_by_role("checkbox", name=title, exact=True)
        if box.count():
            box.set_checked(topic_id in topics)
    item_group = group(form, "Checklist items you covered")
    for key in items:
        item_group.get_by_role("checkbox", name=ITEMS[key], exact=True).check()
    form.get_by_label("Notes (optional, your partner sees them)").fill(notes)
