"""Course export and import of the author settings (docs/olx.md) through the workbench's real XBlock runtime.

Every setting, away from its default and with text in several scripts, survives an export and an import; the
export is plain elements; earlier exports' JSON attributes still import; OLX the block cannot read stops the
import with every problem named.
"""
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import translation
from lxml import etree
from workbench.runtime import WorkbenchRuntime

from reverse_mentoring_xblock.block import ReverseMentoringXBlock
from reverse_mentoring_xblock.core.problems import ProblemList
from reverse_mentoring_xblock.core.program_olx import LOCALISED_DEFAULTS, ProgramOlxError
from reverse_mentoring_xblock.core.vocabulary import GOAL_KINDS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "olx.md"
EDITABLE = ReverseMentoringXBlock.editable_fields
RULES = ["goal", "intake-questions", "sessions", "grading", "matching", "privacy", "monitoring", "circle"]
GOAL = "Aprende con alguien de otra generación.\n  Cada quien enseña: «digital» ⇄ experiencia & <oficio>. "
TOPICS = [
    {"id": "redes", "title": "Redes sociales: «LinkedIn» & <Twitter>", "items": [
        {"id": "perfil", "title": "Actualiza tu perfil 📸"},
        {"id": "post", "title": "Publica \"algo\" y 'responde'"},
    ]},
    {"id": "chat-ia", "title": "AI アシスタント 🤖", "items": [{"id": "resumen", "title": "文書を要約する"}]},
]
AREAS = [{"id": "liderazgo", "title": "Liderazgo & equipos <grandes>"}, {"id": "carrera", "title": "キャリア 🚀"}]
MATCH_WEIGHTS = {"digital": 30, "reverse": 25, "goals": 5, "availability": 20, "time_zone": 12.5, "meeting": 7.5}
AGENDA = ["Conocerse: roles «digitales» & <expectativas>", "", "AI アシスタント 🤖\n  y dos líneas ", "", "Cierre"]
QUESTIONS = [  # every kind and every audience, required or not
    {"id": "equipo", "text": "¿Cuántas personas hay en tu equipo? «aprox.» & <más>", "kind": "choice",
     "choices": ["1–5", "6–20 👥", "más de \"20\""], "required": True, "shown_to": "staff"},
    {"id": "hobby", "text": "好きな道具は？ 🛠", "kind": "text", "choices": [], "required": False,
     "shown_to": "partner"},
    {"id": "why", "text": "Why 'now'?", "kind": "text", "choices": [], "required": True,
     "shown_to": "partner_and_staff"},
]
EVERYTHING = {  # every author setting away from its default
    "display_name": "Mentoría inversa — 逆メンター", "program_goal": GOAL, "goal_kind": "both", "topics": TOPICS,
    "experience_areas": AREAS, "intake_questions": QUESTIONS, "group_question": "equipo", "sessions_planned": 8,
    "session_minutes": 45, "cadence_days": 14, "min_days_between_sessions": 0, "session_agenda": AGENDA,
    "grading_weights": {"sessions": 50, "checklist": 25.5, "feedback": 24.5}, "match_weights": MATCH_WEIGHTS,
    "mentor_capacity": 3, "separate_teams": True, "require_mentor_advantage": True, "auto_match_min": 12,
    "stall_grace_days": 30, "reminder_days": 7, "staff_see_notes": True, "pairs_see_end_reason": True,
    "pairs_share_link": False, "pairs_share_contact": False, "circle_open_to_mentees": True, "weight": 2.5,
}
PLATFORM_PARSER = etree.XMLParser(remove_blank_text=True, remove_comments=True)  # as Open edX reads course files


def import_olx(olx):
    """The block a course import makes of ``olx`` (text or bytes, as a file is read)."""
    runtime = WorkbenchRuntime()
    return runtime.get_block(runtime.parse_xml_string(olx.encode() if isinstance(olx, str) else olx))


def export_olx(block):
    """The file a course export writes for the block."""
    exported = BytesIO()
    block.runtime.export_to_xml(block, exported)
    return exported.getvalue().decode()


def program_with(settings):
    block = import_olx("<reverse_mentoring/>")
    for name, value in settings.items():
        setattr(block, name, value)
    block.save()
    return block


def settings_of(block):
    return {name: getattr(block, name) for name in EDITABLE}


def set_fields(block):
    return {name for name in EDITABLE if block.fields[name].is_set_on(block)}


def elements(olx):
    """The block's child elements, as the platform's parser reads the file."""
    return list(etree.fromstring(olx.encode(), PLATFORM_PARSER))


def shape(element):
    """An element as tag, attributes, text and children, whatever namespaces its ancestors declare."""
    return element.tag, dict(element.attrib), element.text, [shape(child) for child in element]


def test_every_setting_survives_an_export_and_an_import():
    assert set(EVERYTHING) == set(EDITABLE)
    assert all(ReverseMentoringXBlock.fields[name].default != value for name, value in EVERYTHING.items())
    block = program_with(EVERYTHING)
    exported = export_olx(block)
    again = import_olx(exported)
    assert settings_of(again) == EVERYTHING and set_fields(again) == set(EDITABLE)
    assert again.config() == block.config()
    assert export_olx(again) == exported
    blank_text_removed = import_olx(etree.tostring(etree.fromstring(exported.encode(), PLATFORM_PARSER)))
    assert settings_of(blank_text_removed) == EVERYTHING
    unit = etree.Element("vertical")
    block.runtime.add_block_as_child_node(block, unit)  # how the platform exports a block inside a unit
    assert settings_of(import_olx(etree.tostring(unit[0]))) == EVERYTHING


def test_the_export_is_plain_elements_in_a_fixed_order():
    exported = export_olx(program_with(EVERYTHING))
    root = etree.fromstring(exported.encode())
    assert set(root.attrib) == {"xblock-family", "display_name", "weight"}
    assert [child.tag for child in root] == ["program-goal", "goal", "topics", "experience-areas", "intake-questions",
                                             "sessions", "session-agenda", "grading", "matching", "privacy",
                                             "monitoring", "circle"]
    assert root.findtext("program-goal") == GOAL
    assert root.find("goal").attrib == {"kind": "both", "group-question": "equipo"}
    assert [(topic.attrib, [item.attrib for item in topic]) for topic in root.find("topics")] == [
        ({"id": topic["id"], "title": topic["title"]}, topic["items"]) for topic in TOPICS]
    assert [area.attrib for area in root.find("experience-areas")] == AREAS
    assert [(question.attrib, [choice.text for choice in question]) for question in root.find("intake-questions")] == [
        ({"id": q["id"], "text": q["text"], "kind": q["kind"], "required": str(q["required"]).lower(),
          "shown-to": q["shown_to"]}, q["choices"]) for q in QUESTIONS]
    assert [session.text or "" for session in root.find("session-agenda")] == AGENDA
    assert root.find("sessions").attrib == {"planned": "8", "minutes": "45", "cadence-days": "14",
                                            "min-days-between": "0"}
    assert root.find("grading").attrib == {"sessions": "50", "checklist": "25.5", "feedback": "24.5"}
    assert root.find("matching").attrib == {"mentor-capacity": "3", "separate-teams": "true",
                                            "mentor-must-know-more": "true", "automatic-from": "12"}
    assert [weight.attrib for weight in root.find("matching")] == [
        {"part": part, "value": str(value)} for part, value in MATCH_WEIGHTS.items()]
    assert root.find("privacy").attrib == {"staff-read-notes": "true", "pairs-read-end-reason": "true",
                                           "pairs-share-link": "false", "pairs-share-contact": "false"}
    assert root.find("monitoring").attrib == {"stall-grace-days": "30", "reminder-days": "7"}
    assert root.find("circle").attrib == {"open-to-mentees": "true"}
    assert "&quot;id&quot;" not in exported and "[" not in exported and "逆メンター" in exported and "🤖" in exported
    other_parts = program_with({"match_weights": {"luck": 1, "meeting": 2, "digital": 3, "charm": 4}})
    weights = etree.fromstring(export_olx(other_parts).encode()).find("matching")
    assert [weight.get("part") for weight in weights] == ["digital", "meeting", "charm", "luck"]


def test_the_documented_example_is_what_an_export_writes():
    example = re.search(r"```xml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL).group(1)
    block = import_olx(example)
    assert block.display_name == "Mentoría inversa" and block.weight == 2.0
    assert block.topics[1] == {"id": "ai-assistants", "title": "AI アシスタント 🤖",
                               "items": [{"id": "summarise", "title": "文書を要約する"}]}
    assert (block.sessions_planned, block.min_days_between_sessions, block.auto_match_min) == (8, 0, 12)
    assert block.match_weights["time_zone"] == 12.5 and block.separate_teams and not block.staff_see_notes
    assert (block.goal_kind, block.pairs_share_link, block.pairs_share_contact) == ("both", True, False)
    assert block.group_question == "team-size" and block.config().group_question == "team-size"
    assert block.session_agenda == ["Getting to know each other & choosing topics", "", "LinkedIn: your profile"]
    assert [(q["id"], q["kind"], q["choices"], q["required"], q["shown_to"]) for q in block.intake_questions] == [
        ("team-size", "choice", ["1-5", "6-20", "more than 20"], True, "staff"),
        ("favourite-tool", "text", [], False, "partner_and_staff")]
    assert block.config().plan.count == 8
    assert [shape(element) for element in elements(export_olx(block))] == [
        shape(element) for element in elements(example)]


def test_an_untouched_program_writes_its_rules_and_keeps_the_texts_in_the_viewers_language():
    block = import_olx("<reverse_mentoring/>")
    exported = export_olx(block)
    assert [element.tag for element in elements(exported)] == RULES
    again = import_olx(exported)
    assert settings_of(again) == settings_of(block)
    assert set_fields(again).isdisjoint({"display_name", *LOCALISED_DEFAULTS})
    with translation.override("es-419"):
        spanish = again.config()
    assert spanish.goal != block.config().goal and spanish.topics != block.config().topics


@pytest.mark.parametrize("kind", GOAL_KINDS)
def test_every_goal_kind_survives_an_export_and_an_import(kind):
    again = import_olx(export_olx(program_with({"goal_kind": kind})))
    assert again.goal_kind == kind and again.config().goal_kind == kind


def test_an_export_from_before_the_sharing_agenda_and_questions_imports_with_their_defaults():
    earlier = import_olx('<reverse_mentoring display_name="Antes"><program-goal>Aprender.</program-goal>'
                         '<sessions planned="3" minutes="60" cadence-days="30" min-days-between="1"/>'
                         '<privacy staff-read-notes="true" pairs-read-end-reason="false"/></reverse_mentoring>')
    assert (earlier.goal_kind, earlier.intake_questions, earlier.pairs_share_link, earlier.pairs_share_contact) == (
        "digital", [], True, True)
    assert not {"goal_kind", "intake_questions", "session_agenda"} & set_fields(earlier)
    config = earlier.config()
    assert config.session_agenda[0].startswith("Getting to know you") and config.session_agenda[1:] == ("", "")
    assert config.sharing.meeting_link and config.sharing.contact and config.monitoring.staff_see_notes
    assert not earlier.circle_open_to_mentees and not config.circle_open_to_mentees


def test_the_circle_setting_survives_an_export_and_an_import():
    for opened in (True, False):
        again = import_olx(export_olx(program_with({"circle_open_to_mentees": opened})))
        assert again.circle_open_to_mentees is opened and again.config().circle_open_to_mentees is opened


def test_empty_lists_survive_and_the_program_then_names_them():
    empty = {"topics": [{"id": "solo", "title": "Solo", "items": []}], "experience_areas": [], "grading_weights": {},
             "session_agenda": [], "intake_questions": [{**QUESTIONS[0], "choices": []}]}
    exported = export_olx(program_with(empty))
    assert '<topic id="solo" title="Solo"/>' in exported and "<experience-areas/>" in exported
    assert "<grading/>" in exported and "<session-agenda/>" in exported and 'shown-to="staff"/>' in exported
    again = import_olx(exported)
    assert {name: getattr(again, name) for name in empty} == empty and set(empty) <= set_fields(again)
    with pytest.raises(ProblemList) as error:
        again.config()
    assert {problem.field for problem in error.value.problems} == {"topics", "experience_areas", "grading_weights",
                                                                   "intake_questions.0.choices"}


def test_the_json_attributes_of_earlier_exports_still_import():
    fields = ReverseMentoringXBlock.fields
    earlier = etree.Element("reverse_mentoring", {name: fields[name].to_string(value)  # XBlock's own export
                                                  for name, value in EVERYTHING.items()})
    olx = etree.tostring(earlier, encoding="unicode")
    assert 'topics="[&#10;  {&#10;    &quot;id&quot;: &quot;redes&quot;' in olx
    assert settings_of(import_olx(olx)) == EVERYTHING
    mixed = etree.Element("reverse_mentoring", topics=earlier.get("topics"))  # one form per setting
    etree.SubElement(mixed, "sessions", planned="3")
    mixed = import_olx(etree.tostring(mixed))
    assert (mixed.topics, mixed.sessions_planned) == (TOPICS, 3)


def test_values_the_elements_cannot_hold_keep_their_json_attribute():
    odd = {"topics": [{"id": "x", "title": "X", "items": [], "colour": "red"}],
           "experience_areas": [{"id": "tab", "title": "a\x0bb"}], "grading_weights": {"sessions": "60"},
           "match_weights": {}, "sessions_planned": None, "goal_kind": "marketing", "session_agenda": ["a", 2],
           "intake_questions": [{**QUESTIONS[1], "kind": "essay"}]}
    block = program_with(odd)
    exported = export_olx(block)
    root = etree.fromstring(exported.encode())
    assert set(odd) <= set(root.attrib)
    assert [child.tag for child in root] == ["sessions", "matching", "privacy", "monitoring", "circle"]
    assert "planned" not in root.find("sessions").attrib and not len(root.find("matching"))
    assert settings_of(import_olx(exported)) == settings_of(block)


def import_error(olx, block="<reverse_mentoring{attributes}>{children}</reverse_mentoring>", attributes=""):
    with pytest.raises(ProgramOlxError) as error:
        import_olx(block.format(attributes=attributes, children=olx))
    return str(error.value)


@pytest.mark.parametrize(("olx", "message"), [
    ('<sessions planned="six"/>', 'sessions: planned="six" is not a whole number.'),
    ('<privacy staff-read-notes="yes"/>', 'privacy: staff-read-notes="yes" is neither true nor false.'),
    ('<grading sessions="60%"/>', 'grading: sessions="60%" is not a number.'),
    ('<matching><weight part="digital" value="lots"/></matching>', 'matching/weight[1]: value="lots" is not a number.'),
    ('<matching><weight value="3"/></matching>', 'matching/weight[1]: the attribute "part" is missing.'),
    ('<matching><weight part="goals" value="1"/><weight part="goals" value="2"/></matching>',
     'matching/weight[2]: the part "goals" already has a weight.'),
    ('<topics><topic id="a" title="A"/><topic id="b"/></topics>',
     'topics/topic[2]: the attribute "title" is missing.'),
    ('<topics><topic id="a" title="A" colour="red"/></topics>',
     'topics/topic[1]: unknown attribute "colour"; expected id, title.'),
    ('<topics><area id="a" title="A"/></topics>', "topics/area: unknown element; expected <topic>."),
    ('<experience-areas><area id="a" title="A"><item id="x" title="X"/></area></experience-areas>',
     "experience-areas/area[1]/item: unknown element; no element is expected here."),
    ("<mentors/>", "mentors: unknown element; expected <program-goal>, <goal>, <topics>, <experience-areas>, "
                   "<intake-questions>, <sessions>, <session-agenda>, <grading>, <matching>, <privacy>, "
                   "<monitoring>, <circle>."),
    ('<goal kind="marketing"/>', 'goal: kind="marketing" is none of digital, inclusion, both, custom.'),
    ('<goal kind="digital">Digital</goal>', "goal: text is not expected here."),
    ('<privacy pairs-share-link="sometimes"/>', 'privacy: pairs-share-link="sometimes" is neither true nor false.'),
    ('<session-agenda><session number="1">Hola</session></session-agenda>',
     'session-agenda/session[1]: unknown attribute "number"; this element has none.'),
    ("<session-agenda><agenda>Hola</agenda></session-agenda>",
     "session-agenda/agenda: unknown element; expected <session>."),
    ("<session-agenda><session>Hola <b>tú</b></session></session-agenda>",
     "session-agenda/session[1]/b: unknown element; no element is expected here."),
    ('<intake-questions><question id="a" text="A?" kind="essay" required="true" shown-to="staff"/>'
     "</intake-questions>", 'intake-questions/question[1]: kind="essay" is neither text nor choice.'),
    ('<intake-questions><question id="a" text="A?" kind="text" required="yes" shown-to="staff"/>'
     "</intake-questions>", 'intake-questions/question[1]: required="yes" is neither true nor false.'),
    ('<intake-questions><question id="a" text="A?" kind="text" required="true" shown-to="everyone"/>'
     "</intake-questions>",
     'intake-questions/question[1]: shown-to="everyone" is none of partner_and_staff, staff, partner.'),
    ('<intake-questions><question id="a" kind="text" required="true" shown-to="staff"/></intake-questions>',
     'intake-questions/question[1]: the attribute "text" is missing.'),
    ('<intake-questions><question id="a" text="A?" kind="choice" required="true" shown-to="staff">'
     '<choice lang="es">Sí</choice></question></intake-questions>',
     'intake-questions/question[1]/choice[1]: unknown attribute "lang"; this element has none.'),
    ('<intake-questions><question id="a" text="A?" kind="choice" required="true" shown-to="staff">'
     "<option>Sí</option></question></intake-questions>",
     "intake-questions/question[1]/option: unknown element; expected <choice>."),
    ('<program-goal lang="es">Hola</program-goal>', 'program-goal: unknown attribute "lang"; this element has none.'),
    ("<program-goal>Learn <b>more</b></program-goal>", "program-goal/b: unknown element; no element is expected here."),
    ('<sessions planned="6"/><sessions planned="7"/>', "sessions: this element is given twice."),
    ('<sessions minutes="45">forty-five</sessions>', "sessions: text is not expected here."),
    ('<topics><topic id="a" title="A"/>and more</topics>', "topics: text is not expected here."),
])
def test_olx_the_block_cannot_read_stops_the_import_and_says_where(olx, message):
    assert message in import_error(olx)


def test_a_setting_given_twice_and_every_problem_are_named_at_once():
    message = import_error('<sessions planned="7"/><monitoring stall-grace-days="soon"/><extra/>',
                           attributes=' sessions_planned="6"')
    assert message.startswith("Cannot import the reverse mentoring program ")
    assert ".reverse_mentoring.d" in message  # the block's usage id
    for problem in ('monitoring: stall-grace-days="soon" is not a whole number.', "extra: unknown element",
                    'sessions: the setting "sessions_planned" is also given as an attribute of the block'):
        assert problem in message


def test_the_import_error_is_in_the_runtimes_language():
    with translation.override("es-419"):
        message = import_error('<sessions planned="six"/>')
    assert message.startswith("No se puede importar el programa de mentoría inversa ")
    assert 'sessions: planned="six" no es un número entero.' in message


def test_comments_and_xblocks_own_field_elements_are_left_to_xblock():
    block = import_olx('<reverse_mentoring xmlns:option="http://code.edx.org/xblock/option"><!-- reviewed -->'
                       '<option:display_name>Mentoría</option:display_name><sessions planned="4"/>'
                       "<program-goal>Learn<!-- say more? --> together.</program-goal></reverse_mentoring>")
    assert (block.display_name, block.sessions_planned, block.program_goal) == ("Mentoría", 4, "Learn together.")
