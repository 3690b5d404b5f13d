"""What Studio does to a program's block, and what becomes of its rows (docs/lifecycle.md).

Rows are keyed by the block's usage key, which carries the course key, so:
- a duplicate gets a new block id and starts empty: nothing here copies or clears anything for it;
- a re-run gets a new course key, so its blocks start empty and the original run keeps its rows;
- a deleted block keeps its rows (learner data is never deleted with content): the program is marked with
  the time Studio reported it, so operators find it (``reverse_mentoring_programs``); the block working
  again under the same usage key (an edit, or created again) clears the mark, and the program carries on.

The openedx-events signals exist only where that library is installed (Studio); elsewhere ``connect`` does nothing.
"""
import logging

from .. import platform
from ..models import Participant, Program
from .locking import lock_program
from .programs import ProgramRef
from .transactions import atomic_write

BLOCK_TYPE = "reverse_mentoring"  # the block's entry point name (setup.py)

log = logging.getLogger(__name__)


def connect():
    """Hook into Studio's content events; without openedx-events (the workbench) there are none to hear."""
    try:
        from openedx_events.content_authoring import signals
    except ImportError:
        return
    signals.XBLOCK_DELETED.connect(on_block_deleted, dispatch_uid="reverse_mentoring_xblock.block_deleted")
    for back in (signals.XBLOCK_CREATED, signals.XBLOCK_UPDATED):
        back.connect(on_block_back, dispatch_uid=f"reverse_mentoring_xblock.block_back.{back.event_type}")
    rerun = getattr(signals, "COURSE_RERUN_COMPLETED", None)  # openedx-events 10.5 and later
    if rerun is not None:
        rerun.connect(on_course_rerun, dispatch_uid="reverse_mentoring_xblock.course_rerun")


def program_of(usage_key):
    """The program of a block usage as the block itself names it: course and usage key without branch or version."""
    return ProgramRef(*platform.program_keys(usage_key))


def on_block_deleted(sender, xblock_info, metadata, **kwargs):
    """Receiver for ``XBLOCK_DELETED``: mark our program deleted, at the time Studio deleted it, if it has rows."""
    if xblock_info.block_type == BLOCK_TYPE:
        mark_deleted(program_of(xblock_info.usage_key), metadata.time)


def on_block_back(sender, xblock_info, **kwargs):
    """Receiver for ``XBLOCK_CREATED`` and ``XBLOCK_UPDATED``: the block is in the course again."""
    if xblock_info.block_type == BLOCK_TYPE:
        clear_deleted(program_of(xblock_info.usage_key))


def on_course_rerun(sender, course, **kwargs):
    """Receiver for ``COURSE_RERUN_COMPLETED``: the new run starts empty unless rows outlived an earlier course
    of the same key (deleted courses keep their rows), which would then reappear in its blocks: say so."""
    course_key = str(course.course_key.for_branch(None).version_agnostic())  # as ``platform.program_keys`` does
    left_over = sorted(Participant.objects.filter(course_key=course_key).values_list("usage_key", flat=True).distinct())
    if left_over:
        log.warning("Course re-run %s: programs of an earlier course with this key still hold learner rows, "
                    "which blocks with the same usage keys will show: %s", course_key, ", ".join(left_over))


@atomic_write
def mark_deleted(program, when):
    """Record when the program's block was deleted, whether or not anyone joined it yet.

    Marking only programs with participants would race with a learner joining at that moment (the join
    locks no program row, and must not: joins would queue up behind each other), leaving a program with
    rows and no mark; the program row holds keys and a time, no learner data.
    """
    row = lock_program(program)
    row.deleted_at = when
    row.save(update_fields=["deleted_at"])
    return True


@atomic_write
def clear_deleted(program):
    """The block is back under the same usage key: the program is no longer listed as deleted.

    Every edit of the block comes here, so it reads before it writes: an unmarked program's row is not locked.
    """
    marked = Program.objects.filter(usage_key=program.usage_key, deleted_at__isnull=False)
    return marked.exists() and marked.update(deleted_at=None) > 0
