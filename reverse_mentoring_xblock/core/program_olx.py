"""The author settings as readable OLX elements instead of JSON attributes, and back (docs/olx.md).

Pure: it works on any ElementTree-API element (the runtimes hand over lxml's) and on plain field values, so
the block's ``add_xml_to_node`` and ``parse_xml`` only pass values in and out. A value the elements can hold
exactly is written as elements. Any other value keeps the JSON attribute of XBlock's default export, so an
export never loses anything; only an invalid setting can be such a value.
"""
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .problems import MAX_NAME_SHOWN, Problem, _, render_message
from .vocabulary import (
    DEFAULT_GRADING_WEIGHTS,
    GOAL_KINDS,
    MATCH_COMPONENTS,
    QUESTION_AUDIENCES,
    QUESTION_KINDS,
    SLUG_PATTERN,
)

# XBlock writes a field as an element of this namespace (``None`` values, ``xml_node`` fields) and reads it back.
OPTION_NAMESPACE = "{http://code.edx.org/xblock/option}"
# Unset, these show the shipped defaults in the viewer's language, so they are written only when set.
LOCALISED_DEFAULTS = ("program_goal", "topics", "experience_areas", "session_agenda")
# A text with a character XML 1.0 cannot carry keeps its JSON attribute.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
WHOLE = re.compile(r"[+-]?\d+")
TITLED = frozenset({"id", "title"})
TOPIC = TITLED | {"items"}
QUESTION = frozenset({"id", "text", "kind", "choices", "required", "shown_to"})

UNKNOWN_ELEMENT = _("{path}: unknown element; expected {expected}.")
NO_ELEMENT = _("{path}: unknown element; no element is expected here.")
UNKNOWN_ATTRIBUTE = _('{path}: unknown attribute "{attribute}"; expected {expected}.')
NO_ATTRIBUTE = _('{path}: unknown attribute "{attribute}"; this element has none.')
MISSING_ATTRIBUTE = _('{path}: the attribute "{attribute}" is missing.')
STRAY_TEXT = _("{path}: text is not expected here.")
GIVEN_TWICE = _("{path}: this element is given twice.")
PART_TWICE = _('{path}: the part "{part}" already has a weight.')
ALSO_ATTRIBUTE = _('{path}: the setting "{field}" is also given as an attribute of the block; keep one of the two.')


class ProgramOlxError(ValueError):
    """Settings in a course's OLX that this block cannot read: ``parse_xml`` raises it so the import stops."""


@dataclass(frozen=True)
class Kind:
    """How an attribute holds one value: which values fit exactly, how they are written, what reads back."""

    fits: Callable
    write: Callable
    form: re.Pattern  # a well-formed attribute, spaces around it aside
    read: Callable
    malformed: str  # the problem when an attribute is not well formed
    unwritten: object = None  # a value that fits and is left out: no attribute reads as it (the default)


def _is_number(value):
    return type(value) is int or (type(value) is float and math.isfinite(value))


INTEGER = Kind(lambda value: type(value) is int, str, WHOLE, int,
               _('{path}: {attribute}="{value}" is not a whole number.'))
BOOLEAN = Kind(lambda value: type(value) is bool, lambda value: str(value).lower(), re.compile("true|false"),
               lambda text: text == "true", _('{path}: {attribute}="{value}" is neither true nor false.'))
NUMBER = Kind(_is_number, repr, re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"),
              lambda text: int(text) if WHOLE.fullmatch(text) else float(text),
              _('{path}: {attribute}="{value}" is not a number.'))


def _one_of(words, malformed):
    """An attribute that holds one of ``words``."""
    return Kind(lambda value: value in words, str, re.compile("|".join(map(re.escape, words))), str, malformed)


GOAL_KIND = _one_of(GOAL_KINDS, _('{path}: {attribute}="{value}" is none of digital, inclusion, both, custom.'))
QUESTION_KIND = _one_of(QUESTION_KINDS, _('{path}: {attribute}="{value}" is neither text nor choice.'))
AUDIENCE = _one_of(QUESTION_AUDIENCES,
                  _('{path}: {attribute}="{value}" is none of partner_and_staff, staff, partner.'))
# The id of one of the author's questions, or none: written only when one is named.
QUESTION_ID = Kind(lambda value: value == "" or (isinstance(value, str) and bool(SLUG_PATTERN.fullmatch(value))), str,
                   re.compile(r"([a-z0-9][a-z0-9_-]{0,63})?"), str,
                   _('{path}: {attribute}="{value}" is not the id of a question.'), unwritten="")

# The settings that are one value each: element -> (attribute, field, kind), in the order they are written.
SCALARS = {
    "goal": (("kind", "goal_kind", GOAL_KIND), ("group-question", "group_question", QUESTION_ID)),
    "sessions": (("planned", "sessions_planned", INTEGER), ("minutes", "session_minutes", INTEGER),
                 ("cadence-days", "cadence_days", INTEGER),
                 ("min-days-between", "min_days_between_sessions", INTEGER)),
    "matching": (("mentor-capacity", "mentor_capacity", INTEGER), ("separate-teams", "separate_teams", BOOLEAN),
                 ("mentor-must-know-more", "require_mentor_advantage", BOOLEAN),
                 ("automatic-from", "auto_match_min", INTEGER)),
    "privacy": (("staff-read-notes", "staff_see_notes", BOOLEAN),
                ("pairs-read-end-reason", "pairs_see_end_reason", BOOLEAN),
                ("pairs-share-link", "pairs_share_link", BOOLEAN),
                ("pairs-share-contact", "pairs_share_contact", BOOLEAN)),
    "monitoring": (("stall-grace-days", "stall_grace_days", INTEGER), ("reminder-days", "reminder_days", INTEGER)),
    "circle": (("open-to-mentees", "circle_open_to_mentees", BOOLEAN),),
}
GRADING_PARTS = tuple(DEFAULT_GRADING_WEIGHTS)  # <grading sessions="60" checklist="30" feedback="10"/>
FIELDS = (*LOCALISED_DEFAULTS, "intake_questions", "grading_weights", "match_weights",
          *(field for table in SCALARS.values() for _attribute, field, _kind in table))


def write_settings(node, values):
    """Append to ``node`` the elements of ``values`` (field name -> value); return the fields they hold.

    Elements, attributes and list entries keep a fixed order, so a new export differs from the last one only
    where a setting changed.
    """
    written = []
    for write, _read in ELEMENTS.values():
        written.extend(write(node, values))
    return written


def read_settings(node):
    """Take the settings' elements out of ``node``: ``(field values, problems)``.

    Every child element outside XBlock's ``option`` namespace is removed, known or not, so the default parser
    never takes one for a child block. The values only count when there are no problems.
    """
    values, problems, sources, seen = {}, [], {}, set()
    for child in list(node):
        if not isinstance(child.tag, str) or child.tag.startswith(OPTION_NAMESPACE):
            continue  # comments; XBlock's own field elements
        node.remove(child)
        if child.tag not in ELEMENTS:
            problems.append(_unknown_element("", child.tag, ELEMENTS))
        elif child.tag in seen:
            problems.append(Problem(child.tag, GIVEN_TWICE, {"path": child.tag}))
        else:
            seen.add(child.tag)
            found = ELEMENTS[child.tag][1](child, child.tag, problems)
            values.update(found)
            sources.update(dict.fromkeys(found, child.tag))
    problems.extend(Problem(sources[name], ALSO_ATTRIBUTE, {"path": sources[name], "field": name})
                    for name in values if node.get(name) is not None)
    return values, problems


def import_error(problems, block_id, gettext):
    """The error naming every problem found in block ``block_id``'s OLX, in the runtime's language."""
    return ProgramOlxError(render_message(
        _("Cannot import the reverse mentoring program {block}; correct its settings in the course's OLX. "
          "{problems}"),
        {"block": block_id, "problems": " ".join(problem.render(gettext) for problem in problems)}, gettext))


# --- writing -----------------------------------------------------------------------------------

def _append(parent, tag, attributes=()):
    element = parent.makeelement(tag, dict(attributes))
    parent.append(element)
    return element


def _is_text(value):
    return isinstance(value, str) and not NOT_XML.search(value)


def _is_titled(entry, keys):
    return isinstance(entry, dict) and set(entry) == keys and _is_text(entry["id"]) and _is_text(entry["title"])


def _is_topic_list(value):
    return isinstance(value, list) and all(
        _is_titled(topic, TOPIC) and isinstance(topic["items"], list)
        and all(_is_titled(item, TITLED) for item in topic["items"]) for topic in value)


def _is_area_list(value):
    return isinstance(value, list) and all(_is_titled(area, TITLED) for area in value)


def _is_text_list(value):
    return isinstance(value, list) and all(map(_is_text, value))


def _is_question(entry):
    return (isinstance(entry, dict) and set(entry) == QUESTION and _is_text(entry["id"]) and _is_text(entry["text"])
            and QUESTION_KIND.fits(entry["kind"]) and BOOLEAN.fits(entry["required"])
            and AUDIENCE.fits(entry["shown_to"]) and _is_text_list(entry["choices"]))


def _is_question_list(value):
    return isinstance(value, list) and all(map(_is_question, value))


def _is_grading(value):
    return isinstance(value, dict) and set(value) <= set(GRADING_PARTS) and all(map(_is_number, value.values()))


def _is_match_weights(value):  # at least one: no weights under <matching> means "not given"
    return isinstance(value, dict) and bool(value) and all(map(_is_text, value)) and all(
        map(_is_number, value.values()))


def _titled(entry):
    return {"id": entry["id"], "title": entry["title"]}


def _write_goal(node, values):
    if not _is_text(values.get("program_goal")):
        return ()
    _append(node, "program-goal").text = values["program_goal"]
    return ("program_goal",)


def _write_topics(node, values):
    if not _is_topic_list(values.get("topics")):
        return ()
    topics = _append(node, "topics")
    for topic in values["topics"]:
        element = _append(topics, "topic", _titled(topic))
        for item in topic["items"]:
            _append(element, "item", _titled(item))
    return ("topics",)


def _write_areas(node, values):
    if not _is_area_list(values.get("experience_areas")):
        return ()
    areas = _append(node, "experience-areas")
    for area in values["experience_areas"]:
        _append(areas, "area", _titled(area))
    return ("experience_areas",)


def _write_questions(node, values):
    if not _is_question_list(values.get("intake_questions")):
        return ()
    questions = _append(node, "intake-questions")
    for question in values["intake_questions"]:
        element = _append(questions, "question", {
            "id": question["id"], "text": question["text"], "kind": question["kind"],
            "required": BOOLEAN.write(question["required"]), "shown-to": question["shown_to"]})
        for choice in question["choices"]:
            _append(element, "choice").text = choice
    return ("intake_questions",)


def _write_agenda(node, values):
    if not _is_text_list(values.get("session_agenda")):
        return ()
    agenda = _append(node, "session-agenda")
    for text in values["session_agenda"]:
        _append(agenda, "session").text = text
    return ("session_agenda",)


def _write_grading(node, values):
    weights = values.get("grading_weights")
    if not _is_grading(weights):
        return ()
    _append(node, "grading", {part: NUMBER.write(weights[part]) for part in GRADING_PARTS if part in weights})
    return ("grading_weights",)


def _part_order(part):
    """The vocabulary's parts in its order, then any other in alphabetical order."""
    return (MATCH_COMPONENTS.index(part), "") if part in MATCH_COMPONENTS else (len(MATCH_COMPONENTS), part)


def _write_scalars(node, values, tag):
    """``tag`` with the attributes whose values fit them (but a kind's ``unwritten`` value), and ``match_weights``
    under ``<matching>``; no element when it would hold nothing."""
    fitting = [(attribute, field, kind) for attribute, field, kind in SCALARS[tag]
               if field in values and kind.fits(values[field])]
    weights = values.get("match_weights") if tag == "matching" else None
    attributes = {attribute: kind.write(values[field]) for attribute, field, kind in fitting
                  if kind.unwritten is None or values[field] != kind.unwritten}
    written = [field for _attribute, field, _kind in fitting]
    if not attributes and not _is_match_weights(weights):
        return written
    element = _append(node, tag, attributes)
    if _is_match_weights(weights):
        for part in sorted(weights, key=_part_order):  # the stored order is the storage's
            _append(element, "weight", {"part": part, "value": NUMBER.write(weights[part])})
        written.append("match_weights")
    return written


# --- reading -----------------------------------------------------------------------------------

def _names(names):
    return ", ".join(f"<{name}>" for name in names)


def _unknown_element(parent_path, tag, expected):
    path = "/".join(filter(None, (parent_path, tag[:MAX_NAME_SHOWN])))
    if not expected:
        return Problem(path, NO_ELEMENT, {"path": path})
    return Problem(path, UNKNOWN_ELEMENT, {"path": path, "expected": _names(expected)})


def _has_text(text):
    return bool(text and text.strip())


def _children(element, path, tag, problems):
    """``element``'s ``<tag>`` children with their paths; any other element, or text, is a problem."""
    if _has_text(element.text):
        problems.append(Problem(path, STRAY_TEXT, {"path": path}))
    found = []
    for child in element:
        if _has_text(child.tail):
            problems.append(Problem(path, STRAY_TEXT, {"path": path}))
        if not isinstance(child.tag, str):
            continue
        if child.tag == tag:
            found.append((child, f"{path}/{tag}[{len(found) + 1}]"))
        else:
            problems.append(_unknown_element(path, child.tag, (tag,) if tag else ()))
    return found


def _attributes(element, path, allowed, problems, required=()):
    """Check ``element`` has only ``allowed`` attributes and every ``required`` one."""
    for name in element.attrib:
        if name not in allowed:
            problems.append(Problem(path, UNKNOWN_ATTRIBUTE if allowed else NO_ATTRIBUTE, {
                "path": path, "attribute": name[:MAX_NAME_SHOWN], "expected": ", ".join(allowed)}))
    for name in required:
        if name not in element.attrib:
            problems.append(Problem(path, MISSING_ATTRIBUTE, {"path": path, "attribute": name}))


def _value(element, path, attribute, kind, problems):
    text = element.get(attribute).strip()
    if kind.form.fullmatch(text):
        return kind.read(text)
    problems.append(Problem(path, kind.malformed, {"path": path, "attribute": attribute,
                                                   "value": text[:MAX_NAME_SHOWN]}))
    return None


def _text_of(element, path, problems):
    """An element's text exactly as written (comments left out); it holds no element."""
    problems.extend(_unknown_element(path, child.tag, ()) for child in element if isinstance(child.tag, str))
    return (element.text or "") + "".join(child.tail or "" for child in element)


def _read_goal(element, path, problems):
    _attributes(element, path, (), problems)
    return {"program_goal": _text_of(element, path, problems)}


def _read_agenda(element, path, problems):
    _attributes(element, path, (), problems)
    texts = []
    for session, session_path in _children(element, path, "session", problems):
        _attributes(session, session_path, (), problems)
        texts.append(_text_of(session, session_path, problems))
    return {"session_agenda": texts}


def _read_questions(element, path, problems):
    _attributes(element, path, (), problems)
    questions = []
    names = ("id", "text", "kind", "required", "shown-to")
    for question, question_path in _children(element, path, "question", problems):
        _attributes(question, question_path, names, problems, required=names)
        choices = []
        for choice, choice_path in _children(question, question_path, "choice", problems):
            _attributes(choice, choice_path, (), problems)
            choices.append(_text_of(choice, choice_path, problems))
        kinds = {"kind": QUESTION_KIND, "required": BOOLEAN, "shown-to": AUDIENCE}
        read = {name: _value(question, question_path, name, kind, problems)
                for name, kind in kinds.items() if name in question.attrib}
        questions.append({"id": question.get("id", ""), "text": question.get("text", ""),
                          "kind": read.get("kind"), "choices": choices, "required": read.get("required"),
                          "shown_to": read.get("shown-to")})
    return {"intake_questions": questions}


def _read_titled(element, path, problems, child_tag=None):
    """An entry's ``{"id", "title"}``, and its ``<child_tag>`` children with their paths."""
    _attributes(element, path, ("id", "title"), problems, required=("id", "title"))
    entry = {"id": element.get("id", ""), "title": element.get("title", "")}
    return entry, _children(element, path, child_tag, problems)


def _read_topics(element, path, problems):
    _attributes(element, path, (), problems)
    topics = []
    for topic_element, topic_path in _children(element, path, "topic", problems):
        topic, items = _read_titled(topic_element, topic_path, problems, "item")
        topics.append({**topic, "items": [_read_titled(item, item_path, problems)[0] for item, item_path in items]})
    return {"topics": topics}


def _read_areas(element, path, problems):
    _attributes(element, path, (), problems)
    return {"experience_areas": [_read_titled(area, area_path, problems)[0]
                                 for area, area_path in _children(element, path, "area", problems)]}


def _read_grading(element, path, problems):
    _attributes(element, path, GRADING_PARTS, problems)
    _children(element, path, None, problems)
    return {"grading_weights": {part: _value(element, path, part, NUMBER, problems)
                                for part in GRADING_PARTS if part in element.attrib}}


def _read_scalars(element, path, problems, tag):
    _attributes(element, path, tuple(attribute for attribute, _field, _kind in SCALARS[tag]), problems)
    values = {field: _value(element, path, attribute, kind, problems)
              for attribute, field, kind in SCALARS[tag] if attribute in element.attrib}
    weights = {}
    for weight, weight_path in _children(element, path, "weight" if tag == "matching" else None, problems):
        _attributes(weight, weight_path, ("part", "value"), problems, required=("part", "value"))
        _children(weight, weight_path, None, problems)
        part = weight.get("part")
        if part in weights:
            problems.append(Problem(weight_path, PART_TWICE, {"path": weight_path, "part": part[:MAX_NAME_SHOWN]}))
        elif part is not None and "value" in weight.attrib:
            weights[part] = _value(weight, weight_path, "value", NUMBER, problems)
    if weights:
        values["match_weights"] = weights
    return values


# element -> (write, read), in the order of an export
ELEMENTS = {
    "program-goal": (_write_goal, _read_goal),
    "goal": (partial(_write_scalars, tag="goal"), partial(_read_scalars, tag="goal")),
    "topics": (_write_topics, _read_topics),
    "experience-areas": (_write_areas, _read_areas),
    "intake-questions": (_write_questions, _read_questions),
    "sessions": (partial(_write_scalars, tag="sessions"), partial(_read_scalars, tag="sessions")),
    "session-agenda": (_write_agenda, _read_agenda),
    "grading": (_write_grading, _read_grading),
    "matching": (partial(_write_scalars, tag="matching"), partial(_read_scalars, tag="matching")),
    "privacy": (partial(_write_scalars, tag="privacy"), partial(_read_scalars, tag="privacy")),
    "monitoring": (partial(_write_scalars, tag="monitoring"), partial(_read_scalars, tag="monitoring")),
    "circle": (partial(_write_scalars, tag="circle"), partial(_read_scalars, tag="circle")),
}
