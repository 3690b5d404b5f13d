"""Validation of what the learner and staff handlers receive (other than the intake).

Pure module: each parser returns a frozen value or raises ``ProblemList``; nothing reaches the
domain layer unchecked.
"""
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from .problems import Problem, ProblemList, _, require_object
from .text import clean_line, clean_paragraph
from .vocabulary import MIN_REASON_LENGTH, RATINGS, SATISFACTION, SESSION_MINUTES, TEXT_LIMITS

MAX_BODY_BYTES = 2_000_000  # room for accepting 100,000 proposals at once
REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
MAX_ID = 2 ** 63 - 1  # the largest id a database column holds
INCLUDED = "included"  # accept every proposal of a run that staff did not leave out


@dataclass(frozen=True)
class SessionLog:
    """One meeting as a partner reports it."""

    held_on: date
    minutes: int
    topics: tuple
    items: tuple  # ((topic_id, item_id), ...)
    notes: str


@dataclass(frozen=True)
class FeedbackAnswers:
    """A participant's view of the program once the planned sessions are done."""

    satisfaction: int
    would_recommend: bool
    confidence: dict
    comment: str


class BodyTooLarge(ProblemList):
    """The request body is over ``MAX_BODY_BYTES`` (HTTP 413)."""


def parse_body(body):
    """The request's JSON document, refused with a problem when it is not UTF-8 JSON of a sane size and depth."""
    if len(body) > MAX_BODY_BYTES:
        raise BodyTooLarge([Problem("form", _("The form is too large to send."))])
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError) as error:  # RecursionError: arrays or objects nested too deeply
        raise ProblemList([Problem("form", _("Send the form as a JSON object."))]) from error


def take_request_id(data):
    """Split the browser's number for this submit (``request_id``, optional) from the handler's own fields."""
    if not isinstance(data, dict) or "request_id" not in data:
        return data, ""
    data = dict(data)
    request_id = data.pop("request_id")
    if not isinstance(request_id, str) or not REQUEST_ID.fullmatch(request_id):
        raise ProblemList([Problem("request_id", _("The request number is not valid. Reload the page."))])
    return data, request_id


def take_pair_id(data):
    """``(the rest of data, pair id or None)``: which of a mentor's pairs a write is for, when they have several."""
    if not isinstance(data, dict) or "pair_id" not in data:
        return data, None
    pair_id = parse_id(data, "pair_id")
    return {key: value for key, value in data.items() if key != "pair_id"}, pair_id


def parse_id(data, name):
    """A positive integer id, as staff and learner actions name sessions, pairs and participants."""
    value = data.get(name) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise ProblemList([Problem(name, _("A valid identifier is required."))])
    return value


def parse_ids(data, names):
    """Exactly the named ids, nothing else."""
    require_object(data, names)
    return tuple(parse_id(data, name) for name in names)


def parse_session_log(data, config, *, today):
    """Validate a logged (or corrected) session against the catalogue; the date may not be in the future."""
    require_object(data, ("session_id", "held_on", "minutes", "topics", "items", "notes"))
    problems = []
    held_on = parse_date(data.get("held_on"), problems)
    if held_on and held_on > today + timedelta(days=1):  # a day of slack for time zones ahead of the server
        problems.append(Problem("held_on", _("Give a date between the start of your pairing and today.")))
    minutes = data.get("minutes")
    low, high = SESSION_MINUTES
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
        problems.append(Problem("minutes", _("Give the length in minutes, from {low} to {high}."),
                                {"low": low, "high": high}))
    topics = data.get("topics")
    if not _is_unique_subset(topics, config.topic_ids) or not topics:
        problems.append(Problem("topics", _("Pick the topics you worked on.")))
        topics = []
    items = _parse_items(data.get("items", []), config, topics, problems)
    notes = _paragraph(data, "notes", _("Keep notes to at most {limit} characters."), problems)
    if problems:
        raise ProblemList(problems)
    ordered_topics = tuple(t for t in config.topic_ids if t in set(topics))
    return SessionLog(held_on, minutes, ordered_topics, items, notes)


def _paragraph(data, name, message, problems):
    """Learner text of several lines, kept within its limit (``TEXT_LIMITS[name]``)."""
    text = clean_paragraph(data.get(name, ""))
    if text is None or len(text) > TEXT_LIMITS[name]:
        problems.append(Problem(name, message, {"limit": TEXT_LIMITS[name]}))
    return text


def parse_date(value, problems, field="held_on"):
    """A ``YYYY-MM-DD`` date, or None with a problem on ``field``."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(Problem(field, _("Give the date as YYYY-MM-DD.")))
    return None


def _is_unique_subset(values, allowed):
    return (isinstance(values, list) and all(isinstance(v, str) and v in allowed for v in values)
            and len(set(values)) == len(values))


def _parse_items(raw, config, topics, problems):
    """Items are ``"topic/item"`` strings; each must belong to a topic picked for this session."""
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw) or len(set(raw)) != len(raw):
        problems.append(Problem("items", _("Send the checklist items as a list.")))
        return ()
    valid = set(config.checklist_keys(topics))
    keys = [tuple(value.split("/", 1)) for value in raw]
    if any(key not in valid for key in keys):
        problems.append(Problem("items", _("Tick only items of the topics you picked.")))
        return ()
    return tuple(key for key in config.checklist_keys(topics) if key in set(keys))


def parse_log_or_correction(data, config, *, today):
    """``(session id or None, SessionLog)``: a new session, or a correction when ``session_id`` is sent."""
    log = parse_session_log(data, config, today=today)
    return (parse_id(data, "session_id") if "session_id" in data else None), log


def parse_dispute(data):
    """``(session id, reason)``: the partner disagrees with a logged session."""
    return parse_id(data, "session_id"), parse_reason(data, allowed=("session_id", "reason"))


def parse_pair_ending(data):
    """``(pair id, reason)``: staff end a pair."""
    return parse_id(data, "pair_id"), parse_reason(data, allowed=("pair_id", "reason"))


def parse_withdrawal(data):
    """``(participant id, reason)``: staff take a participant out of the program."""
    return parse_id(data, "participant_id"), parse_reason(data, allowed=("participant_id", "reason"))


def parse_reminders(data):
    """``{"on": bool}``: whether the learner takes reminder e-mails; nothing else."""
    require_object(data, ("on",))
    if not isinstance(data.get("on"), bool):
        raise ProblemList([Problem("on", _("Choose yes or no."))])
    return data["on"]


def parse_feedback(data, topic_ids):
    """Validate feedback; confidence is asked for the pair's focus topics only."""
    require_object(data, ("satisfaction", "would_recommend", "confidence", "comment"))
    problems = []
    satisfaction = data.get("satisfaction")
    if isinstance(satisfaction, bool) or not isinstance(satisfaction, int) or satisfaction not in SATISFACTION:
        problems.append(Problem("satisfaction", _("Rate your satisfaction from 1 to 5.")))
    would_recommend = data.get("would_recommend")
    if not isinstance(would_recommend, bool):
        problems.append(Problem("would_recommend", _("Say whether you would recommend the program.")))
    confidence = data.get("confidence")
    if not isinstance(confidence, dict) or set(confidence) != set(topic_ids) or not all(
            not isinstance(v, bool) and isinstance(v, int) and v in RATINGS for v in confidence.values()):
        problems.append(Problem("confidence", _("Rate your confidence from 0 to 4 in each topic.")))
    comment = _paragraph(data, "comment", _("Keep the comment to at most {limit} characters."), problems)
    if problems:
        raise ProblemList(problems)
    return FeedbackAnswers(satisfaction, would_recommend, {t: confidence[t] for t in topic_ids}, comment)


def parse_reason(data, allowed=("reason",)):
    """A short free-text reason (disputing a session, ending a pair)."""
    require_object(data, allowed)
    reason = clean_paragraph(data.get("reason", ""))
    low, high = MIN_REASON_LENGTH, TEXT_LIMITS["reason"]
    if not reason or not low <= len(reason) <= high:
        raise ProblemList([Problem("reason", _("Give a reason of {low} to {high} characters."),
                                   {"low": low, "high": high})])
    return reason


def parse_meeting_link(data):
    """An https address both partners use to meet, or empty to remove it."""
    require_object(data, ("meeting_link",))
    link = clean_line(data.get("meeting_link", ""))
    if link is None or len(link) > TEXT_LIMITS["meeting_link"]:
        raise ProblemList([Problem("meeting_link", _("Give a web address of at most {limit} characters."),
                                   {"limit": TEXT_LIMITS["meeting_link"]})])
    if link:
        parts = urlsplit(link)
        if parts.scheme != "https" or not parts.netloc or " " in link:
            raise ProblemList([Problem("meeting_link", _("Give a full address starting with https://"))])
    return link


ADJUSTMENTS = ("exclude", "lock", "release", "swap")


@dataclass(frozen=True)
class Adjustment:
    """Staff's change to a matching run: pairs to exclude, lock or release."""

    run_id: int
    exclude: tuple = ()
    lock: tuple = ()
    release: tuple = ()


def parse_adjustment(data):
    """``{"run_id", "action", "mentor_id", "mentee_id"}``, or for a swap ``{"run_id", "action": "swap",
    "pairs": ["m:e", "m:e"]}``, which locks the two crossed pairs."""
    require_object(data, ("run_id", "action", "mentor_id", "mentee_id", "pairs"))
    run_id = parse_id(data, "run_id")
    action = data.get("action")
    if action not in ADJUSTMENTS:
        raise ProblemList([Problem("action", _("Choose exclude, lock, release or swap."))])
    if action == "swap":
        pairs = parse_pair_list(data, "pairs")
        if len(pairs) != 2 or pairs[0][0] == pairs[1][0] or pairs[0][1] == pairs[1][1]:
            raise ProblemList([Problem("pairs", _("Pick two proposals with different mentors and mentees."))])
        (mentor_a, mentee_a), (mentor_b, mentee_b) = pairs
        return Adjustment(run_id, lock=((mentor_a, mentee_b), (mentor_b, mentee_a)))
    pair = (parse_id(data, "mentor_id"), parse_id(data, "mentee_id"))
    return Adjustment(run_id, **{action: (pair,)})


def parse_pair_list(data, name):
    """A list of ``"mentor id:mentee id"`` strings, as the proposal checkboxes send them."""
    values = data.get(name)
    if not isinstance(values, list) or not values or len(values) > 100000:
        raise ProblemList([Problem(name, _("Pick at least one proposal."))])
    pairs = []
    for value in values:
        parts = value.split(":") if isinstance(value, str) and len(value) <= 41 else []
        if len(parts) != 2 or not all(part.isascii() and part.isdigit() and 0 < int(part) <= MAX_ID
                                      for part in parts):
            raise ProblemList([Problem(name, _("Some proposals are not valid."))])
        pairs.append((int(parts[0]), int(parts[1])))
    if len(set(pairs)) != len(pairs):
        raise ProblemList([Problem(name, _("Some proposals are not valid."))])
    return tuple(pairs)


def parse_acceptance(data):
    """``{"run_id": int, "pairs": ["m:e", ...]}``: the proposals staff accept; ``"pairs": "included"`` accepts
    every proposal staff did not leave out (``pairs`` is then ``None``)."""
    require_object(data, ("run_id", "pairs"))
    run_id = parse_id(data, "run_id")
    return run_id, None if data.get("pairs") == INCLUDED else parse_pair_list(data, "pairs")


def parse_leave_out(data):
    """``{"run_id", "mentor_id", "mentee_id", "left_out": bool}``: leave a proposal out of those accepted, or
    take it back in; ``show``, ``search`` and ``page`` may come along (the page of proposals it was on)."""
    require_object(data, ("run_id", "mentor_id", "mentee_id", "left_out", "show", "search", "page"))
    run_id, mentor_id, mentee_id = (parse_id(data, name) for name in ("run_id", "mentor_id", "mentee_id"))
    if not isinstance(data.get("left_out"), bool):
        raise ProblemList([Problem("left_out", _("Choose yes or no."))])
    return run_id, (mentor_id, mentee_id), data["left_out"]
