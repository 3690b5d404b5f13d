"""Published changes of the settings grades depend on, as the block meets them (``domain/settings_changes.py``):
applying them where learners are, the notice learners read, and its dismissal."""
import dataclasses
import types

from xblock.fields import Integer, Scope

from . import access, platform
from .core import payloads
from .core.grading_terms import GradingTerms, compare
from .core.nudges import ReminderTerms
from .core.problems import ProblemList
from .domain import nudges, settings_changes
from .handling import handler
from .presentation.settings_notice import impact_lines, notice_context


def enqueue_rescoring(program, change_id):
    """Hand the rescoring to the LMS's Celery workers; False where Celery is not installed (rescore inline)."""
    try:
        from . import tasks
    except ImportError:
        return False
    return tasks.enqueue_rescoring(program, change_id)


class ProgramChangesMixin:
    """Applies the published settings before a learner or staff view is drawn."""

    seen_settings_change = Integer(default=0, scope=Scope.user_state,
                                   help="The latest settings change whose notice the learner dismissed.")

    def published_settings(self, config):
        """``config`` with the titles of removed checklist items, after making sure its terms are applied, and
        the program's ``Published`` state (its latest change). The settings the daily reminders read are kept with
        the program too (no query while they are unchanged); Studio's preview of drafts applies and keeps nothing."""
        program = self.program_ref
        terms = GradingTerms.of(config, self.topics)
        apply = not platform.shows_drafts()
        state = settings_changes.published(
            program, terms, lambda change_id: settings_changes.dispatch_rescore(program, change_id, enqueue_rescoring),
            apply=apply)
        if apply:
            # The name as stored, untranslated: the same for every viewer; e-mails translate a shipped default.
            nudges.keep_terms(program, ReminderTerms.of(config, self.display_name))
        return dataclasses.replace(config, retired_items=state.retired_titles), state

    def change_impact(self, settings):
        """What saving these editor ``settings`` would do to learners once published, as lines for the author
        (empty: nothing): what this save changes from the settings saved before, so each change is confirmed once."""
        config = self.config(source=types.SimpleNamespace(**settings))
        program = self.program_ref
        try:
            before = GradingTerms.of(self.config(), self.topics)
        except ProblemList:  # settings imported broken: nobody was graded with them, and the author may fix them
            before = GradingTerms.of(config, settings["topics"])
        change = compare(before, GradingTerms.of(config, settings["topics"]))
        asked = {question["id"] for question in self.intake_questions}
        new_questions = [q["text"] for q in settings["intake_questions"] if q.get("id") not in asked]
        if not change.regrades and not new_questions:
            return []
        joined, scored = settings_changes.reach(program)
        return impact_lines(change, new_questions, joined, scored, self.gettext, self.ngettext)

    def settings_notice(self, state, participant):
        return notice_context(state.latest_change, participant, self.seen_settings_change, self.gettext)

    @handler(access.require_learner)
    def dismiss_settings_notice(self, caller, data):
        """The learner read the notice of a settings change of this program (404 for any other id); it is not
        shown again."""
        (change_id,) = payloads.parse_ids(data, ("change_id",))
        settings_changes.check_change(self.program_ref, change_id)
        self.seen_settings_change = max(self.seen_settings_change, change_id)
        return {"dismissed": change_id}
