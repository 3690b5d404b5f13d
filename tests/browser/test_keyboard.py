"""The journey again, with the keyboard only: every control is reachable with Tab and operable with keys.

No click, fill, check, select_option or focus call: only ``page.keyboard`` (see keyboard.py). Reloading
a page is fine; a keyboard user does that too.
"""
from playwright.sync_api import expect

from .keyboard import Keyboard
from .pages import (
    AREAS,
    CONFIRMED,
    CORRECTED,
    DISPUTED,
    LOGGED,
    PAIRED,
    SAVED,
    TOPICS,
    WAITING_TITLE,
    expect_progress,
    expect_status,
    open_block,
    reset_announcements,
    session_article,
    unique_student,
)

INTAKE = ".rm-block form.rm-intake"
LOG = ".rm-block details.rm-log-form"


def join_by_keyboard(page, base_url, student, *, name, role, ratings, topics, share, slots, timezone, meeting,
                     area_ratings=None):
    block = reopen(page, base_url, student)
    keys = Keyboard(page)
    keys.type_text(f"{INTAKE} input[name=public_name]", name)
    keys.choose_radio(f"{INTAKE} [data-field=role]", role)
    for topic_id in TOPICS:  # every topic gets a rating, picked by typing its first character
        keys.choose_option(f"{INTAKE} select[name='ratings.{topic_id}']", str(ratings[topic_id]),
                           value=ratings[topic_id])
    for area_id, value in (area_ratings or {}).items():
        keys.choose_option(f"{INTAKE} select[name='area_ratings.{area_id}']", str(value), value=value)
    topic_field = "learn_topics" if role == "mentee" else "teach_topics"
    for topic_id in topics:
        keys.tick(f"{INTAKE} input[name={topic_field}][value='{topic_id}']")
    for area in share:
        keys.tick(f"{INTAKE} input[name=share_experience][value='{area}']")
    keys.type_text(f"{INTAKE} textarea[name=goals]", f"{name} types with the keyboard only.")
    for slot in slots:
        keys.tick(f"{INTAKE} input[name=availability][value='{slot}']")
    keys.choose_option(f"{INTAKE} select[name=timezone]", timezone, value=timezone)
    keys.choose_radio(f"{INTAKE} [data-field=meeting]", meeting)
    reset_announcements(block)
    keys.press(f"{INTAKE} button[type=submit]")
    expect_status(block, SAVED)
    expect(block.get_by_role("heading", name=WAITING_TITLE)).to_be_focused()
    return block


# Counts pointer input on every page of the test: it must stay zero (a keyboard "click" is not one).
COUNT_POINTER_EVENTS = """
window.rmPointerEvents = 0;
['pointerdown', 'mousedown', 'touchstart'].forEach(type => window.addEventListener(type, () => {
  window.rmPointerEvents += 1;
}, true));
"""


def expect_no_pointer_input(page):
    if page.url.startswith("http"):
        assert page.evaluate("window.rmPointerEvents") == 0, f"a mouse or touch event reached {page.url}"


def reopen(page, base_url, student):
    """Check the page the user leaves got no pointer input, then (re)load the block as ``student``."""
    expect_no_pointer_input(page)
    return open_block(page, base_url, student)


def test_keyboard_only_journey(context, demo_server):
    context.add_init_script(COUNT_POINTER_EVENTS)
    suffix = unique_student("k").split("_")[1]
    mentor_id, mentee_id, staff_id = f"kbd_mentor_{suffix}", f"kbd_mentee_{suffix}", f"staff_kbd_{suffix}"
    mentor_name, mentee_name = f"Kai Keyboard {suffix}", f"Lea Keyboard {suffix}"
    mentor_page, mentee_page = context.new_page(), context.new_page()
    mentor_keys, mentee_keys = Keyboard(mentor_page), Keyboard(mentee_page)

    # Intake: text, radio groups, every select, checkboxes (including the availability grid), submit.
    join_by_keyboard(mentee_page, demo_server, mentee_id, name=mentee_name, role="mentee",
                     ratings={**dict.fromkeys(TOPICS, 2), "linkedin": 0, "ai-assistants": 1},
                     topics=["linkedin", "ai-assistants"], share=["leadership"], slots=["tue-morning"],
                     timezone="Europe/Berlin", meeting="either")
    join_by_keyboard(mentor_page, demo_server, mentor_id, name=mentor_name, role="mentor",
                     ratings={**dict.fromkeys(TOPICS, 3), "linkedin": 4}, topics=["linkedin", "ai-assistants"],
                     share=[], slots=["tue-morning", "sun-evening"], timezone="Asia/Tokyo", meeting="remote",
                     area_ratings=dict.fromkeys(AREAS, 2))


    # Staff pair them: the staff panel comes after the (staff member's own) intake form in tab order.
    staff_page = context.new_page()
    staff = reopen(staff_page, demo_server, staff_id)
    staff_keys = Keyboard(staff_page)
    staff_keys.type_text(".rm-block .rm-pairing input[name=mentor_search]", mentor_id)
    staff_keys.type_text(".rm-block .rm-pairing input[name=mentee_search]", mentee_id)
    staff_keys.press(".rm-block .rm-pairing form[data-action=pairing_candidates] button[type=submit]")
    pair_form = ".rm-block .rm-pairing form[data-action=pair_participants]"
    expect(staff_page.locator(f"{pair_form} select[name=mentor_id] option")).to_have_count(1)
    staff_keys.choose_option(f"{pair_form} select[name=mentor_id]", mentor_name,
                             label=f"{mentor_name} ({mentor_id})")
    staff_keys.choose_option(f"{pair_form} select[name=mentee_id]", mentee_name,
                             label=f"{mentee_name} ({mentee_id})")
    reset_announcements(staff)
    staff_keys.press(f"{pair_form} button[type=submit]")
    expect_status(staff, PAIRED.format(mentor=mentor_name, mentee=mentee_name))
    expect(staff.get_by_role("heading", name="Staff: participants and pairs")).to_be_focused()
    expect_no_pointer_input(staff_page)

    # The mentor logs a session: number field, checkboxes in nested groups, textarea, submit.
    mentor = reopen(mentor_page, demo_server, mentor_id)
    mentor_keys.type_text(f"{LOG} input[name=minutes]", "30")
    mentor_keys.tick(f"{LOG} input[name=topics][value=linkedin]")
    mentor_keys.tick(f"{LOG} input[name=items][value='linkedin/profile']")
    mentor_keys.tick(f"{LOG} input[name=items][value='linkedin/engage']")
    mentor_keys.type_text(f"{LOG} textarea[name=notes]", "Headline and first comment.")
    reset_announcements(mentor)
    mentor_keys.press(f"{LOG} button[type=submit]")
    expect_status(mentor, LOGGED)

    # The mentee opens the dispute form (a <summary>, with Enter) and disputes the length.
    mentee = reopen(mentee_page, demo_server, mentee_id)
    expect(session_article(mentee, 1)).to_contain_text("30 minutes")
    mentee_keys.press(".rm-block .rm-dispute-form summary")
    mentee_keys.type_text(".rm-block .rm-dispute-form textarea[name=reason]", "We met for a full hour.")
    reset_announcements(mentee)
    mentee_keys.press(".rm-block .rm-dispute-form button[type=submit]", key="Space")
    expect_status(mentee, DISPUTED)

    # The mentor corrects it (another <summary>, opened with Space this time).
    mentor = reopen(mentor_page, demo_server, mentor_id)
    expect(session_article(mentor, 1)).to_contain_text("We met for a full hour.")
    mentor_keys.press(".rm-block .rm-correct-form summary", key="Space")
    mentor_keys.type_text(".rm-block .rm-correct-form input[name=minutes]", "60")
    reset_announcements(mentor)
    mentor_keys.press(".rm-block .rm-correct-form button[type=submit]")
    expect_status(mentor, CORRECTED)

    # The mentee confirms.
    mentee = reopen(mentee_page, demo_server, mentee_id)
    expect(session_article(mentee, 1)).to_contain_text("60 minutes")
    reset_announcements(mentee)
    mentee_keys.press(".rm-block form[data-action=confirm_session] button[type=submit]")
    expect_status(mentee, CONFIRMED)
    expect(mentee.get_by_role("heading", name="Your progress")).to_be_focused()

    # Both reload: 0.6 * 1/6 + 0.3 * 2/8 = 17.5 -> 18 points.
    for page, student in ((mentee_page, mentee_id), (mentor_page, mentor_id)):
        block = reopen(page, demo_server, student)
        expect_progress(block, sessions=1, items=2, items_total=8, score=18)
        expect_no_pointer_input(page)
