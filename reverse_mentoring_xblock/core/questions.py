"""An author's own intake questions: what an author may ask, and the answers learners give.

Pure module. ``parse_questions`` checks the author's setting for ``build_config``, naming each problem by its
place (``intake_questions.2.choices``) and by its question's number, so that the editor shows it on its field and
Studio's list of problems still says which question it is. ``parse_answers`` checks a learner's answers, which
the participant's intake keeps under ``"questions"`` as ``{question id: answer}``, with ``""`` for an optional
question left blank: a question once asked is not asked again.
"""
from dataclasses import dataclass

from .problems import Problem, ProblemList, _, require_object
from .text import clean_paragraph
from .vocabulary import QUESTION_AUDIENCES, QUESTION_KINDS, SETTING_BOUNDS, SLUG_PATTERN, TEXT_LIMITS

KEYS = frozenset({"id", "text", "kind", "choices", "required", "shown_to"})
NOT_AN_OBJECT = _("Send the answers to the questions as an object.")
PARTNER_AUDIENCES = frozenset({"partner_and_staff", "partner"})
STAFF_AUDIENCES = frozenset({"partner_and_staff", "staff"})


@dataclass(frozen=True)
class IntakeQuestion:
    """A question an author added to the intake: answered in words or by one of its choices."""

    id: str
    text: str
    kind: str
    choices: tuple
    required: bool
    shown_to: str

    @property
    def shown_to_partner(self):
        return self.shown_to in PARTNER_AUDIENCES

    @property
    def shown_to_staff(self):
        return self.shown_to in STAFF_AUDIENCES


def parse_questions(raw, problems):
    """The author's questions, in their order; each problem found is added to ``problems``."""
    low, high = SETTING_BOUNDS["intake_questions"]
    if not isinstance(raw, (list, tuple)) or not low <= len(raw) <= high:
        problems.append(Problem("intake_questions", _("Give a list of at most {high} questions."), {"high": high}))
        return ()
    seen, parsed = set(), []
    for position, entry in enumerate(raw):
        question = _question(entry, f"intake_questions.{position}", position + 1, seen, problems)
        if question is not None:
            parsed.append(question)
    return tuple(parsed)


def _question(entry, place, number, seen, problems):
    if not isinstance(entry, dict) or set(entry) != KEYS:
        problems.append(Problem(place, _("Question {number} must have an id, a text, a kind, its choices, whether it "
                                         "must be answered and who reads the answers."), {"number": number}))
        return None
    found = len(problems)
    entry_id, kind = entry["id"], entry["kind"]
    if not isinstance(entry_id, str) or not SLUG_PATTERN.match(entry_id):
        problems.append(Problem(f"{place}.id", _("Question {number}: the id must be lower-case letters, digits, '-' "
                                                 "or '_' (at most 64)."), {"number": number}))
    elif entry_id in seen:
        problems.append(Problem(f"{place}.id", _("Question {number}: the id '{id}' is used twice."),
                                {"number": number, "id": entry_id}))
    seen.add(entry_id if isinstance(entry_id, str) else "")
    text = _text(entry["text"], TEXT_LIMITS["question"])
    if not text:
        problems.append(Problem(f"{place}.text", _("Question {number}: give a text of 1 to {limit} characters."),
                                {"number": number, "limit": TEXT_LIMITS["question"]}))
    if kind not in QUESTION_KINDS:
        problems.append(Problem(f"{place}.kind", _("Question {number}: choose whether it is answered in words or "
                                                   "by a choice."), {"number": number}))
    choices = _choices(entry["choices"], kind, f"{place}.choices", number, problems)
    if not isinstance(entry["required"], bool):
        problems.append(Problem(f"{place}.required", _("Question {number}: say whether it must be answered."),
                                {"number": number}))
    if entry["shown_to"] not in QUESTION_AUDIENCES:
        problems.append(Problem(f"{place}.shown_to", _("Question {number}: choose who reads the answers."),
                                {"number": number}))
    if len(problems) > found:
        return None
    return IntakeQuestion(entry_id, text, kind, choices, entry["required"], entry["shown_to"])


def _text(value, limit):
    """``value`` without surrounding blanks when it is a text of 1 to ``limit`` characters, else ``""``."""
    text = value.strip() if isinstance(value, str) else ""
    return text if len(text) <= limit else ""


def _choices(raw, kind, place, number, problems):
    """A choice question's different choices; a question answered in words has none (and a question of an unknown
    kind has its one problem already)."""
    if kind not in QUESTION_KINDS:
        return ()
    if kind != "choice":
        if raw != []:
            problems.append(Problem(place, _("Question {number}: only a question answered by a choice has choices."),
                                    {"number": number}))
        return ()
    low, high = SETTING_BOUNDS["question_choices"]
    limit = TEXT_LIMITS["question_choice"]
    choices = tuple(_text(choice, limit) for choice in raw) if isinstance(raw, list) else ()
    if not low <= len(choices) <= high or not all(choices) or len(set(choices)) != len(choices):
        problems.append(Problem(place, _("Question {number}: give {low} to {high} different choices of 1 to {limit} "
                                         "characters each."), {"number": number, "low": low, "high": high,
                                                               "limit": limit}))
    return choices


def unanswered(questions, answers):
    """The questions not yet asked of a participant whose intake holds ``answers`` (its ``questions``)."""
    asked = answers if isinstance(answers, dict) else {}
    return tuple(question for question in questions if question.id not in asked)


def answers_of(data):
    """The ``questions`` object of an ``answer_questions`` payload, checked before anything is read or locked."""
    require_object(data, ("questions",))
    raw = data.get("questions", {})
    if not isinstance(raw, dict):
        raise ProblemList([Problem("questions", NOT_AN_OBJECT)])
    return raw


def checked_answers(raw, questions):
    """``parse_answers`` of ``raw``, raising ``ProblemList`` with every problem found."""
    problems = []
    answers = parse_answers(raw, questions, problems)
    if problems:
        raise ProblemList(problems)
    return answers


def parse_answers(raw, questions, problems):
    """``{question id: answer}`` for every one of ``questions`` (``""`` when an optional one is left blank) from
    ``raw``, the payload's ``questions`` object; each problem is named ``questions.<id>``."""
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        problems.append(Problem("questions", NOT_AN_OBJECT))
        return {}
    if set(raw) - {question.id for question in questions}:
        problems.append(Problem("questions", _("Some answers are for questions that are not asked here.")))
        return {}
    answers = {}
    for question in questions:
        answer = _answer(raw.get(question.id), question, problems)
        if answer is not None:
            answers[question.id] = answer
    return answers


def _answer(value, question, problems):
    place = f"questions.{question.id}"
    value = "" if value is None else value
    if question.kind == "choice":
        if not isinstance(value, str) or value not in ("", *question.choices):
            problems.append(Problem(place, _("Choose one of the answers offered.")))
            return None
        answer = value
    else:
        limit = TEXT_LIMITS["question_answer"]
        answer = clean_paragraph(value)
        if answer is None or len(answer) > limit:
            problems.append(Problem(place, _("Answer in at most {limit} characters."), {"limit": limit}))
            return None
    if question.required and not answer:
        problems.append(Problem(place, _("This question needs an answer.")))
        return None
    return answer
