"""The ``reverse_mentoring`` XBlock: translates between the Open edX runtime and the domain layer.

It reads author settings into a ``ProgramConfig``, identifies the caller, validates what handlers
receive, calls ``api`` and renders the result. It holds no cross-user data itself.
"""
import functools
import hashlib
import json

from django.db import DatabaseError
from django.utils import timezone
from web_fragments.fragment import Fragment
from webob import Response
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Boolean, Dict, Float, Integer, List, Scope, String
from xblock.scorable import ScorableXBlockMixin, Score
from xblock.utils.studio_editable import StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from . import (access, api, grading, locking, matchmaking, payloads, platform, presenters, program, rendering,
               transactions)
from .intake import parse_intake
from .problems import ProblemList, _

EVENT_PREFIX = "xblock.reverse_mentoring."



def handler(who):
    """Turn a domain method into a JSON handler that checks ``who`` may call it and maps every outcome.

    ``who`` is ``access.require_learner`` or ``access.require_staff``. The body must be a JSON document;
    an optional ``request_id`` numbers the submit so that a retry is carried out once. Errors answer
    with a JSON body ``{"error": message, "fields": {...}}`` and the matching status (403, 400, 404,
    409, 413, or 503 when the database stayed busy); nothing is written.
    """
    section = "staff" if who is access.require_staff else "learner"

    def decorate(method):
        @XBlock.handler
        @functools.wraps(method)
        def wrapper(self, request, suffix=""):  # pylint: disable=unused-argument
            if request.method != "POST":
                response = self.error_response(405, self.gettext("Send this as a POST request."))
                response.allow = ("POST",)
                return response
            caller = access.identify(self)
            try:
                who(caller)
                data, request_id = payloads.take_request_id(payloads.parse_body(request.body))
                with transactions.client_request(self.program_ref.usage_key, caller.user_id, request_id,
                                                 method.__name__):
                    result = method(self, caller, data)
            except access.Denied as error:
                return self.error_response(403, self.gettext(error.message))
            except payloads.BodyTooLarge as error:
                return self.error_response(413, error.problems[0].render(self.gettext))
            except ProblemList as error:
                fields = error.by_field(self.gettext)
                return self.error_response(400, self.gettext("Please correct the highlighted answers."), fields)
            except api.DomainError as error:
                return self.error_response(error.status, self.gettext(error.message).format(**error.params))
            except transactions.Replayed:
                result = self._replayed_response(caller, section)
            except transactions.Busy:
                return self.error_response(503, self.gettext(transactions.Busy.message))
            except (DatabaseError, locking.StartOver) as error:  # a write nested in another one's transaction
                if not transactions.is_transient(error):
                    raise
                return self.error_response(503, self.gettext(transactions.Busy.message))
            return Response(json.dumps(result), content_type="application/json", charset="utf8")
        return wrapper
    return decorate


@XBlock.wants("user", "i18n", "completion")
class ReverseMentoringXBlock(StudioEditableXBlockMixin, ScorableXBlockMixin, XBlock):
    """One reverse-mentoring program in a course unit."""

    display_name = String(display_name=_("Display name"), default=_("Reverse mentoring"), scope=Scope.settings)
    program_goal = String(
        display_name=_("Program goal"), scope=Scope.settings, multiline_editor=True,
        default=_("Pair digitally fluent colleagues with experienced ones: each teaches the other."),
        help=_("Shown to learners at the top of the program."))
    topics = List(
        display_name=_("Digital topics"), scope=Scope.settings, default=list(program.DEFAULT_TOPICS),
        help=_('JSON list of topics: [{"id": "slug", "title": "...", "items": [{"id": "slug", "title": "..."}]}]. '
               "Keep ids stable once learners started: removed items stay in history."))
    experience_areas = List(
        display_name=_("Experience areas"), scope=Scope.settings, default=list(program.DEFAULT_EXPERIENCE_AREAS),
        help=_('JSON list of areas mentees share: [{"id": "slug", "title": "..."}].'))
    sessions_planned = Integer(display_name=_("Planned sessions per pair"), default=6, scope=Scope.settings,
                               values={"min": 1, "max": 24, "step": 1})
    session_minutes = Integer(display_name=_("Minutes per session"), default=60, scope=Scope.settings,
                              values={"min": 15, "max": 240, "step": 5})
    cadence_days = Integer(display_name=_("Days between sessions"), default=30, scope=Scope.settings,
                           values={"min": 7, "max": 120, "step": 1})
    grading_weights = Dict(
        display_name=_("Grading weights"), scope=Scope.settings,
        default={"sessions": 60, "checklist": 30, "feedback": 10},
        help=_("Share of the grade for confirmed sessions, confirmed checklist items and feedback (0-100 each)."))
    match_weights = Dict(
        display_name=_("Matching weights"), scope=Scope.settings, default=dict(program.DEFAULT_MATCH_WEIGHTS),
        help=_("How much each part of a match counts (0-100 each): digital (what the mentee wants to learn x the "
               "mentor's rating), reverse (experience the mentor wants x what the mentee shares), goals, "
               "availability, time_zone, meeting."))
    mentor_capacity = Integer(display_name=_("Mentees per mentor"), default=1, scope=Scope.settings,
                              values={"min": 1, "max": 3, "step": 1})
    separate_teams = Boolean(
        display_name=_("Never pair colleagues from the same team"), default=False, scope=Scope.settings,
        help=_("The intake then asks for each learner's team or department."))
    require_mentor_advantage = Boolean(
        display_name=_("Mentor must know more"), default=False, scope=Scope.settings,
        help=_("Only propose a mentor who rates higher than the mentee in at least one topic the mentee wants."))
    auto_match_min = Integer(
        display_name=_("Match automatically from"), default=0, scope=Scope.settings,
        values={"min": 0, "max": 10000, "step": 1},
        help=_("Pair waiting learners automatically once this many have finished the intake (0: staff start it)."))
    weight = Float(display_name=_("Problem weight"), default=1.0, scope=Scope.settings,
                   values={"min": 0, "step": 0.1}, help=_("Points this program is worth in the course grade."))
    raw_earned = Float(default=None, scope=Scope.user_state, help="Last score the LMS stored for this learner.")

    editable_fields = ("display_name", "program_goal", "topics", "experience_areas", "sessions_planned",
                       "session_minutes", "cadence_days", "grading_weights", "match_weights", "mentor_capacity",
                       "separate_teams", "require_mentor_advantage", "auto_match_min", "weight")
    has_score = True
    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE
    i18n_js_namespace = "ReverseMentoringI18N"
    icon_class = "problem"

    # --- configuration -------------------------------------------------------------------------

    def gettext(self, text):
        service = self.runtime.service(self, "i18n")
        return service.gettext(text) if service else text

    def ngettext(self, singular, plural, count):
        service = self.runtime.service(self, "i18n")
        if service:
            return service.ngettext(singular, plural, count)
        return singular if count == 1 else plural

    def config(self, source=None):
        """Validated settings of ``source`` (this block, or Studio's pending edits)."""
        source = source or self
        topics, areas, goal = source.topics, source.experience_areas, source.program_goal
        if source is self:  # the shipped defaults are shown in the viewer's language
            default_topics, default_areas = program.translated_defaults(self.gettext)
            topics = topics if self.fields["topics"].is_set_on(self) else default_topics
            areas = areas if self.fields["experience_areas"].is_set_on(self) else default_areas
            goal = self.setting_text("program_goal")
        return program.build_config(
            goal=goal, topics=topics, experience_areas=areas,
            sessions_planned=source.sessions_planned, session_minutes=source.session_minutes,
            cadence_days=source.cadence_days, grading_weights=source.grading_weights,
            match_weights=source.match_weights, mentor_capacity=source.mentor_capacity,
            separate_teams=source.separate_teams, require_mentor_advantage=source.require_mentor_advantage,
            auto_match_min=source.auto_match_min)

    def setting_text(self, name):
        """An author's text as set, or the shipped default in the viewer's language."""
        value = getattr(self, name)
        return value if self.fields[name].is_set_on(self) else self.gettext(value)

    @property
    def _dom_id(self):
        """Prefix for element ids, unique per block on a page."""
        return "rm-" + hashlib.sha1(str(self.scope_ids.usage_id).encode(), usedforsecurity=False).hexdigest()[:8]

    @property
    def program_ref(self):
        return api.ProgramRef(*platform.program_keys(self.scope_ids.usage_id))

    def validate_field_data(self, validation, data):
        try:
            self.config(source=data)
        except ProblemList as error:
            for problem in error.problems:
                validation.add(ValidationMessage(ValidationMessage.ERROR, problem.render(self.gettext)))

    # --- views ---------------------------------------------------------------------------------

    def student_view(self, context=None):  # pylint: disable=unused-argument
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
        page = {
            "display_name": self.setting_text("display_name"),
            "goal": config.goal,
            "learner_html": self._render_learner(caller, config),
            "staff_html": self._render_staff(config) if caller.is_staff else "",
        }
        fragment = Fragment(self._render("student_view.html", page))
        fragment.add_css(rendering.load_static("css/reverse_mentoring.css"))
        fragment.add_javascript(rendering.load_static("js/reverse_mentoring.js"))
        self._add_js_catalog(fragment)
        fragment.initialize_js("ReverseMentoringView", {"isStaff": caller.is_staff})
        return fragment

    def author_view(self, context=None):  # pylint: disable=unused-argument
        try:
            summary = presenters.author_summary(self.config())
        except ProblemList as error:
            summary = {"problems": [p.render(self.gettext) for p in error.problems]}
        context = {"display_name": self.setting_text("display_name"), **summary}
        fragment = Fragment(self._render("author_view.html", context))
        fragment.add_css(rendering.load_static("css/reverse_mentoring.css"))
        return fragment

    def _render_learner(self, caller, config):
        state = api.learner_state(self.program_ref, caller.user_id, config)
        context = presenters.learner_context(state, config, caller, timezone.localdate(), self.gettext)
        return self._render("learner.html", context)

    def _render_staff(self, config):
        participants, pairs = api.staff_overview(self.program_ref)
        context = presenters.staff_context(participants, pairs, config, self.gettext)
        context["matching"] = presenters.matching_context(matchmaking.latest_run(self.program_ref), participants,
                                                          pairs, config, self.gettext)
        return self._render("staff.html", context)

    def _render(self, path, context):
        return rendering.render(path, {"uid": self._dom_id, **context}, self.runtime.service(self, "i18n"))

    def _message_fragment(self, message):
        context = {"display_name": self.setting_text("display_name"), "message": message}
        return Fragment(self._render("message.html", context))

    def _add_js_catalog(self, fragment):
        service = self.runtime.service(self, "i18n")
        url = getattr(service, "get_javascript_i18n_catalog_url", lambda block: None)(self)
        if url:
            fragment.add_javascript_url(url)

    # --- learner handlers ---------------------------------------------------------------------

    @handler(access.require_learner)
    def submit_intake(self, caller, data):
        """Join the program, or update one's answers until paired."""
        config = self.config()
        participant = api.save_intake(self.program_ref, caller, parse_intake(data, config))
        self._event("intake.submitted", participant=participant.pk, role=participant.role)
        if matchmaking.due_for_auto_match(self.program_ref, config.matching):
            self._run_matching(None, config, auto_accept=True)
        return self._learner_response(caller, self.gettext("Thank you, your answers are saved."))

    @handler(access.require_learner)
    def set_meeting_link(self, caller, data):
        """Either partner sets the address both use to meet."""
        pair = api.set_meeting_link(self.program_ref, caller.user_id, payloads.parse_meeting_link(data))
        self._event("meeting_link.updated", pair=pair.pk)
        return self._learner_response(caller, self.gettext("The meeting link is saved."))

    @handler(access.require_learner)
    def log_session(self, caller, data):
        """Log a session, or correct one the partner has not confirmed; the partner confirms it."""
        config = self.config()
        session_id, log = payloads.parse_log_or_correction(data, config, today=timezone.localdate())
        if session_id is not None:
            session = api.correct_session(self.program_ref, caller.user_id, session_id, log)
            self._event("session.corrected", pair=session.pair_id, session=session.number)
            return self._learner_response(caller, self.gettext("Session corrected. Your partner can confirm it now."))
        session = api.log_session(self.program_ref, caller.user_id, log, config)
        self._event("session.logged", pair=session.pair_id, session=session.number, minutes=session.minutes)
        return self._learner_response(caller, self.gettext("Session logged. Your partner will be asked to confirm it."))

    @handler(access.require_learner)
    def confirm_session(self, caller, data):
        """The partner confirms a session; both partners' grades change."""
        (session_id,) = payloads.parse_ids(data, ("session_id",))
        config = self.config()
        updates = api.confirm_session(self.program_ref, caller.user_id, session_id, config)
        self._event("session.confirmed", session=session_id)
        self._publish_progress(caller, updates)
        return self._learner_response(caller, self.gettext("Session confirmed. Your progress is updated."))

    @handler(access.require_learner)
    def dispute_session(self, caller, data):
        """The partner disagrees with a logged session and says why."""
        session_id, reason = payloads.parse_dispute(data)
        session = api.dispute_session(self.program_ref, caller.user_id, session_id, reason)
        self._event("session.disputed", pair=session.pair_id, session=session.number)
        return self._learner_response(caller, self.gettext("Your partner will see your reason and can correct it."))

    @handler(access.require_learner)
    def submit_feedback(self, caller, data):
        """Feedback after the last planned session."""
        config = self.config()
        answers = payloads.parse_feedback(data, api.feedback_topics(self.program_ref, caller.user_id, config))
        updates = api.submit_feedback(self.program_ref, caller.user_id, answers, config)
        self._event("feedback.submitted", satisfaction=answers.satisfaction, would_recommend=answers.would_recommend)
        self._publish_progress(caller, updates)
        return self._learner_response(caller, self.gettext("Thank you for your feedback."))

    # --- staff handlers -----------------------------------------------------------------------

    @handler(access.require_staff)
    def pair_participants(self, caller, data):
        """Staff pair a mentor with a mentee."""
        mentor_id, mentee_id = payloads.parse_ids(data, ("mentor_id", "mentee_id"))
        pair = api.pair_participants(self.program_ref, mentor_id, mentee_id, caller.user_id,
                                     mentor_capacity=self.config().matching.mentor_capacity)
        self._event("pair.created", pair=pair.pk, mentor=mentor_id, mentee=mentee_id, by="staff")
        return self._staff_response(self.gettext("{mentor} and {mentee} are now a pair.").format(
            mentor=pair.mentor.public_name, mentee=pair.mentee.public_name))

    @handler(access.require_staff)
    def end_pair(self, caller, data):  # pylint: disable=unused-argument
        """Staff end an active pair, with a reason."""
        pair_id, reason = payloads.parse_pair_ending(data)
        pair = api.end_pair(self.program_ref, pair_id, reason)
        self._event("pair.ended", pair=pair.pk)
        return self._staff_response(self.gettext("The pair has ended; both partners are waiting again."))

    @handler(access.require_staff)
    def start_matching(self, caller, data):
        """Staff run matching over everyone still unpaired."""
        payloads.parse_ids(data, ())
        run = self._run_matching(caller.user_id, self.config())
        return self._staff_response(self._matching_message(run))

    @handler(access.require_staff)
    def matching_status(self, caller, data):  # pylint: disable=unused-argument
        """The staff panel again, for following a run in the background."""
        payloads.parse_ids(data, ())
        return self._staff_response("")

    @handler(access.require_staff)
    def adjust_matching(self, caller, data):
        """Exclude, lock, release or swap proposals, then match again with those rules."""
        change = payloads.parse_adjustment(data)
        run = matchmaking.adjust(self.program_ref, change.run_id, caller.user_id, exclude=change.exclude,
                                 lock=change.lock, release=change.release)
        self._dispatch(run, self.config())
        return self._staff_response(self._matching_message(run))

    @handler(access.require_staff)
    def accept_matches(self, caller, data):
        """Turn the chosen proposals into pairs, all in one transaction."""
        run_id, accepted = payloads.parse_acceptance(data)
        config = self.config()
        pairs = matchmaking.accept(self.program_ref, run_id, accepted, caller.user_id,
                                   capacity=config.matching.mentor_capacity)
        for pair in pairs:
            self._event("pair.created", pair=pair.pk, mentor=pair.mentor_id, mentee=pair.mentee_id, by="matching")
        return self._staff_response(
            self.ngettext("{count} pair created.", "{count} pairs created.", len(pairs)).format(count=len(pairs)))

    def _run_matching(self, staff_user_id, config, auto_accept=False):
        run = matchmaking.start_run(self.program_ref, staff_user_id, auto_accept=auto_accept)
        self._event("matching.started", run=run.pk, automatic=auto_accept)
        self._dispatch(run, config)
        return run

    def _dispatch(self, run, config):
        titles = {t.id: t.title for t in config.topics} | {a.id: a.title for a in config.experience_areas}
        matchmaking.dispatch(run, config.matching, titles)
        run.refresh_from_db()
        if run.status == run.Status.APPLIED:
            for pair in run.pairs.all():
                self._event("pair.created", pair=pair.pk, mentor=pair.mentor_id, mentee=pair.mentee_id, by="automatic")

    def _matching_message(self, run):
        run.refresh_from_db()
        if run.status == run.Status.READY:
            return self.gettext("Matching finished: review the proposals below.")
        return self.gettext("Matching is running; this panel updates when it finishes.")

    # --- responses and events -----------------------------------------------------------------

    def error_response(self, status, message, fields=None):
        body = {"error": message}
        if fields:
            body["fields"] = fields
        return Response(json.dumps(body), status=status, content_type="application/json", charset="utf8")

    def _replayed_response(self, caller, section):
        """The answer to a submit that was already carried out: the page as it is now."""
        message = self.gettext("This was already saved.")
        return self._staff_response(message) if section == "staff" else self._learner_response(caller, message)

    def _learner_response(self, caller, message):
        return {"message": message, "html": self._render_learner(caller, self.config())}

    def _staff_response(self, message):
        return {"message": message, "html": self._render_staff(self.config())}

    def _event(self, name, **data):
        """Tracking-log event; ids only, never learner-written text."""
        self.runtime.publish(self, EVENT_PREFIX + name, data)

    def _publish_progress(self, caller, updates):
        """Grade and completion events for the current user; completion for the partner too."""
        completion_service = self.runtime.service(self, "completion")
        for update in updates:
            completion = grading.completion(update.progress)
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
        return user_id is not None and api.find_participant(self.program_ref, user_id) is not None

    def calculate_score(self):
        config = self.config()
        progress = api.progress_of(self.program_ref, access.identify(self).user_id, config)
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

    def clear_student_state(self, user_id, course_id, item_id, requesting_user_id):  # pylint: disable=unused-argument
        """Instructor dashboard reset: the learner leaves the program; partners keep their history."""
        api.reset_participant(self.program_ref, user_id)

    # --- workbench -------------------------------------------------------------------------------

    @staticmethod
    def workbench_scenarios():
        return [("Reverse mentoring program", '<reverse_mentoring url_name="demo_program"/>')]
