"""The ``reverse_mentoring`` XBlock: translates between the Open edX runtime and the domain layer.

Author settings and their ``ProgramConfig`` are ``program_settings``; access, the body and the answer of
every handler are ``handling``; the pair's meetings are ``pair_meetings``; reminders are ``pair_reminders``; the
mentor circle is ``mentor_circle``. Here: views and handlers that
parse what they receive, call the domain layer, publish events and grades, and render. It holds no
cross-user data itself.
"""
import hashlib

from django.utils import timezone, translation
from web_fragments.fragment import Fragment
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Float, Scope
from xblock.scorable import ScorableXBlockMixin, Score

from . import access, domain, platform
from .core import grading, payloads, table_queries
from .core.intake import parse_intake
from .core.problems import ProblemList
from .core.program import LINKS_NOT_SHARED
from .domain import matchmaking, overview_cache, reports
from .handling import handler
from .intake_answers import IntakeAnswersMixin
from .learning_records import EVENT_PREFIX
from .mentor_circle import MentorCircleMixin
from .pair_checkins import PairCheckInsMixin
from .pair_meetings import PairMeetingsMixin
from .pair_reminders import PairRemindersMixin
from .presentation import author, learner, native, rendering, settings_notice
from .presentation import dashboard as board
from .program_changes import ProgramChangesMixin
from .program_editor import ProgramEditorMixin
from .program_settings import ProgramSettingsMixin
from .staff_dashboard import StaffDashboardMixin
from .staff_matching import StaffMatchingMixin

REPORT_BATCH = 1000  # learners whose rows the problem responses report reads at once
# The locales whose JS catalogue we ship (static/js/i18n/<locale>.js), for runtimes that build none for us.
JS_CATALOGUES = frozenset(path.stem for path in (rendering.PACKAGE_DIR / "static" / "js" / "i18n").glob("*.js"))


@XBlock.wants("user", "i18n", "completion")
class ReverseMentoringXBlock(ProgramEditorMixin, ProgramSettingsMixin, ProgramChangesMixin, PairMeetingsMixin,
                             PairCheckInsMixin, PairRemindersMixin, MentorCircleMixin, IntakeAnswersMixin,
                             StaffDashboardMixin, StaffMatchingMixin, ScorableXBlockMixin, XBlock):
    """One reverse-mentoring program in a course unit."""

    raw_earned = Float(default=None, scope=Scope.user_state, help="Last score the LMS stored for this learner.")

    has_score = True
    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE
    i18n_js_namespace = "ReverseMentoringI18N"
    icon_class = "problem"

    # --- configuration -------------------------------------------------------------------------

    @property
    def _dom_id(self):
        """Prefix for element ids, unique per block on a page."""
        return "rm-" + hashlib.sha1(str(self.scope_ids.usage_id).encode(), usedforsecurity=False).hexdigest()[:8]

    @property
    def program_ref(self):
        return domain.ProgramRef(*platform.program_keys(self.scope_ids.usage_id))

    # --- views ---------------------------------------------------------------------------------

    @XBlock.supports("multi_device")  # checked at 320 CSS px by tests/browser/test_mobile.py
    def student_view(self, context=None):
        caller = access.identify(self)
        try:
            config = self.config()
        except ProblemList as error:
            return self._message_fragment(self.gettext("This program's settings need attention: {problems}").format(
                problems=" ".join(p.render(self.gettext) for p in error.problems)))
        if caller.in_studio:
            return self.author_view()
        if not caller.is_learner:
            return self._message_fragment(self.gettext("Sign in and enrol in the course to take part in this program."))
        config, published = self.published_settings(config)
        learner_part = self._learner_context(caller, config, published)
        page = {
            "display_name": self.setting_text("display_name"),
            "goal": config.goal,
            "learner_html": self._render("learner.html", learner_part),
            "learner_joined": learner_part["stage"] != "intake",  # staff who take part find their part open
            "settings_notice": learner_part["settings_notice"],
            "staff_html": self._render_staff(config) if caller.is_staff else "",
            "circle_html": self.circle_html(caller, config),
        }
        fragment = Fragment(self._render("student_view.html", page))
        fragment.add_css(rendering.load_static("css/reverse_mentoring.css"))
        fragment.add_javascript(rendering.load_static("js/reverse_mentoring.js"))
        self._add_js_catalog(fragment)
        fragment.initialize_js("ReverseMentoringView", {"isStaff": caller.is_staff})
        return fragment

    def student_view_data(self, context=None):
        """The program's settings for the mobile apps and MFEs; cached per publish, so no learner's data."""
        return native.program_data(self.setting_text("display_name"), self.config, self.gettext)

    def author_view(self, context=None):
        try:
            summary = author.author_summary(self.config())
        except ProblemList as error:
            summary = {"problems": [p.render(self.gettext) for p in error.problems]}
        context = {"display_name": self.setting_text("display_name"), **summary}
        fragment = Fragment(self._render("author_view.html", context))
        fragment.add_css(rendering.load_static("css/reverse_mentoring.css"))
        return fragment

    def _learner_context(self, caller, config, published=None):
        """The learner's part; ``config`` and ``published`` from ``published_settings`` (applied here if not yet)."""
        if published is None:
            config, published = self.published_settings(config)
        state = domain.learner_state(self.program_ref, caller.user_id, config)
        context = learner.learner_context(state, config, caller, timezone.localdate(), self.gettext, timezone.now())
        context["settings_notice"] = self.settings_notice(published, state.participant if state else None)
        for section in context.get("sections", ()):
            agreed = (section["meeting"] or {}).get("agreed")
            if agreed:
                agreed["calendar_url"] = self.runtime.handler_url(self, "meeting_calendar",
                                                                  query=f"meeting={agreed['id']}")
        return context

    def _render_staff(self, config):
        """The dashboard: overview, pairs and participants (first pages), matching, pairing, reports."""
        program, today = self.program_ref, timezone.localdate()
        context = {
            "overview": board.overview_context(overview_cache.shared_overview(program, config, today), config,
                                              self.gettext),
            "pairs": self._pairs_context(config, table_queries.PairQuery()),
            "participants": self._participants_context(table_queries.ParticipantQuery()),
            "pairing": self._pairing_context(config),
            "matching": self._matching_context(),
            "timeline": None,
            "exports": self._exports(),
            "settings_change": settings_notice.staff_context(self.published_settings(config)[1].latest_change,
                                                             self.gettext),
        }
        return self._render("staff.html", context)

    def _render(self, path, context):
        return rendering.render(path, {"uid": self._dom_id, **context}, self.runtime.service(self, "i18n"))

    def _message_fragment(self, message):
        context = {"display_name": self.setting_text("display_name"), "message": message}
        return Fragment(self._render("message.html", context))

    def _add_js_catalog(self, fragment):
        """The platform's catalogue of our JS messages when it built one (it does for the blocks it translates),
        else ours for the active language if we ship it: ``es_419``, else ``es``, as gettext picks ``text.mo``."""
        service = self.runtime.service(self, "i18n")
        url = getattr(service, "get_javascript_i18n_catalog_url", lambda block: None)(self)
        if url:
            fragment.add_javascript_url(url)
            return
        locale = translation.to_locale(translation.get_language() or "")
        shipped = next((name for name in (locale, locale.split("_")[0]) if name in JS_CATALOGUES), None)
        if shipped:
            fragment.add_javascript(rendering.load_static(f"js/i18n/{shipped}.js"))

    # --- learner handlers ---------------------------------------------------------------------

    @handler(access.require_learner)
    def learner_state(self, caller, data):
        """The caller's own place in the program as data, for the mobile apps and MFEs (``docs/native.md``)."""
        payloads.parse_ids(data, ())
        config, published = self.published_settings(self.config())
        state = domain.learner_state(self.program_ref, caller.user_id, config)
        context = learner.learner_context(state, config, caller, timezone.localdate(), self.gettext, timezone.now())
        context["settings_notice"] = self.settings_notice(published, state.participant if state else None)
        return native.learner_data(state, context, config, self._handler_url, self.gettext)

    def _handler_url(self, name, query=""):
        return self.runtime.handler_url(self, name, query=query)

    @handler(access.require_learner)
    def submit_intake(self, caller, data):
        """Join the program, or update one's answers until paired."""
        config = self.config()
        participant = domain.save_intake(self.program_ref, caller, parse_intake(data, config))
        self._event("intake.submitted", participant=participant.pk, role=participant.role)
        if matchmaking.due_for_auto_match(self.program_ref, config.matching):
            self._run_matching(None, config, auto_accept=True)
        return self._learner_response(caller, self.gettext("Thank you, your answers are saved."))

    @handler(access.require_learner)
    def set_meeting_link(self, caller, data):
        """Either partner sets the address both use to meet, where the program lets them share one."""
        if not self.config().sharing.meeting_link:
            raise domain.NotAllowed(LINKS_NOT_SHARED)
        data, pair_id = payloads.take_pair_id(data)
        pair = domain.set_meeting_link(self.program_ref, caller.user_id, payloads.parse_meeting_link(data), pair_id)
        self._event("meeting_link.updated", pair=pair.pk)
        return self._learner_response(caller, self.gettext("The meeting link is saved."))

    @handler(access.require_learner)
    def log_session(self, caller, data):
        """Log a session, or correct one the partner has not confirmed; the partner confirms it."""
        config = self.config()
        data, pair_id = payloads.take_pair_id(data)
        session_id, log = payloads.parse_log_or_correction(data, config, today=timezone.localdate())
        if session_id is not None:
            session = domain.correct_session(self.program_ref, caller.user_id, session_id, log)
            self._event("session.corrected", pair=session.pair_id, session=session.number)
            return self._learner_response(caller, self.gettext("Session corrected. Your partner can confirm it now."))
        session = domain.log_session(self.program_ref, caller.user_id, log, config, pair_id=pair_id)
        self._event("session.logged", pair=session.pair_id, session=session.number, minutes=session.minutes)
        return self._learner_response(caller, self.gettext("Session logged. Your partner will be asked to confirm it."))

    @handler(access.require_learner)
    def confirm_session(self, caller, data):
        """The partner confirms a session; both partners' grades change."""
        (session_id,) = payloads.parse_ids(data, ("session_id",))
        config = self.config()
        session, updates = domain.confirm_session(self.program_ref, caller.user_id, session_id, config)
        self._event("session.confirmed", pair=session.pair_id, session=session.number, counts=session.counts)
        self._publish_progress(caller, updates)
        return self._learner_response(caller, self.gettext("Session confirmed. Your progress is updated."))

    @handler(access.require_learner)
    def dispute_session(self, caller, data):
        """The partner disagrees with a logged session and says why."""
        session_id, reason = payloads.parse_dispute(data)
        session = domain.dispute_session(self.program_ref, caller.user_id, session_id, reason)
        self._event("session.disputed", pair=session.pair_id, session=session.number)
        return self._learner_response(caller, self.gettext("Your partner will see your reason and can correct it."))

    @handler(access.require_learner)
    def submit_feedback(self, caller, data):
        """Feedback after the last planned session."""
        config = self.config()
        data, pair_id = payloads.take_pair_id(data)
        answers = payloads.parse_feedback(data, domain.feedback_topics(self.program_ref, caller.user_id, config,
                                                                        pair_id))
        updates = domain.submit_feedback(self.program_ref, caller.user_id, answers, config, pair_id=pair_id)
        self._event("feedback.submitted", pair=updates[0].pair_id, satisfaction=answers.satisfaction,
                    would_recommend=answers.would_recommend)
        self._publish_progress(caller, updates)
        return self._learner_response(caller, self.gettext("Thank you for your feedback."))

    # --- staff handlers -----------------------------------------------------------------------

    @handler(access.require_staff)
    def pair_participants(self, caller, data):
        """Staff pair a mentor with a mentee."""
        mentor_id, mentee_id = payloads.parse_ids(data, ("mentor_id", "mentee_id"))
        pair = domain.pair_participants(self.program_ref, mentor_id, mentee_id, caller.user_id,
                                     mentor_capacity=self.config().matching.mentor_capacity)
        self._event("pair.created", pair=pair.pk, mentor=mentor_id, mentee=mentee_id, by="staff")
        return self._staff_response(self.gettext("{mentor} and {mentee} are now a pair.").format(
            mentor=pair.mentor.public_name, mentee=pair.mentee.public_name))

    @handler(access.require_staff)
    def end_pair(self, caller, data):
        """Staff end an active pair, with a reason."""
        pair_id, reason = payloads.parse_pair_ending(data)
        pair = domain.end_pair(self.program_ref, pair_id, reason, staff_user_id=caller.user_id)
        self._event("pair.ended", pair=pair.pk)
        return self._staff_response(self.gettext("The pair has ended; both partners are waiting again."))

    # --- responses and events -----------------------------------------------------------------

    def replayed_response(self, caller, section):
        """The answer to a submit that was already carried out: the page as it is now."""
        if section == "circle":
            return self.circle_replayed(caller)
        message = self.gettext("This was already saved.")
        return self._staff_response(message) if section == "staff" else self._learner_response(caller, message)

    def _learner_response(self, caller, message):
        return {"message": message, "html": self._render("learner.html", self._learner_context(caller, self.config()))}

    def _staff_response(self, message):
        return {"message": message, "html": self._render_staff(self.config())}

    def _event(self, name, **data):
        """Tracking-log event; ids only, never learner-written text."""
        self.runtime.publish(self, EVENT_PREFIX + name, data)

    def _publish_progress(self, caller, updates):
        """Grade and completion events for the current user; completion for the partner too."""
        completion_service = self.runtime.service(self, "completion")
        for update in updates:
            completion = update.completion
            if update.user_id == caller.user_id:
                self.raw_earned = update.points
                self.runtime.publish(self, "grade", {"value": update.points, "max_value": grading.MAX_POINTS})
                self.runtime.publish(self, "completion", {"completion": completion})
            elif completion_service and completion_service.completion_tracking_enabled():
                completion_service.submit_group_completion(
                    self.scope_ids.usage_id, completion, user_ids=[update.user_id])

    # --- scoring (ScorableXBlockMixin) ---------------------------------------------------------

    def max_score(self):
        """Fixed for every learner: scores are points out of 100, scaled by ``weight``."""
        return grading.MAX_POINTS

    def has_submitted_answer(self):
        user_id = access.identify(self).user_id
        return user_id is not None and domain.participant_record(self.program_ref, user_id) is not None

    def calculate_score(self):
        config = self.config()
        progress = domain.progress_of(self.program_ref, access.identify(self).user_id, config)
        return Score(raw_earned=grading.points(progress, config.grading), raw_possible=grading.MAX_POINTS)

    def get_score(self):
        if self.raw_earned is None:
            return self.calculate_score()
        return Score(raw_earned=self.raw_earned, raw_possible=grading.MAX_POINTS)

    def set_score(self, score):
        self.raw_earned = score.raw_earned

    def publish_grade(self):
        """Used by the LMS's score override: publish what ``set_score`` stored."""
        score = self.get_score()
        self.runtime.publish(self, "grade", {"value": score.raw_earned, "max_value": score.raw_possible})

    def generate_report_data(self, user_state_iterator, limit_responses=None):
        """Rows for the instructor dashboard's problem responses report: each learner's stage, partner, progress.

        The runtime hands over the learners who have state in this block; their program rows are read in
        batches, so the report costs a few queries per thousand learners.
        """
        batch = []
        for count, state in enumerate(user_state_iterator, start=1):
            if limit_responses is not None and count > limit_responses:
                break
            batch.append(state.username)
            if len(batch) == REPORT_BATCH:
                yield from self._report_rows(batch)
                batch = []
        yield from self._report_rows(batch)

    def _report_rows(self, usernames):
        data = reports.report_data(self.program_ref, self.config(), usernames)
        return [(username, data[username]) for username in usernames if username in data]

    def clear_student_state(self, user_id, course_id, item_id, requesting_user_id):
        """Instructor dashboard reset: the learner leaves the program; partners keep their history."""
        domain.reset_participant(self.program_ref, user_id,
                                 staff_user_id=platform.user_id_for_anonymous_id(requesting_user_id))

    # --- workbench -------------------------------------------------------------------------------

    @staticmethod
    def workbench_scenarios():
        return [("Reverse mentoring program", "<reverse_mentoring/>")]
