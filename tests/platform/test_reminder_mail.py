"""Reminder e-mails through edx-ace, the LMS's messaging framework, configured as the LMS configures it.

edx-ace renders our templates (``templates/reverse_mentoring_xblock/edx_ace/reminder/``) through Django's app
template loader and hands them to its ``django_email`` channel; Django's test e-mail backend keeps them in
``mail.outbox``. Without edx-ace's settings (the workbench) the reminder is only logged, by id.
"""
from datetime import date
from smtplib import SMTPRecipientsRefused
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.test import override_settings
from edx_ace.channel import ChannelType
from edx_ace.policy import Policy, PolicyResult

from reverse_mentoring_xblock import reminder_mail
from reverse_mentoring_xblock.core import nudges
from reverse_mentoring_xblock.models import Nudge
from tests.domain.test_nudges import PROGRAM, paired

TODAY = date(2026, 12, 7)
LMS = {"ACE_ENABLED_CHANNELS": ["django_email"], "ACE_CHANNEL_DEFAULT_EMAIL": "django_email",
       "ACE_CHANNEL_TRANSACTIONAL_EMAIL": "django_email", "ACE_ENABLED_POLICIES": [],
       "LMS_ROOT_URL": "https://lms.example.org", "DEFAULT_FROM_EMAIL": "courses@example.org"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(django_user_model):
    return [django_user_model.objects.create(username=f"user{n}", email=f"user{n}@example.org") for n in range(2)]


@override_settings(**LMS)
def test_each_partner_receives_one_e_mail_naming_the_program_the_partner_and_the_way_back(users):
    paired(PROGRAM, users, ("Ana <b>Lopez</b>", "Ben"), days_ago=10)
    report = reminder_mail.send_daily(TODAY)
    assert report.delivered == {nudges.EMAILED: 2}
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["user0@example.org", "user1@example.org"]
    to_ana, to_ben = by_address["user0@example.org"], by_address["user1@example.org"]
    assert to_ana.subject == "Digital mentoring: Your pair with Ben is behind its plan"
    assert to_ben.subject == "Digital mentoring: Your pair with Ana <b>Lopez</b> is behind its plan"
    assert "Hello Ana <b>Lopez</b>," in to_ana.body and "Session 1 with Ben was due by" in to_ana.body
    jump_to = f"https://lms.example.org/courses/{PROGRAM.course_key}/jump_to/{PROGRAM.usage_key}"
    assert jump_to in to_ana.body
    html = to_ana.alternatives[0][0]
    assert "Hello Ana &lt;b&gt;Lopez&lt;/b&gt;," in html and "<b>Lopez</b>" not in html
    assert f'<a href="{jump_to}">Open the program</a>' in html
    assert to_ana.from_email == "courses@example.org"
    assert reminder_mail.send_daily(TODAY).recorded == 0 and len(mail.outbox) == 2


class OptedOutOfCourseEmail(Policy):
    """As the LMS's course e-mail opt-out does for a learner who opted out of the course's e-mail."""

    def check(self, message):
        return PolicyResult(deny={ChannelType.EMAIL} if message.recipient.email_address == "user1@example.org"
                            else set())


@override_settings(**LMS)
def test_the_platform_opt_out_of_course_e_mail_is_respected_and_recorded(users):
    paired(PROGRAM, users, ("Ana", "Ben"), days_ago=10)
    with mock.patch("edx_ace.policy.policies", return_value=[OptedOutOfCourseEmail()]):  # as patch_policies does
        report = reminder_mail.send_daily(TODAY)
    assert report.delivered == {nudges.EMAILED: 1, nudges.SKIPPED: 1}
    assert [message.to for message in mail.outbox] == [["user0@example.org"]]


class RefusingOneAddress(locmem.EmailBackend):
    """An SMTP server that refuses one recipient, as a mailbox that no longer exists makes it."""

    def send_messages(self, messages):
        if any("user1@example.org" in message.to for message in messages):
            raise SMTPRecipientsRefused({"user1@example.org": (550, b"no such mailbox")})
        return super().send_messages(messages)


@override_settings(**LMS, EMAIL_BACKEND=f"{__name__}.RefusingOneAddress")
def test_an_e_mail_edx_ace_could_not_deliver_is_recorded_as_failed(users):
    _mentor, mentee, pair = paired(PROGRAM, users, ("Ana", "Ben"), days_ago=10)
    assert reminder_mail.send_daily(TODAY).delivered == {nudges.EMAILED: 1, nudges.FAILED: 1}
    assert Nudge.objects.get(pair=pair, participant=mentee).delivery == nudges.FAILED
    assert [message.to for message in mail.outbox] == [["user0@example.org"]]


def test_without_a_messaging_service_the_reminder_is_logged_by_id_and_read_on_the_page(users, caplog):
    _mentor, _mentee, pair = paired(PROGRAM, users, ("Ana", "Ben"), days_ago=10)
    caplog.set_level("INFO", logger="reverse_mentoring_xblock.reminder_mail")
    assert reminder_mail.send_daily(TODAY).delivered == {nudges.LOGGED: 2}
    assert mail.outbox == []
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert all(str(pk) in logged for pk in Nudge.objects.filter(pair=pair).values_list("pk", flat=True))
    assert "Ana" not in logged and "example.org" not in logged


@override_settings(**LMS, LANGUAGE_CODE="es-419")
def test_the_e_mail_is_written_in_the_site_language_when_the_learner_chose_none(users):
    paired(PROGRAM, users, ("Ana", "Ben"), days_ago=5)  # session 1 is due in two days
    assert reminder_mail.send_daily(TODAY).delivered == {nudges.EMAILED: 2}
    to_ana = next(message for message in mail.outbox if message.to == ["user0@example.org"])
    assert to_ana.subject == "Digital mentoring: La sesión 1 con Ben vence el 9 de diciembre de 2026"
    assert "Hola, Ana:" in to_ana.body and "Abrir el programa" in to_ana.body
