"""Studio duplicates, deletes and re-runs a program with learners in the middle of it (docs/lifecycle.md).

The real openedx-events signals are sent with real opaque keys, as Studio sends them, and reach the
receivers the app connected when Django started. The block is rendered for those keys in the workbench
runtime, so "the copy starts empty" and "the program carries on" are what a learner sees.
"""
import csv
import io
import logging
import sys
from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from opaque_keys.edx.locator import BlockUsageLocator, CourseLocator
from openedx_events.content_authoring.data import CourseData, DuplicatedXBlockData, XBlockData
from openedx_events.content_authoring.signals import (
    COURSE_RERUN_COMPLETED,
    XBLOCK_CREATED,
    XBLOCK_DELETED,
    XBLOCK_DUPLICATED,
    XBLOCK_UPDATED,
)
from workbench.runtime import WorkbenchRuntime
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds

from devsite.users import anonymous_id_for
from reverse_mentoring_xblock import access, domain
from reverse_mentoring_xblock.block import ReverseMentoringXBlock
from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.core.payloads import parse_session_log
from reverse_mentoring_xblock.domain import lifecycle
from reverse_mentoring_xblock.models import Participant, Program
from tests.factories import config, intake, session_log
from tests.tables import snapshot

pytestmark = pytest.mark.django_db

TODAY = date.today()
CONFIG = config()
BLOCK_TYPE = "reverse_mentoring"
COURSE = CourseLocator("Org", "Life", "2026")
SOURCE = BlockUsageLocator(COURSE, BLOCK_TYPE, "program")
DELETED_AT = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)
MENTOR, MENTEE, WAITING = "life_mentor", "life_mentee", "life_waiting"


def every_row():
    """Every row of ours and of the gradebook, by table."""
    rows = snapshot()
    for model in apps.get_app_config("reverse_mentoring_xblock").get_models():
        rows[model.__name__] = list(model.objects.order_by("pk").values())
    return rows


def join(program, student, role):
    """``student`` answers the intake, as the workbench's user service names them."""
    user, _created = get_user_model().objects.get_or_create(username=student)
    caller = access.Caller(user_id=user.pk, username=student, anonymous_id=anonymous_id_for(student))
    return user, domain.save_intake(program, caller, parse_intake(intake(role, public_name=f"{student} here"), CONFIG))


def learner_page(usage_key, student):
    """The block's student view for ``student`` at this usage key, as the LMS would render it."""
    runtime = WorkbenchRuntime(student)
    runtime._services["field-data"] = DictFieldData({})  # the workbench's own store takes only its string ids
    block = runtime.construct_xblock_from_class(ReverseMentoringXBlock, ScopeIds(student, BLOCK_TYPE, usage_key,
                                                                                usage_key))
    return block.render("student_view").content


def still_joining(page):
    return 'name="role"' in page


def command(*args):
    out = io.StringIO()
    call_command("reverse_mentoring_programs", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def warnings(caplog):
    return [record.getMessage() for record in caplog.records if record.name == lifecycle.__name__]


def deleted(usage_key):
    XBLOCK_DELETED.send_event(send_robust=False, time=DELETED_AT,
                              xblock_info=XBlockData(usage_key=usage_key, block_type=usage_key.block_type))


@pytest.fixture
def mid_program():
    """A pair one confirmed session into six, and a mentee waiting for a partner."""
    program = lifecycle.program_of(SOURCE)
    mentor_user, mentor = join(program, MENTOR, "mentor")
    mentee_user, mentee = join(program, MENTEE, "mentee")
    join(program, WAITING, "mentee")
    domain.pair_participants(program, mentor.pk, mentee.pk, None)
    log = parse_session_log(session_log(TODAY.isoformat()), CONFIG, today=TODAY)
    session = domain.log_session(program, mentee_user.pk, log, CONFIG)
    domain.confirm_session(program, mentor_user.pk, session.pk, CONFIG)
    return program


def test_the_block_names_the_same_program_as_the_receivers(mid_program):
    page = learner_page(SOURCE, MENTEE)
    assert f"{MENTOR} here" in page and not still_joining(page)


def test_a_duplicate_starts_empty_and_its_source_is_untouched(mid_program):
    copy = BlockUsageLocator(COURSE, BLOCK_TYPE, "0f3c6a1d2b9e4c7f8a5d6e1b2c3d4e5f")  # Studio names copies by uuid
    before = every_row()
    XBLOCK_DUPLICATED.send_event(send_robust=False, xblock_info=DuplicatedXBlockData(
        usage_key=copy, block_type=BLOCK_TYPE, source_usage_key=SOURCE))
    assert every_row() == before
    assert still_joining(learner_page(copy, MENTEE))
    copied = lifecycle.program_of(copy)
    join(copied, MENTEE, "mentor")  # joining the copy is a row of its own: nothing is shared
    assert copied.participants().get().role == "mentor"
    assert mid_program.participants().get(user__username=MENTEE).role == "mentee"
    assert f"{MENTOR} here" in learner_page(SOURCE, MENTEE)


def test_a_deleted_block_keeps_every_row_and_is_marked_at_the_time_studio_deleted_it(mid_program):
    before = every_row()
    deleted(SOURCE.for_branch("draft-branch"))  # Studio's keys may name a branch: the program is found all the same
    after = every_row()
    (head,) = after.pop("Program")
    before.pop("Program")
    assert after == before
    assert (head["usage_key"], head["deleted_at"]) == (mid_program.usage_key, DELETED_AT)


def test_a_deleted_program_is_listed_and_its_reports_exported_by_the_command(mid_program):
    live = BlockUsageLocator(CourseLocator("Org", "Other", "2026"), BLOCK_TYPE, "program")
    join(lifecycle.program_of(live), "other_learner", "mentee")
    deleted(SOURCE)
    header, *listed = command("list")
    assert [row[1] for row in listed] == [str(SOURCE), str(live)]
    [row] = command("list", "--deleted")[1:]
    last_joined = mid_program.participants().latest("joined_at").joined_at
    assert dict(zip(header, row)) == {
        "course": str(COURSE), "usage key": str(SOURCE), "participants": "3", "pairs": "1", "active pairs": "1",
        "sessions confirmed": "1", "last joined": last_joined.isoformat(), "last session": TODAY.isoformat(),
        "deleted at": DELETED_AT.isoformat()}
    [other] = command("list", "--course", str(live.course_key))[1:]
    assert other[:6] + other[7:] == [str(live.course_key), str(live), "1", "0", "0", "0", "", ""]

    header, pair = command("export", str(SOURCE), "--report", "pairs", "--sessions-planned", "4")
    exported = dict(zip(header, pair))
    assert (exported["mentor"], exported["mentee username"], exported["status"]) == (
        f"{MENTOR} here", MENTEE, "active")
    assert (exported["sessions planned"], exported["sessions confirmed"]) == ("4", "1")
    participants = command("export", str(SOURCE), "--report", "participants", "--anonymous")
    assert sorted(row[1] for row in participants[1:]) == sorted(anonymous_id_for(s) for s in (MENTOR, MENTEE, WAITING))
    with pytest.raises(CommandError, match="No program holds rows"):
        command("export", str(SOURCE.replace(block_id="gone")), "--report", "pairs")
    with pytest.raises(CommandError, match="sessions_planned"):
        command("export", str(SOURCE), "--report", "pairs", "--sessions-planned", "0")


@pytest.mark.parametrize("back", [XBLOCK_CREATED, XBLOCK_UPDATED], ids=["created again", "edited"])
def test_a_block_back_under_its_usage_key_carries_on(mid_program, back):
    deleted(SOURCE)
    back.send_event(send_robust=False, xblock_info=XBlockData(usage_key=SOURCE, block_type=BLOCK_TYPE))
    assert Program.objects.get(usage_key=mid_program.usage_key).deleted_at is None
    assert command("list", "--deleted")[1:] == []
    page = learner_page(SOURCE, MENTEE)
    assert f"{MENTOR} here" in page and not still_joining(page)


def test_deleting_a_block_nobody_joined_marks_it_and_keeps_no_learner_data():
    deleted(SOURCE)
    assert list(Program.objects.values_list("usage_key", "deleted_at")) == [(str(SOURCE), DELETED_AT)]
    assert not Participant.objects.exists()


def test_a_rerun_starts_empty_and_the_original_keeps_its_rows(mid_program, caplog):
    rerun = CourseLocator("Org", "Life", "2027")
    before = every_row()
    with caplog.at_level(logging.WARNING, logger=lifecycle.__name__):
        COURSE_RERUN_COMPLETED.send_event(send_robust=False, course=CourseData(course_key=rerun))
    assert every_row() == before and warnings(caplog) == []
    assert still_joining(learner_page(SOURCE.map_into_course(rerun), MENTEE))
    assert f"{MENTOR} here" in learner_page(SOURCE, MENTEE)


def test_a_rerun_into_the_key_of_a_deleted_course_that_left_rows_says_so(caplog):
    """Deleting a course leaves its programs' rows; a re-run given its key would show them in its blocks."""
    rerun = CourseLocator("Org", "Life", "2027")
    join(lifecycle.program_of(SOURCE.map_into_course(rerun)), MENTEE, "mentee")
    with caplog.at_level(logging.WARNING, logger=lifecycle.__name__):
        COURSE_RERUN_COMPLETED.send_event(send_robust=False, course=CourseData(course_key=rerun.for_branch("draft")))
    [warning] = warnings(caplog)
    assert str(SOURCE.map_into_course(rerun)) in warning


def test_the_app_starts_without_openedx_events(monkeypatch):
    """Outside Open edX (the workbench) the library may be missing: there is nothing to listen to then."""
    monkeypatch.setitem(sys.modules, "openedx_events", None)
    apps.get_app_config("reverse_mentoring_xblock").ready()
