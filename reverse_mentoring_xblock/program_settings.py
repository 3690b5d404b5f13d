"""The author settings as XBlock fields, and the validated program configuration they make.

Defaults and ranges come from ``core/vocabulary.py``; ``config()`` turns the fields (or Studio's pending
edits) into a ``ProgramConfig`` or every problem found, which Studio lists when the author saves.
"""
from xblock.fields import Boolean, Dict, Float, Integer, List, Scope, String
from xblock.utils.studio_editable import StudioEditableXBlockMixin
from xblock.validation import ValidationMessage

from .core import program, program_olx
from .core.problems import ProblemList, _
from .core.vocabulary import DEFAULT_GRADING_WEIGHTS, DEFAULT_MATCH_WEIGHTS, DEFAULT_SETTINGS, SETTING_BOUNDS
from .presentation.labels import GOAL_KIND_LABELS


def bounded_setting(name, display_name, step=1, **kwargs):
    """An integer author setting whose default and range are the vocabulary's."""
    low, high = SETTING_BOUNDS[name]
    return Integer(display_name=display_name, default=DEFAULT_SETTINGS[name], scope=Scope.settings,
                   values={"min": low, "max": high, "step": step}, **kwargs)


class ProgramSettingsMixin(StudioEditableXBlockMixin):
    """Fields authors edit in Studio, and their translation into one ``ProgramConfig``."""

    display_name = String(display_name=_("Display name"), default=_("Reverse mentoring"), scope=Scope.settings)
    program_goal = String(
        display_name=_("Program goal"), scope=Scope.settings, multiline_editor=True,
        default=_("Pair digitally fluent colleagues with experienced ones: each teaches the other."),
        help=_("Shown to learners at the top of the program."))
    goal_kind = String(
        display_name=_("What the program is for"), scope=Scope.settings, default="digital",
        values=[{"value": kind, "display_name": label} for kind, label in GOAL_KIND_LABELS.items()],
        help=_("Digital transformation, diversity and inclusion, both, or a goal of your own."))
    topics = List(
        display_name=_("Digital topics"), scope=Scope.settings, default=list(program.DEFAULT_TOPICS),
        help=_('JSON list of topics: [{"id": "slug", "title": "...", "items": [{"id": "slug", "title": "..."}]}]. '
               "Keep ids stable once learners started: removed items stay in history."))
    experience_areas = List(
        display_name=_("Experience areas"), scope=Scope.settings, default=list(program.DEFAULT_EXPERIENCE_AREAS),
        help=_('JSON list of areas mentees share: [{"id": "slug", "title": "..."}].'))
    sessions_planned = bounded_setting("sessions_planned", _("Planned sessions per pair"))
    session_minutes = bounded_setting("session_minutes", _("Minutes per session"), step=5)
    cadence_days = bounded_setting("cadence_days", _("Days between sessions"))
    session_agenda = List(
        display_name=_("Suggested agenda per session"), scope=Scope.settings,
        default=list(program.DEFAULT_SESSION_AGENDA),
        help=_("Shown to the pair in their plan and when they log a session. JSON list of short texts, one per "
               'planned session, the first for session 1; "" for a session without one.'))
    intake_questions = List(
        display_name=_("Your own intake questions"), scope=Scope.settings, default=[],
        help=_('Asked after the built-in questions. JSON list: [{"id": "slug", "text": "...", "kind": "text" or '
               '"choice", "choices": ["...", "..."] (for a choice question, else []), "required": true or false, '
               '"shown_to": "partner_and_staff", "staff" or "partner"}]. Keep ids stable once learners answered.'))
    group_question = String(
        display_name=_("Question for self-described groups"), scope=Scope.settings, default="",
        help=_("One of your own choice questions, or none. For a program about diversity and inclusion, the staff "
               "overview compares participation, satisfaction and completion across its answers, showing only groups "
               "of at least 5 people."))
    grading_weights = Dict(
        display_name=_("Grading weights"), scope=Scope.settings, default=dict(DEFAULT_GRADING_WEIGHTS),
        help=_("Share of the grade for confirmed sessions, confirmed checklist items and feedback (0-100 each)."))
    match_weights = Dict(
        display_name=_("Matching weights"), scope=Scope.settings, default=dict(DEFAULT_MATCH_WEIGHTS),
        help=_("How much each part of a match counts (0-100 each): digital (what the mentee wants to learn x the "
               "mentor's rating), reverse (experience the mentor wants x what the mentee shares), goals, "
               "availability, time_zone, meeting."))
    mentor_capacity = bounded_setting("mentor_capacity", _("Mentees per mentor"))
    separate_teams = Boolean(
        display_name=_("Never pair colleagues from the same team"), default=False, scope=Scope.settings,
        help=_("The intake then asks for each learner's team or department."))
    require_mentor_advantage = Boolean(
        display_name=_("Mentor must know more"), default=False, scope=Scope.settings,
        help=_("Only propose a mentor who rates higher than the mentee in at least one topic the mentee wants."))
    auto_match_min = bounded_setting(
        "auto_match_min", _("Match automatically from"),
        help=_("Pair waiting learners automatically once this many have finished the intake (0: staff start it)."))
    min_days_between_sessions = bounded_setting(
        "min_days_between_sessions", _("Days between sessions that count"),
        help=_("A session counts towards the plan when, as it is confirmed, it was held at least this many days "
               "away from every session that counts already (1: on different days; 0: any day). One held closer is "
               "kept and shown. When fewer days are published, such sessions count where they now may; a session "
               "that counted keeps counting."))
    stall_grace_days = bounded_setting(
        "stall_grace_days", _("Days of grace before a quiet pair counts as stalled"),
        help=_("A pair with no confirmed session for longer than the days between sessions plus these days is "
               "shown to staff as stalled."))
    reminder_days = bounded_setting(
        "reminder_days", _("Days for reminders"),
        help=_("Partners are reminded by e-mail and on the page when their next session is due within this many "
               "days, when a session has waited this many days for their confirmation, when their pair falls behind "
               "or stalls, and when their feedback is open. Each learner may turn the e-mails off. 0: no reminders."))
    staff_see_notes = Boolean(
        display_name=_("Staff may read session notes"), default=False, scope=Scope.settings,
        help=_("Off: staff see each session's date, length, topics and checklist, but not what the pair wrote."))
    pairs_see_end_reason = Boolean(
        display_name=_("Pairs read why their pair was ended"), default=False, scope=Scope.settings,
        help=_("On: when staff end a pair, both partners read the reason staff gave. Off: they read that it ended."))
    pairs_share_link = Boolean(
        display_name=_("Partners may share a meeting link"), default=True, scope=Scope.settings,
        help=_("On: either partner may set the address both use to meet. Off: the pair agrees on where to meet "
               "another way."))
    pairs_share_contact = Boolean(
        display_name=_("Partners see how to reach each other"), default=True, scope=Scope.settings,
        help=_("On: the intake asks how the partner may reach each learner, and the partner reads it. Off: it is not "
               "asked, and an answer given before is not shown."))
    circle_open_to_mentees = Boolean(
        display_name=_("Mentees may join the mentor circle"), default=False, scope=Scope.settings,
        help=_("Off: the circle where mentors share tips and questions is for mentors and course staff. On: "
               "mentees read it and write in it too."))
    weight = Float(display_name=_("Problem weight"), default=1.0, scope=Scope.settings,
                   values={"min": SETTING_BOUNDS["problem_weight"][0], "max": SETTING_BOUNDS["problem_weight"][1],
                           "step": 0.1}, help=_("Points this program is worth in the course grade."))

    editable_fields = ("display_name", "program_goal", "goal_kind", "topics", "experience_areas",
                       "intake_questions", "group_question", "sessions_planned", "session_minutes", "cadence_days",
                       "min_days_between_sessions", "session_agenda", "grading_weights", "match_weights",
                       "mentor_capacity", "separate_teams", "require_mentor_advantage", "auto_match_min",
                       "stall_grace_days", "reminder_days", "staff_see_notes", "pairs_see_end_reason",
                       "pairs_share_link", "pairs_share_contact", "circle_open_to_mentees", "weight")

    def add_xml_to_node(self, node):
        """XBlock's export, then the settings as readable elements instead of JSON attributes (docs/olx.md)."""
        super().add_xml_to_node(node)
        values = {name: getattr(self, name) for name in program_olx.FIELDS
                  if name not in program_olx.LOCALISED_DEFAULTS or self.fields[name].is_set_on(self)}
        for name in program_olx.write_settings(node, values):
            node.attrib.pop(name, None)

    @classmethod
    def parse_xml(cls, node, runtime, keys, *args, **kwargs):
        """Take the settings' elements out first, as XBlock's parser would read them as child blocks; the old
        JSON attributes are still read by it. Unreadable settings stop the import with every problem named."""
        values, problems = program_olx.read_settings(node)
        block = super().parse_xml(node, runtime, keys, *args, **kwargs)
        if problems:
            raise program_olx.import_error(problems, keys.usage_id, block.gettext)
        for name, value in values.items():
            setattr(block, name, value)
        return block

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
        agenda = source.session_agenda
        if source is self:  # the shipped defaults are shown in the viewer's language
            default_topics, default_areas = program.translated_defaults(self.gettext)
            topics = topics if self.fields["topics"].is_set_on(self) else default_topics
            areas = areas if self.fields["experience_areas"].is_set_on(self) else default_areas
            agenda = agenda if self.fields["session_agenda"].is_set_on(self) else program.translated_agenda(
                self.gettext)
            goal = self.setting_text("program_goal")
        return program.build_config(
            goal=goal, goal_kind=source.goal_kind, topics=topics, experience_areas=areas,
            intake_questions=source.intake_questions, group_question=source.group_question, session_agenda=agenda,
            sessions_planned=source.sessions_planned, session_minutes=source.session_minutes,
            cadence_days=source.cadence_days, min_days_between_sessions=source.min_days_between_sessions,
            grading_weights=source.grading_weights,
            match_weights=source.match_weights, mentor_capacity=source.mentor_capacity,
            separate_teams=source.separate_teams, require_mentor_advantage=source.require_mentor_advantage,
            auto_match_min=source.auto_match_min, stall_grace_days=source.stall_grace_days,
            reminder_days=source.reminder_days,
            staff_see_notes=source.staff_see_notes, pairs_see_end_reason=source.pairs_see_end_reason,
            pairs_share_link=source.pairs_share_link, pairs_share_contact=source.pairs_share_contact,
            circle_open_to_mentees=source.circle_open_to_mentees)

    def setting_text(self, name):
        """An author's text as set, or the shipped default in the viewer's language."""
        value = getattr(self, name)
        return value if self.fields[name].is_set_on(self) else self.gettext(value)

    def validate_field_data(self, validation, data):
        try:
            self.config(source=data)
        except ProblemList as error:
            for problem in error.problems:
                validation.add(ValidationMessage(ValidationMessage.ERROR, problem.render(self.gettext)))
