"""The settings grades depend on: what counts as a change, and that a worker scores with the same terms."""
import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from reverse_mentoring_xblock.core import program, program_templates
from reverse_mentoring_xblock.core.grading_terms import GradingTerms, TermsChange, compare
from tests.factories import config

TOPICS = list(program.DEFAULT_TOPICS)


def terms(**changes):
    topics = changes.pop("topics", TOPICS)
    return GradingTerms.of(config(topics=topics, **changes), topics)


def test_only_titles_changed_is_no_change_that_regrades():
    renamed = copy.deepcopy(TOPICS)
    renamed[0]["items"][0]["title"] = "Refresh your profile"
    before, after = terms(), terms(topics=renamed)
    assert before.digest != after.digest  # the new title is stored
    assert not compare(before, after).regrades


def test_each_kind_of_change_is_named_with_before_and_after():
    shorter = copy.deepcopy(TOPICS)
    removed = shorter[0]["items"].pop(0)
    shorter[1]["items"].append({"id": "new", "title": "Something new"})
    change = compare(terms(), terms(topics=shorter, sessions_planned=4, min_days_between_sessions=0,
                                    grading_weights={"sessions": 1, "checklist": 1, "feedback": 2}))
    assert change.sessions == (6, 4) and change.fewer_sessions
    assert change.min_gap_days == (1, 0)
    assert change.weights == ((0.6, 0.3, 0.1), (0.25, 0.25, 0.5))
    assert change.removed_items == (("linkedin", removed["id"], removed["title"]),)
    assert change.added_items == (("social-media", "new", "Something new"),)
    assert TermsChange.from_json(change.to_json()) == change
    assert GradingTerms.from_json(terms().to_json()) == terms()


def test_more_sessions_are_not_fewer():
    change = compare(terms(), terms(sessions_planned=8, min_days_between_sessions=3))
    assert change.regrades and not change.fewer_sessions


def test_weights_in_other_units_giving_the_same_shares_are_no_change():
    same = terms(grading_weights={"sessions": 6, "checklist": 3, "feedback": 1})
    assert not compare(terms(), same).regrades and same.digest == terms().digest


@settings(max_examples=60, deadline=None)
@given(template=st.sampled_from(program_templates.TEMPLATES), wanted=st.lists(st.text(min_size=1), max_size=4),
       pick=st.lists(st.integers(min_value=0, max_value=40), max_size=4), count=st.integers(1, 12),
       gap=st.integers(0, 30), weights=st.lists(st.integers(0, 100), min_size=3, max_size=3).filter(any))
def test_a_worker_scores_with_what_the_block_scores_with(template, wanted, pick, count, gap, weights):
    """``scoring_config`` gives the same plan, weights and checklists for any topics a mentee wanted."""
    raw = program_templates.translated_settings(template, str)
    block = config(topics=raw["topics"], sessions_planned=count, min_days_between_sessions=gap,
                   grading_weights=dict(zip(("sessions", "checklist", "feedback"), weights)))
    worker = GradingTerms.from_json(GradingTerms.of(block, raw["topics"]).to_json()).scoring_config()
    topic_ids = [t["id"] for t in raw["topics"]]
    mentee_wants = list(wanted) + [topic_ids[i % len(topic_ids)] for i in pick]
    assert (worker.plan.count, worker.plan.min_gap_days) == (block.plan.count, block.plan.min_gap_days)
    assert worker.grading == block.grading
    assert (worker.checklist_keys(worker.focus_topics(mentee_wants))
            == block.checklist_keys(block.focus_topics(mentee_wants)))
