"""A program in the workbench filled through the domain layer: learners who joined, pairs that started a month ago,
sessions logged and confirmed, and the author's published changes; read back as learners and staff see it."""
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from submissions import api as submissions_api
from workbench.runtime import WorkbenchRuntime

from devsite.users import anonymous_id_for
from reverse_mentoring_xblock import access, domain, platform
from reverse_mentoring_xblock.core import grading
from reverse_mentoring_xblock.core.intake import parse_intake
from reverse_mentoring_xblock.core.payloads import parse_session_log
from reverse_mentoring_xblock.domain.gradebook import ITEM_TYPE
from reverse_mentoring_xblock.models import Pair
from tests.factories import intake, session_log
from tests.workbench import add_program

TODAY = date.today()


class Program:
    """A program in the workbench, filled through the domain layer, and read back as learners and staff see it."""

    def __init__(self, name, **settings):
        self.usage_id = add_program(name, **{"sessions_planned": 3, "min_days_between_sessions": 0,
                                             "mentor_capacity": 2, **settings})
        self.ref = domain.ProgramRef(*platform.program_keys(self.usage_id))
        self.people = {}

    @property
    def block(self):
        return WorkbenchRuntime("staff").get_block(self.usage_id)

    def config(self):
        return self.block.config()

    def join(self, student, role):
        user = get_user_model().objects.create(username=student)
        caller = access.Caller(user_id=user.pk, username=student, anonymous_id=anonymous_id_for(student))
        self.people[student] = domain.save_intake(self.ref, caller, parse_intake(
            intake(role, public_name=student.title()), self.config()))
        return self.people[student]

    def pair(self, mentor, mentee):
        """A pair that started a month ago, so that it may log sessions held since."""
        pair = domain.pair_participants(self.ref, self.people[mentor].pk, self.people[mentee].pk, None,
                                        mentor_capacity=2)
        Pair.objects.filter(pk=pair.pk).update(paired_on=TODAY - timedelta(days=30))
        pair.refresh_from_db()
        return pair

    def log(self, student, pair, held_on=TODAY, **changes):
        log = parse_session_log(session_log(held_on.isoformat(), **changes), self.config(), today=TODAY)
        return domain.log_session(self.ref, self.people[student].user_id, log, self.config(), pair_id=pair.pk)

    def meet(self, logger, confirmer, pair, held_on=TODAY, **changes):
        session = self.log(logger, pair, held_on, **changes)
        domain.confirm_session(self.ref, self.people[confirmer].user_id, session.pk, self.config())
        return session

    def publish(self, **settings):
        block = self.block
        for name, value in settings.items():
            setattr(block, name, value)
        block.save()

    def scores(self):
        """Points in edx-submissions per student (None: no score)."""
        found = {}
        for student, participant in self.people.items():
            score = submissions_api.get_score({"student_id": participant.anonymous_user_id,
                                               "course_id": self.ref.course_key, "item_id": self.ref.usage_key,
                                               "item_type": ITEM_TYPE})
            found[student] = score["points_earned"] if score else None
        return found

    def formula(self):
        """What the grading formula gives each student with a score, under the settings as they are now."""
        config = self.config()
        return {student: grading.points(domain.progress_of(self.ref, participant.user_id, config), config.grading)
                for student, participant in self.people.items()}
