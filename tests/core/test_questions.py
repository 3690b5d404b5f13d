"""The author's own intake questions: what an author may ask, and which answers learners may give (pure)."""
import pytest

from reverse_mentoring_xblock.core.problems import ProblemList
from reverse_mentoring_xblock.core.questions import answers_of, checked_answers, parse_questions, unanswered

TEXT = {"id": "tools", "text": "Which tools do you use?", "kind": "text", "choices": [], "required": True,
        "shown_to": "partner_and_staff"}
CHOICE = {"id": "team-size", "text": "How big is your team?", "kind": "choice", "choices": ["1-5", "6-20"],
          "required": False, "shown_to": "staff"}


def parsed(raw):
    problems = []
    questions = parse_questions(raw, problems)
    return questions, problems


def fields_of(raw):
    return [problem.field for problem in parsed(raw)[1]]


def test_questions_keep_their_order_and_say_who_reads_the_answers():
    questions, problems = parsed([TEXT, {**CHOICE, "text": "  How big is your team?  ", "choices": [" 1-5 ", "6-20"]},
                                  {**TEXT, "id": "hobby", "shown_to": "partner"}])
    assert problems == []
    assert [q.id for q in questions] == ["tools", "team-size", "hobby"]
    assert questions[1].text == "How big is your team?" and questions[1].choices == ("1-5", "6-20")
    assert [(q.shown_to_partner, q.shown_to_staff) for q in questions] == [(True, True), (False, True), (True, False)]


@pytest.mark.parametrize("raw, fields", [
    ("tools", ["intake_questions"]),
    ([TEXT] * 11, ["intake_questions"]),  # at most 10
    (["tools"], ["intake_questions.0"]),
    ([{**TEXT, "colour": "red"}], ["intake_questions.0"]),
    ([{key: value for key, value in TEXT.items() if key != "choices"}], ["intake_questions.0"]),
    ([{**TEXT, "id": "Not A Slug"}], ["intake_questions.0.id"]),
    ([TEXT, {**CHOICE, "id": "tools"}], ["intake_questions.1.id"]),
    ([{**TEXT, "text": " "}], ["intake_questions.0.text"]),
    ([{**TEXT, "text": "x" * 201}], ["intake_questions.0.text"]),
    ([{**TEXT, "kind": "essay"}], ["intake_questions.0.kind"]),
    ([{**TEXT, "choices": ["a", "b"]}], ["intake_questions.0.choices"]),  # only a choice question has choices
    ([{**CHOICE, "choices": ["only one"]}], ["intake_questions.0.choices"]),
    ([{**CHOICE, "choices": [str(n) for n in range(13)]}], ["intake_questions.0.choices"]),
    ([{**CHOICE, "choices": ["same", " same "]}], ["intake_questions.0.choices"]),
    ([{**CHOICE, "choices": ["a", ""]}], ["intake_questions.0.choices"]),
    ([{**CHOICE, "choices": ["a", "x" * 101]}], ["intake_questions.0.choices"]),
    ([{**CHOICE, "choices": "a, b"}], ["intake_questions.0.choices"]),
    ([{**TEXT, "required": "yes"}], ["intake_questions.0.required"]),
    ([{**TEXT, "shown_to": "everyone"}], ["intake_questions.0.shown_to"]),
    ([TEXT, {**CHOICE, "kind": None, "shown_to": None}], ["intake_questions.1.kind", "intake_questions.1.shown_to"]),
])
def test_every_rule_names_the_question_and_its_field(raw, fields):
    assert fields_of(raw) == fields


def test_a_problem_says_which_question_it_is_about():
    [problem] = parsed([TEXT, {**CHOICE, "choices": ["a"]}])[1]
    assert problem.render(str) == "Question 2: give 2 to 12 different choices of 1 to 100 characters each."


def test_no_questions_at_all_is_fine():
    assert parsed([]) == ((), [])


QUESTIONS = parsed([TEXT, CHOICE])[0]


@pytest.mark.parametrize("raw, stored", [
    ({"tools": "  Slides\r\nand chat "}, {"tools": "Slides\nand chat", "team-size": ""}),
    ({"tools": "Slides", "team-size": "6-20"}, {"tools": "Slides", "team-size": "6-20"}),
    ({"tools": "Slides", "team-size": None}, {"tools": "Slides", "team-size": ""}),
    ({"tools": "Slides", "team-size": ""}, {"tools": "Slides", "team-size": ""}),
])
def test_answers_are_cleaned_and_a_blank_optional_one_is_kept_as_asked(raw, stored):
    assert checked_answers(raw, QUESTIONS) == stored


@pytest.mark.parametrize("raw, field", [
    ({}, "questions.tools"),
    ({"tools": "\u202e\u200b"}, "questions.tools"),  # nothing visible left
    ({"tools": "x" * 1001}, "questions.tools"),
    ({"tools": 5}, "questions.tools"),
    ({"tools": "Slides", "team-size": "7"}, "questions.team-size"),
    ({"tools": "Slides", "team-size": ["1-5"]}, "questions.team-size"),
    ({"tools": "Slides", "shoe-size": "42"}, "questions"),
    (["Slides"], "questions"),
])
def test_wrong_answers_are_named(raw, field):
    with pytest.raises(ProblemList) as raised:
        checked_answers(raw, QUESTIONS)
    assert [problem.field for problem in raised.value.problems] == [field]


def test_the_questions_not_asked_yet():
    assert unanswered(QUESTIONS, {"tools": "Slides"}) == QUESTIONS[1:]
    assert unanswered(QUESTIONS, {"team-size": ""}) == QUESTIONS[:1]  # left blank is asked
    assert unanswered(QUESTIONS, None) == QUESTIONS


@pytest.mark.parametrize("data", [["questions"], {"questions": "Slides"}, {"questions": {}, "extra": 1}])
def test_the_payload_of_answer_questions_is_an_object_of_answers(data):
    with pytest.raises(ProblemList):
        answers_of(data)
    assert answers_of({}) == {} and answers_of({"questions": {"tools": "x"}}) == {"tools": "x"}
