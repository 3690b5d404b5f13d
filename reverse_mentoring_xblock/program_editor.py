"""The Studio editor of the author settings: its view, its save handler, and who may save.

Authors edit the program in a structured form (``templates/program_editor.html``, ``static/js/program_editor.js``)
instead of typing JSON; they may start from a program template (``core/program_templates.py``). Saving goes
through ``core/program_form.py``, which ends in the same ``build_config`` every other path uses, and sets every
field only when the whole program is valid; Studio's runtime then stores the block.

Who may save: in Studio any caller, as Studio lets only the course's authors reach a block's handlers; in the
workbench, which has no Studio, course staff stand in for the author; in a course (the LMS) nobody, as the
settings are authored in Studio and read-only there.
"""
import copy
import functools

from web_fragments.fragment import Fragment
from xblock.core import XBlock

from . import access
from .core import program_form, program_templates
from .core.problems import _
from .core.program import translated_agenda, translated_defaults
from .core.vocabulary import MATCH_COMPONENTS, SETTING_BOUNDS, TEXT_LIMITS
from .handling import error_response, handler
from .presentation import rendering
from .presentation.labels import COMPONENT_LABELS, GOAL_KIND_LABELS, QUESTION_AUDIENCE_LABELS, QUESTION_KIND_LABELS

IN_COURSE = _("Edit the program's settings in Studio.")
# Settings whose default is shipped text, shown in the viewer's language until an author changes it.
LOCALISED_TEXTS = ("display_name", "program_goal", "topics", "experience_areas", "session_agenda")
NUMBER_SETTINGS = ("sessions_planned", "session_minutes", "cadence_days", "min_days_between_sessions",
                   "stall_grace_days", "reminder_days")
MATCHING_NUMBERS = ("mentor_capacity", "auto_match_min")
MATCHING_RULES = ("separate_teams", "require_mentor_advantage")
PRIVACY_SETTINGS = ("staff_see_notes", "pairs_see_end_reason", "pairs_share_link", "pairs_share_contact")
CIRCLE_SETTINGS = ("circle_open_to_mentees",)
GRADING_LABELS = {"sessions": _("Confirmed sessions"), "checklist": _("Confirmed checklist items"),
                  "feedback": _("Feedback")}
COMPONENT_MEANINGS = dict(zip(MATCH_COMPONENTS, (
    _("What the mentee wants to learn, times how the mentor rates themselves in it."),
    _("The experience the mentor wants to learn, times what the mentee shares."),
    _("Words the two partners' goals have in common."),
    _("Weekly times both partners are free."),
    _("How close the partners' time zones are."),
    _("Whether both prefer to meet remotely, in person, or either."),
)))


def require_author(caller):
    """Studio's callers, or course staff where there is no course (the workbench): ``author_handler`` keeps
    the LMS out first."""
    if not caller.in_studio:
        access.require_staff(caller)


def in_a_course(block):
    """Called in a course (the LMS): a user is bound and the usage id is a course's key. Studio binds no user; the
    workbench's usage ids are plain strings."""
    return block.scope_ids.user_id is not None and getattr(block.scope_ids.usage_id, "course_key", None) is not None


def author_handler(method):
    """``handling.handler(require_author)``, refusing any caller in a course before the body is read."""
    json_handler = handler(require_author)(method)

    @XBlock.handler
    @functools.wraps(method)
    def wrapper(self, request, suffix=""):
        if in_a_course(self):
            return error_response(403, self.gettext(IN_COURSE))
        return json_handler(self, request, suffix)
    return wrapper


class ProgramEditorMixin:
    """``studio_view`` and ``save_program`` for the block; the settings themselves are ``program_settings``."""

    def studio_view(self, context=None):
        """The structured editor, in place of the generic form of ``StudioEditableXBlockMixin`` (whose ``validate``
        still checks the fields)."""
        fragment = Fragment(self._render_editor())
        fragment.add_css(rendering.load_static("css/reverse_mentoring.css"))
        fragment.add_css(rendering.load_static("css/program_editor.css"))
        fragment.add_javascript(rendering.load_static("js/program_editor.js"))
        self._add_js_catalog(fragment)
        fragment.initialize_js("ReverseMentoringProgramEditor")
        return fragment

    @author_handler
    def save_program(self, caller, data):
        """Every setting from the editor, all saved or none; the answer holds the editor drawn again. A change that
        reaches learners (grades recomputed, new questions asked) is saved only once the author confirms it: until
        then the answer says what it would do (``impact``) and nothing is saved."""
        confirmed = program_form.take_confirmation(data)
        settings = program_form.parse_program_form(data)
        settings["weight"] = float(settings["weight"])
        impact = self.change_impact(settings)
        if impact and not confirmed:
            return {"message": self.gettext("This change reaches learners: read what it does, then save again."),
                    "impact": impact}
        shown = self._editable_settings()
        for name in program_form.SETTINGS:
            if name in LOCALISED_TEXTS and not self.fields[name].is_set_on(self) and settings[name] == shown[name]:
                continue  # the shipped default, untouched: it stays in each viewer's language
            setattr(self, name, settings[name])
        return {"message": self.gettext("The program is saved."), "html": self._render_editor()}

    def _render_editor(self):
        gettext = self.gettext
        current = self._editable_settings()
        field = self.fields
        return self._render("program_editor.html", {
            "settings": {**current, "weight": str(current["weight"])},
            "numbers": [self._number(name, current) for name in NUMBER_SETTINGS],
            "matching_numbers": [self._number(name, current) for name in MATCHING_NUMBERS],
            "matching_rules": [self._choice(name, current) for name in MATCHING_RULES],
            "privacy": [self._choice(name, current) for name in PRIVACY_SETTINGS],
            "circle": [self._choice(name, current) for name in CIRCLE_SETTINGS],
            "grading": [{"name": part, "label": gettext(label), "value": str(current["grading_weights"].get(part, 0))}
                        for part, label in GRADING_LABELS.items()],
            "grading_help": gettext(field["grading_weights"].help),
            "matching": [{"name": part, "label": gettext(COMPONENT_LABELS[part]),
                          "hint": gettext(COMPONENT_MEANINGS[part]),
                          "value": str(current["match_weights"].get(part, 0))} for part in MATCH_COMPONENTS],
            "weight_bounds": SETTING_BOUNDS["problem_weight"],
            "labels": {name: gettext(field[name].display_name) for name in program_form.SETTINGS},
            "hints": {name: gettext(field[name].help) for name in ("program_goal", "goal_kind", "group_question",
                                                                   "weight")},
            "group_questions": self._group_question_options(current["intake_questions"], current["group_question"]),
            "question_limit": SETTING_BOUNDS["intake_questions"][1],
            "goal_kinds": [{"value": kind, "label": gettext(label), "checked": current["goal_kind"] == kind}
                           for kind, label in GOAL_KIND_LABELS.items()],
            "templates": [{"id": template.id, "title": gettext(template.title), "summary": gettext(template.summary)}
                          for template in program_templates.TEMPLATES],
            "state": {
                "topics": current["topics"], "experience_areas": current["experience_areas"],
                "session_agenda": current["session_agenda"], "intake_questions": current["intake_questions"],
                "question_kinds": [{"value": kind, "label": gettext(label)}
                                   for kind, label in QUESTION_KIND_LABELS.items()],
                "audiences": [{"value": audience, "label": gettext(label)}
                              for audience, label in QUESTION_AUDIENCE_LABELS.items()],
                "limits": {name: TEXT_LIMITS[name] for name in ("agenda", "question", "question_choice")},
                "templates": {template.id: program_templates.translated_settings(template, gettext)
                              for template in program_templates.TEMPLATES},
            },
        })

    def _editable_settings(self):
        """The settings as the editor shows them: shipped defaults in the author's language until set (copies,
        so that drawing the editor never changes a field)."""
        current = {name: getattr(self, name) for name in program_form.SETTINGS}
        for name in LOCALISED_TEXTS[:2]:
            current[name] = self.setting_text(name)
        default_topics, default_areas = translated_defaults(self.gettext)
        for name, default in (("topics", default_topics), ("experience_areas", default_areas),
                              ("session_agenda", translated_agenda(self.gettext))):
            current[name] = copy.deepcopy(current[name]) if self.fields[name].is_set_on(self) else default
        current["intake_questions"] = copy.deepcopy(current["intake_questions"])
        return current

    def _group_question_options(self, questions, chosen):
        """None, then each saved choice question by its text (and the id chosen, if it names none of them, so that
        the editor shows what is stored and saving names the problem)."""
        options = [{"value": "", "label": self.gettext("No question: no figures by group")}] + [
            {"value": question.get("id"), "label": question.get("text")} for question in questions
            if isinstance(question, dict) and question.get("kind") == "choice" and question.get("id")]
        if chosen and chosen not in [option["value"] for option in options]:
            options.append({"value": chosen, "label": chosen})
        return [{**option, "selected": option["value"] == chosen} for option in options]

    def _number(self, name, current):
        """A whole-number setting; its value as text, as ``field.html`` would leave a 0 out."""
        low, high = SETTING_BOUNDS[name]
        field = self.fields[name]
        return {"name": name, "label": self.gettext(field.display_name), "value": str(current[name]), "min": low,
                "max": high, "step": field.values.get("step", 1),
                "hint": self.gettext(field.help) if field.help else ""}

    def _choice(self, name, current):
        field = self.fields[name]
        return {"name": name, "label": self.gettext(field.display_name), "checked": bool(current[name]),
                "hint": self.gettext(field.help) if field.help else ""}
