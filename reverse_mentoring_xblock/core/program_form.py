"""The Studio editor's payload -> author settings, with every problem on the field path the editor shows.

Pure module. The editor sends each setting under its field name; topics, items, areas and intake questions
it adds come without an id, and get one here from their title or text (a slug, unique in its list). An entry
that has an id keeps it whatever its title becomes, so renaming never cuts it off from the pairs' history or
a question from its answers. Lists and weights are checked entry by entry so that a problem names its place
(``topics.2.items.0.title``, ``grading_weights.feedback``); then ``build_config``, the one validation every
path goes through, checks the whole, and its problems are kept where the editor found none (it names the
place of a question's or an agenda's problem itself). The editor sends one agenda text per planned session;
the blank ones at the end are not kept.
"""
import re
import unicodedata

from . import program
from .problems import Problem, ProblemList, _, require_object
from .vocabulary import MATCH_COMPONENTS, SETTING_BOUNDS, TEXT_LIMITS

GRADING_PARTS = ("sessions", "checklist", "feedback")
LISTS = ("topics", "experience_areas")
WEIGHTED = ("grading_weights", "match_weights")
SLUG_LENGTH = 56  # room left in the 64 characters of an id for a "-2" suffix
SETTINGS = (
    "display_name", "program_goal", "goal_kind", "topics", "experience_areas", "intake_questions", "group_question",
    "sessions_planned", "session_minutes", "cadence_days", "min_days_between_sessions", "session_agenda",
    "stall_grace_days", "reminder_days", "grading_weights", "weight", "match_weights", "mentor_capacity",
    "separate_teams", "require_mentor_advantage", "auto_match_min", "staff_see_notes", "pairs_see_end_reason",
    "pairs_share_link", "pairs_share_contact", "circle_open_to_mentees",
)
# ``build_config``'s name for a setting, where it differs from the field's, and back.
CONFIG_NAMES = {"program_goal": "goal"}
FIELD_NAMES = {config_name: name for name, config_name in CONFIG_NAMES.items()}
NOTHING_ABOVE_ZERO = {"grading_weights": _("At least one grading weight must be above zero."),
                      "match_weights": _("At least one matching weight must be above zero.")}


def slug(title, taken, fallback):
    """A new id from ``title``: lower-case ASCII words joined by '-', not in ``taken`` (then added to it)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:SLUG_LENGTH].strip("-") or fallback
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def take_confirmation(data):
    """Whether the author confirmed a change that reaches learners (``confirm_changes``), taken out of ``data``."""
    if not isinstance(data, dict) or "confirm_changes" not in data:
        return False
    confirmed = data.pop("confirm_changes")
    if not isinstance(confirmed, bool):
        raise ProblemList([Problem("confirm_changes", _("Choose yes or no."))])
    return confirmed


def parse_program_form(data):
    """The settings to save, as field name -> value; raise ``ProblemList`` with every problem found."""
    require_object(data, SETTINGS)
    problems = [Problem(name, _("This is missing.")) for name in SETTINGS if name not in data]
    if problems:
        raise ProblemList(problems)
    settings = dict(data)
    settings["display_name"] = _title(data["display_name"], "display_name", problems)
    settings["topics"] = _entries(data["topics"], "topics", "topic", problems, nested=True)
    settings["experience_areas"] = _entries(data["experience_areas"], "experience_areas", "area", problems)
    for name, parts in (("grading_weights", GRADING_PARTS), ("match_weights", MATCH_COMPONENTS)):
        _weights(data[name], name, parts, SETTING_BOUNDS[name.replace("_weights", "_weight")], problems)
    _problem_weight(data["weight"], problems)
    if isinstance(data["program_goal"], str):
        settings["program_goal"] = data["program_goal"].strip()
    settings["session_agenda"] = _agenda(data["session_agenda"])
    settings["intake_questions"] = _questions(data["intake_questions"])
    problems += _whole_program_problems(settings, problems)
    if problems:
        raise ProblemList(problems)
    return settings


def config_of(settings):
    """``build_config`` of author settings given by field name."""
    names = [name for name in SETTINGS if name not in ("display_name", "weight")]
    return program.build_config(**{CONFIG_NAMES.get(name, name): settings[name] for name in names})


def _whole_program_problems(settings, found):
    """``build_config``'s problems under the editor's field names, but none for a list or a set of weights
    whose entries already have theirs: the same fault would show twice."""
    try:
        config_of(settings)
    except ProblemList as error:
        covered = {problem.field.split(".")[0] for problem in found}
        named = [Problem(FIELD_NAMES.get(problem.field, problem.field), problem.message, problem.params)
                 for problem in error.problems]
        return [problem for problem in named if problem.field not in covered]
    return []


def _title(value, path, problems):
    limit = TEXT_LIMITS["title"]
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > limit:
        problems.append(Problem(path, _("Give a title of 1 to {limit} characters."), {"limit": limit}))
    return text


def _entries(raw, path, fallback, problems, nested=False):
    """Entries of a list with their titles checked and new ones given an id; each problem on its place."""
    bounds_key = "items_per_topic" if path.endswith(".items") else path.split(".")[0]
    low, high = SETTING_BOUNDS[bounds_key]
    if not isinstance(raw, list) or not low <= len(raw) <= high:
        problems.append(Problem(path, _("Give between {low} and {high} entries."), {"low": low, "high": high}))
        return raw
    entries = [entry if isinstance(entry, dict) else {} for entry in raw]
    given = [entry.get("id") or "" for entry in entries]
    taken = {entry_id for entry_id in given if isinstance(entry_id, str)}
    parsed, titles_seen = [], set()
    for position, (entry, given_id) in enumerate(zip(entries, given)):
        place = f"{path}.{position}"
        unknown = set(entry) - {"id", "title", *(("items",) if nested else ())}
        if unknown or not entry:
            problems.append(Problem(place, _("Entry {position} must have an id and a title."),
                                    {"position": position + 1}))
            continue
        title = _title(entry.get("title"), f"{place}.title", problems)
        if title and title.casefold() in titles_seen:  # learners could not tell the two apart
            problems.append(Problem(f"{place}.title", _("An entry above has this title already.")))
        titles_seen.add(title.casefold())
        entry_id = slug(title, taken, fallback) if given_id == "" else given_id
        if not isinstance(entry_id, str) or not program.SLUG_PATTERN.match(entry_id):
            problems.append(Problem(f"{place}.id", _("This entry's id cannot be read; remove it and add it again.")))
        elif given.count(entry_id) > 1 and given.index(entry_id) < position:
            problems.append(Problem(f"{place}.id", _("The id '{id}' is used twice."), {"id": entry_id}))
        result = {"id": entry_id, "title": title}
        if nested:
            result["items"] = _entries(entry.get("items"), f"{place}.items", "item", problems)
        parsed.append(result)
    return parsed


def _agenda(raw):
    """The agenda texts without surrounding blanks nor the blank ones at the end; anything else as sent."""
    if not isinstance(raw, list) or not all(isinstance(text, str) for text in raw):
        return raw
    texts = [text.strip() for text in raw]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def _questions(raw):
    """The questions with their text and choices without surrounding blanks, and a new one given an id made from
    its text; anything else as sent, for ``build_config`` to name."""
    if not isinstance(raw, list):
        return raw
    taken = {entry.get("id") for entry in raw if isinstance(entry, dict) and isinstance(entry.get("id"), str)}
    questions = []
    for entry in raw:
        question = dict(entry) if isinstance(entry, dict) else entry
        if isinstance(question, dict) and isinstance(question.get("text"), str):
            question["text"] = question["text"].strip()
            if question.get("id") == "":
                question["id"] = slug(question["text"], taken, "question")
        if isinstance(question, dict) and isinstance(question.get("choices"), list):
            question["choices"] = [text.strip() if isinstance(text, str) else text for text in question["choices"]]
        questions.append(question)
    return questions


def _weights(raw, path, parts, bounds, problems):
    low, high = bounds
    if not isinstance(raw, dict) or set(raw) != set(parts):
        problems.append(Problem(path, _("Give a weight from {low} to {high} for each of: {names}."),
                                {"low": low, "high": high, "names": ", ".join(parts)}))
        return
    wrong = [part for part in parts if not _number_within(raw[part], low, high)]
    for part in wrong:
        problems.append(Problem(f"{path}.{part}", _("Enter a number from {low} to {high}."),
                                {"low": low, "high": high}))
    if not wrong and sum(raw.values()) <= 0:
        problems.append(Problem(path, NOTHING_ABOVE_ZERO[path]))


def _problem_weight(value, problems):
    low, high = SETTING_BOUNDS["problem_weight"]
    if not _number_within(value, low, high):
        problems.append(Problem("weight", _("Enter a number from {low} to {high}."), {"low": low, "high": high}))


def _number_within(value, low, high):
    """A number in range; NaN and the infinities JSON lets through are never in one."""
    return not isinstance(value, bool) and isinstance(value, (int, float)) and low <= value <= high
