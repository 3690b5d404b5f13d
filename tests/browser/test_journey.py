"""The whole journey with a mouse: intake (with one validation round), pairing by staff, a session
logged and confirmed, a session disputed, corrected and confirmed, and the progress both partners see.
"""
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from playwright.sync_api import expect

from .pages import (
    AREAS,
    CONFIRMED,
    CORRECTED,
    DISPUTED,
    FEEDBACK_SAVED,
    FIX_ANSWERS,
    ITEMS,
    LINK_SAVED,
    LOGGED,
    MEETING_AGREED,
    MEETING_PROPOSED,
    PAIRED,
    SAVED,
    TOPICS,
    WAITING_TITLE,
    WEEKDAYS,
    expect_alert,
    expect_progress,
    expect_status,
    fill_intake,
    fill_session,
    group,
    open_block,
    reset_announcements,
    session_article,
    unique_student,
)

ALL_TOPICS_AT = dict.fromkeys(TOPICS, 2)
# Focus topics of the pair: what the mentee wants to learn -> 4 + 4 checklist items.
MENTEE_LEARNS = ("linkedin", "ai-assistants")
ITEMS_TOTAL = 8


def join(page, base_url, student, name, role, **answers):
    block = open_block(page, base_url, student)
    fill_intake(block, name=name, role=role, **answers)
    reset_announcements(block)
    block.get_by_role("button", name="Join the program").click()
    expect_status(block, SAVED)
    waiting = block.get_by_role("heading", name=WAITING_TITLE)
    expect(waiting).to_be_focused()  # keyboard and screen-reader users land on the new stage
    expect(block).to_contain_text(f"You joined as a {role.lower()}.")
    expect_next(block, "Course staff will pair you soon.")
    return block


def expect_next(block, text):
    """The "What's next" summary on top of the learner view says ``text``."""
    expect(block.locator(".rm-next")).to_contain_text(text)


def test_intake_validation_errors_are_shown_and_focused(page, demo_server):
    student = unique_student("journey_invalid")
    block = open_block(page, demo_server, student)
    name = block.get_by_label("Name your partner will see")
    expect(name).to_have_value(student)  # prefilled with what the platform knows
    # No name, no role, no meeting preference: three problems at once.
    form = fill_intake(block, name="", role=None, ratings=ALL_TOPICS_AT, learn=["linkedin"], share=["career"],
                       slots=["Monday Morning"], timezone="Europe/Paris")
    reset_announcements(block)
    form.get_by_role("button", name="Join the program").click()
    expect_alert(block, FIX_ANSWERS)
    expect(form.locator(".rm-invalid")).to_have_count(3)
    expect(form.locator('[data-field="public_name"] .rm-error')).to_have_text(
        "Enter the name your partner will see (1 to 80 characters).")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description("Enter the name your partner will see (1 to 80 characters).")
    expect(group(form, "I join as")).to_have_accessible_description(
        "Choose whether you join as mentor or mentee.")
    # Focus goes to the first problem in reading order: the name, above the role.
    expect(name).to_be_focused()

    # Only the meeting preference left: its error shows and focus moves to its first choice.
    name.fill("Ivy Invalid")
    group(form, "I join as").get_by_role("radio", name="Mentee", exact=True).check()
    reset_announcements(block)
    form.get_by_role("button", name="Join the program").click()
    expect_alert(block, FIX_ANSWERS)
    expect(form.locator(".rm-invalid")).to_have_count(1)  # the fixed answers are no longer flagged
    meeting = form.locator('[data-field="meeting"]')
    expect(meeting).to_have_class(re.compile(r"\brm-invalid\b"))
    expect(meeting.locator(".rm-error")).to_have_text("Choose how you prefer to meet.")
    expect(group(form, "I prefer to meet")).to_have_accessible_description("Choose how you prefer to meet.")
    first_choice = group(form, "I prefer to meet").get_by_role("radio", name="Remote", exact=True)
    expect(first_choice).to_be_focused()
    expect(first_choice).to_have_attribute("aria-invalid", "true")
    expect(name).not_to_have_attribute("aria-invalid", "true")

    # Fixing the last answer clears the errors and joins.
    group(form, "I prefer to meet").get_by_role("radio", name="Either", exact=True).check()
    reset_announcements(block)
    form.get_by_role("button", name="Join the program").click()
    expect_status(block, SAVED)
    expect(block.get_by_role("heading", name=WAITING_TITLE)).to_be_focused()
    expect(block.locator(".rm-invalid")).to_have_count(0)
    expect(block.locator(".rm-facts")).to_contain_text("Monday morning")

    # While waiting, the answers can still be updated.
    block.get_by_text("Update my answers").click()
    form = block.locator("form.rm-intake")
    expect(form.get_by_label("Name your partner will see")).to_have_value("Ivy Invalid")
    form.get_by_label("Time zone").select_option("Asia/Tokyo")
    reset_announcements(block)
    form.get_by_role("button", name="Save my answers").click()
    expect_status(block, SAVED)
    expect(block.locator(".rm-facts")).to_contain_text("Asia/Tokyo")


def test_journey_from_intake_to_confirmed_sessions(context, demo_server):
    suffix = unique_student("j").split("_")[1]
    mentor_id, mentee_id = f"journey_mentor_{suffix}", f"journey_mentee_{suffix}"
    mentor_name, mentee_name = f"Mona Mentor {suffix}", f"Eddie Mentee {suffix}"
    mentor_page, mentee_page, staff_page = context.new_page(), context.new_page(), context.new_page()

    # 1. Two brand-new learners answer the intake and wait for a partner.
    join(mentor_page, demo_server, mentor_id, mentor_name, "Mentor",
         ratings={**ALL_TOPICS_AT, "linkedin": 4, "ai-assistants": 4}, teach=MENTEE_LEARNS,
         area_ratings={**dict.fromkeys(AREAS, 2), "leadership": 1},
         slots=["Tuesday Morning", "Thursday Afternoon"], timezone="Europe/Paris", meeting="Remote",
         goals="Share what I know about AI assistants.")
    mentee = join(mentee_page, demo_server, mentee_id, mentee_name, "Mentee",
                  ratings={**ALL_TOPICS_AT, "linkedin": 0, "ai-assistants": 1}, learn=MENTEE_LEARNS,
                  share=["leadership", "organisation"], slots=["Tuesday Morning"], timezone="Europe/London",
                  meeting="Either")
    expect(mentee.locator(".rm-facts")).to_contain_text("LinkedIn and your professional profile, AI assistants")

    # 2. Staff pair them with "Pair these two".
    staff = open_block(staff_page, demo_server, "staff")
    finder = staff.get_by_role("form", name="Find waiting learners")
    finder.get_by_label("Find a mentor by name or username").fill(mentor_id)
    finder.get_by_label("Find a mentee by name or username").fill(mentee_id)
    finder.get_by_role("button", name="Find").click()
    pairing = staff.get_by_role("form", name="Pair these two")
    pairing.get_by_label("Mentor").select_option(label=f"{mentor_name} ({mentor_id})")
    pairing.get_by_label("Mentee").select_option(label=f"{mentee_name} ({mentee_id})")
    reset_announcements(staff)
    pairing.get_by_role("button", name="Pair them").click()
    expect_status(staff, PAIRED.format(mentor=mentor_name, mentee=mentee_name))
    pair_row = staff.locator(".rm-staff tbody tr").filter(has_text=mentor_name).filter(has_text=mentee_name)
    expect(pair_row).to_contain_text("On track")
    expect(pair_row).to_contain_text("0 / 6")
    expect(pairing.get_by_label("Mentor").locator("option", has_text=mentor_name)).to_have_count(0)

    # 3. The mentor sees the partner, shares a meeting link (an http one is refused) and logs a session.
    mentor = open_block(mentor_page, demo_server, mentor_id)
    expect(mentor.locator(".rm-partner-name")).to_contain_text(mentee_name)
    expect_next(mentor, f"Meet {mentee_name} and log your next session, planned by ")
    expect(mentor.locator(".rm-facts")).to_contain_text("Europe/London (1 h behind you)")  # the mentor: Paris
    expect_progress(mentor, sessions=0, items=0, items_total=ITEMS_TOTAL, score=0)
    link = mentor.get_by_label("Meeting link (both of you can change it)")
    link.fill("http://meet.example.org/room")
    reset_announcements(mentor)
    mentor.get_by_role("button", name="Save link").click()
    expect_alert(mentor, FIX_ANSWERS)
    expect(link).to_be_focused()
    expect(link).to_have_accessible_description("Give a full address starting with https://")
    link.fill("https://meet.example.org/room")
    reset_announcements(mentor)
    mentor.get_by_role("button", name="Save link").click()
    expect_status(mentor, LINK_SAVED)
    expect(mentor.get_by_role("link", name="Open the meeting link (opens in a new tab)")).to_have_attribute(
        "href", "https://meet.example.org/room")
    agree_on_a_meeting(mentor_page, mentee_page, demo_server, mentor_id, mentee_id, mentor_name, mentee_name)
    mentor = open_block(mentor_page, demo_server, mentor_id)
    log_form = mentor.locator("details.rm-log-form form")
    expect(log_form).to_be_visible()  # open by default before the first session
    date_field = log_form.get_by_label("Date of the session")
    today = date_field.get_attribute("max")  # the site's today
    expect(date_field).to_have_value(today)
    fill_session(log_form, minutes=45, topics=["linkedin"], items=["linkedin/profile", "linkedin/engage"],
                 notes="Profile photo done; next: posting.")
    reset_announcements(mentor)
    log_form.get_by_role("button", name="Log session").click()
    expect_status(mentor, LOGGED)
    first = session_article(mentor, 1)
    expect(first).to_contain_text("Waiting for confirmation")
    expect(first).to_contain_text("logged by you")

    # 4. The mentee sees it (and the link) and confirms it.
    mentee = open_block(mentee_page, demo_server, mentee_id)
    expect(mentee.get_by_role("link", name="Open the meeting link (opens in a new tab)")).to_be_visible()
    to_confirm = mentee.locator(".rm-next").get_by_role("link", name=f"Confirm or dispute session 1, which "
                                                                      f"{mentor_name} logged.")
    expect(to_confirm).to_have_attribute("href", re.compile(r"^#.+-session-\d+-title$"))
    first = session_article(mentee, 1)
    expect(first.get_by_role("heading")).to_have_text(f"Session 1 on {today} Waiting for confirmation")
    expect(first).to_contain_text(f"45 minutes on {TOPICS['linkedin']} · logged by your partner")
    expect(first).to_contain_text(ITEMS["linkedin/profile"])
    expect(first).to_contain_text(ITEMS["linkedin/engage"])
    expect(first.locator(".rm-notes")).to_have_text("Profile photo done; next: posting.")
    reset_announcements(mentee)
    first.get_by_role("button", name="Confirm session 1").click()
    expect_status(mentee, CONFIRMED)
    expect(mentee.get_by_role("heading", name="Your progress")).to_be_focused()

    # 5. Both reload: one of six sessions and two of eight items -> 0.6 * 1/6 + 0.3 * 2/8 = 17.5 -> 18.
    for page, student in ((mentee_page, mentee_id), (mentor_page, mentor_id)):
        block = open_block(page, demo_server, student)
        expect_progress(block, sessions=1, items=2, items_total=ITEMS_TOTAL, score=18)
        expect(session_article(block, 1)).to_contain_text("Confirmed")
        expect(block.locator(".rm-checklist li.rm-done")).to_have_count(2)

    # 6. Dispute and correction: the mentee logs session 2 (held the day before the first: sessions count when
    # held on different days), the mentor disputes, the mentee corrects it. "What's next" opens the folded form.
    mentee = open_block(mentee_page, demo_server, mentee_id)
    expect(mentee.locator("details.rm-log-form")).not_to_have_attribute("open", "")
    mentee.locator(".rm-next").get_by_role("link", name=re.compile("log your next session")).click()
    expect(mentee.locator("details.rm-log-form")).to_have_attribute("open", "")
    log_form = mentee.locator("details.rm-log-form form")
    fill_session(log_form, minutes=90, topics=["ai-assistants"], items=["ai-assistants/summarise"],
                 held_on=(date.fromisoformat(today) - timedelta(days=1)).isoformat())
    reset_announcements(mentee)
    log_form.get_by_role("button", name="Log session").click()
    expect_status(mentee, LOGGED)

    mentor = open_block(mentor_page, demo_server, mentor_id)
    second = session_article(mentor, 2)
    second.get_by_text("Dispute session 2").click()
    second.get_by_label("What is not right?").fill("We met for 60 minutes and also drafted an email.")
    reset_announcements(mentor)
    second.get_by_role("button", name="Send dispute").click()
    expect_status(mentor, DISPUTED)
    expect(session_article(mentor, 2)).to_contain_text("Disputed")
    expect(session_article(mentor, 2).get_by_role("button", name="Confirm session 2 as it is")).to_be_visible()
    expect_next(mentor, f"You disputed session 2: {mentee_name} corrects it, or you confirm it as it is.")

    mentee = open_block(mentee_page, demo_server, mentee_id)
    expect_next(mentee, f"{mentor_name} disputed session 2: correct it so that it counts.")
    second = session_article(mentee, 2)
    expect(second.locator(".rm-dispute")).to_have_text(
        "Reason for dispute: We met for 60 minutes and also drafted an email.")
    second.get_by_text("Correct session 2").click()
    correction = second.locator("form")
    expect(correction.get_by_label("Length in minutes")).to_have_value("90")
    fill_session(correction, minutes=60, topics=["ai-assistants"],
                 items=["ai-assistants/summarise", "ai-assistants/draft"])
    reset_announcements(mentee)
    correction.get_by_role("button", name="Save correction").click()
    expect_status(mentee, CORRECTED)
    expect(session_article(mentee, 2)).to_contain_text("Waiting for confirmation")
    expect(session_article(mentee, 2).locator(".rm-dispute")).to_have_count(0)

    mentor = open_block(mentor_page, demo_server, mentor_id)
    second = session_article(mentor, 2)
    expect(second).to_contain_text(f"60 minutes on {TOPICS['ai-assistants']}")
    expect(second).to_contain_text(ITEMS["ai-assistants/draft"])
    reset_announcements(mentor)
    second.get_by_role("button", name="Confirm session 2").click()
    expect_status(mentor, CONFIRMED)

    # Two of six sessions, four of eight items -> 0.6 * 2/6 + 0.3 * 4/8 = 35.
    for page, student in ((mentee_page, mentee_id), (mentor_page, mentor_id)):
        block = open_block(page, demo_server, student)
        expect_progress(block, sessions=2, items=4, items_total=ITEMS_TOTAL, score=35)
    staff = open_block(staff_page, demo_server, "staff")
    pair_row = staff.locator(".rm-staff tbody tr").filter(has_text=mentor_name).filter(has_text=mentee_name)
    expect(pair_row).to_contain_text("2 / 6")


def agree_on_a_meeting(mentor_page, mentee_page, base_url, mentor_id, mentee_id, mentor_name, mentee_name):
    """The mentor (Paris) proposes a time on her clock; the mentee (London) reads it on his, accepts it from
    what's next, and saves it as a calendar file holding the same moment."""
    mentor = open_block(mentor_page, base_url, mentor_id)
    expect(mentor.locator(".rm-facts")).to_contain_text("Their availability on your clock")
    expect(mentor.locator(".rm-facts")).to_contain_text("When you are both free, on your clock")
    mentor.get_by_text("Propose a time to meet").click()
    proposal = mentor.locator("form[data-action=propose_meeting]")
    expect(proposal.get_by_label("Time", exact=True)).to_have_accessible_description(
        f"On your own clock (Europe/Paris); {mentee_name} sees it on theirs.")
    day = date.today() + timedelta(days=8)
    proposal.get_by_label("Date", exact=True).fill(day.isoformat())
    proposal.get_by_label("Time", exact=True).fill("18:30")
    proposal.get_by_label("Length in minutes").fill("45")
    reset_announcements(mentor)
    proposal.get_by_role("button", name="Send the proposal").click()
    expect_status(mentor, MEETING_PROPOSED)
    paris = datetime.combine(day, time(18, 30), tzinfo=ZoneInfo("Europe/Paris"))
    expect_next(mentor, f"The time you proposed, {WEEKDAYS[day.weekday()]} {day.isoformat()} at 18:30 "
                        f"(Europe/Paris), waits for {mentee_name}'s answer.")

    mentee = open_block(mentee_page, base_url, mentee_id)
    london = paris.astimezone(ZoneInfo("Europe/London"))
    when = f"{WEEKDAYS[london.weekday()]} {london.date().isoformat()} at {london:%H:%M} (Europe/London)"
    mentee.locator(".rm-next").get_by_role(
        "link", name=f"{mentor_name} proposes to meet on {when}: accept it or propose another time.").click()
    expect(mentee.get_by_role("heading", name="Your next meeting")).to_be_focused()
    reset_announcements(mentee)
    mentee.get_by_role("button", name="Accept this time").click()
    expect_status(mentee, MEETING_AGREED)
    expect_next(mentee, f"You meet {mentor_name} on {when}: afterwards, log your next session.")
    with mentee_page.expect_download() as download:
        mentee.get_by_role("link", name="Add it to your calendar (.ics file)").click()
    event = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == paris.astimezone(UTC)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=45)
    assert str(event["summary"]) == f"Mentoring session with {mentor_name}"


def test_a_new_pair_after_an_ended_one_keeps_the_earlier_history(page, demo_server):
    """Seeded: staff ended Amir's pair with Beatriz after two confirmed sessions; each has a new partner now."""
    for student, partner, earlier, zone in (("mentor_amir", "Carlos Ortega", "Beatriz Souza", "Asia/Dubai"),
                                            ("mentee_beatriz", "Dana Levi", "Amir Saleh", "America/Sao_Paulo")):
        block = open_block(page, demo_server, student)
        expect(block.locator(".rm-partner-name")).to_contain_text(partner)
        section = block.get_by_role("region", name="Your earlier pairs")
        history = section.locator("details.rm-history")
        expect(history).to_have_count(1)
        expect(history.locator("summary")).to_contain_text(f"Your pair with {earlier}, ")
        history.locator("summary").click()
        expect(history.locator("article.rm-session")).to_have_count(2)
        expect(history.locator("article.rm-session").first).to_contain_text("Confirmed")
        expect(history).not_to_contain_text("Beatriz asked for a mentor")  # the author does not share reasons
        expect(history.get_by_role("button")).to_have_count(0)  # read-only
        expect(block.get_by_role("heading", name="Your next meeting")).to_be_visible()
        expect(block.locator(".rm-partner")).to_contain_text(f"On your own clock ({zone})")
    amir = open_block(page, demo_server, "mentor_amir")  # Carlos proposed 08:00 in Bogota: 17:00 in Dubai
    expect(amir.locator(".rm-next")).to_contain_text("at 17:00 (Asia/Dubai): accept it or propose another time.")


def test_feedback_after_the_last_session_completes_the_grade(page, demo_server):
    """Seeded: Zoe (mentor) and Maria finished all six sessions; Maria gave feedback, Zoe not yet. Zoe rates
    what she learned: the areas of experience Maria shared, not the digital topics she taught."""
    block = open_block(page, demo_server, "mentor_zoe")
    expect_progress(block, sessions=6, items=4, items_total=4, score=90)
    form = block.get_by_role("form", name="Your feedback on the program")
    reset_announcements(block)
    form.get_by_role("button", name="Send feedback").click()  # nothing answered yet
    expect_alert(block, FIX_ANSWERS)
    satisfaction = group(form, "How satisfied are you? (1 = not at all, 5 = very)")
    expect(satisfaction.get_by_role("radio", name="1", exact=True)).to_be_focused()
    expect(form.locator(".rm-invalid")).to_have_count(3)

    satisfaction.get_by_role("radio", name="4", exact=True).check()
    group(form, "Would you recommend the program to a colleague?").get_by_role("radio", name="Yes").check()
    confidence = group(form, "How well do you know each area of experience your partner shared, now? "
                             "(0 = not at all, 4 = fully)")
    expect(confidence.get_by_role("combobox")).to_have_count(2)
    confidence.get_by_label(AREAS["career"]).select_option("3")
    confidence.get_by_label(AREAS["organisation"]).select_option("4")
    form.get_by_label("Comment (optional)").fill("Maria taught me as much as I taught her.")
    reset_announcements(block)
    form.get_by_role("button", name="Send feedback").click()
    expect_status(block, FEEDBACK_SAVED)
    expect(block.get_by_role("heading", name="Program completed")).to_be_visible()
    expect(block.get_by_role("form", name="Your feedback on the program")).to_have_count(0)
    expect_progress(block, sessions=6, items=4, items_total=4, score=100)
    expect(block.locator(".rm-progress-card")).to_contain_text("Feedback given")
