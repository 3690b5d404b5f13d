"""What the Outcomes card leads with, and figures by self-described group that tell nobody's answer (pure).

Every figure below is worked out by hand in the comment next to it.
"""
import pytest

from reverse_mentoring_xblock.core import outcomes
from reverse_mentoring_xblock.core.outcomes import GroupCounts, Mean, Share, group_table
from reverse_mentoring_xblock.core.vocabulary import GOAL_KINDS

CHOICES = ("Women", "Men", "Non-binary", "Prefer to self-describe")


def people(count, paired=None, pairs=None, completed=0, scores=(0, 0, 0, 0, 0)):
    """``count`` people, all paired once unless said."""
    paired = count if paired is None else paired
    return GroupCounts(count, paired, paired if pairs is None else pairs, completed, scores)


def figures(line):
    """A line as (label, people, paired, completion, satisfaction), the shares as (part, whole)."""
    def share(found):
        return None if found is None else (found.part, found.whole)
    mean = None if line.satisfaction is None else (round(line.satisfaction.value, 4), line.satisfaction.answers)
    return line.answer or line.kind, line.people, share(line.paired), share(line.completion), mean


def test_every_goal_kind_has_its_lead():
    assert set(outcomes.LEADS) == set(GOAL_KINDS)
    assert outcomes.LEADS["both"] == ("headline", "digital", "groups")
    assert [kind for kind in GOAL_KINDS if outcomes.counts_needed(kind)] == ["inclusion", "both"]


def test_confidence_gains_are_the_mentees_in_digital_topics_in_catalogue_order():
    rows = [("area", "leadership", "mentor", 1.0, 3.0, 4),  # mentors' areas: not a digital gain
            ("topic", "linkedin", "mentor", 2.0, 2.0, 1),  # a mentor's topic (before two-way feedback): left out
            ("topic", "linkedin", "mentee", 1.25, 3.0, 4),
            ("topic", "ai-assistants", "mentee", 0.5, 2.5, 2),
            ("topic", "retired-topic", "mentee", 2.0, 1.0, 1)]
    gains = outcomes.confidence_gains(rows, ("linkedin", "social-media", "ai-assistants"))
    assert [(g.topic_id, g.before, g.after, g.gain, g.answers) for g in gains] == [
        ("linkedin", 1.25, 3.0, 1.75, 4), ("ai-assistants", 0.5, 2.5, 2.0, 2), ("retired-topic", 2.0, 1.0, -1.0, 1)]


def test_mentor_retention_counts_those_who_stayed_while_paired():
    assert outcomes.retention(25, 1) == 0.96  # 24 of 25: Pershing's 96%
    assert outcomes.retention(7, 0) == 1.0
    assert outcomes.retention(0, 0) is None


def test_groups_under_five_with_those_who_did_not_say_share_one_line():
    """Women 12, Men 10, Non-binary 4 (no line of its own) and 3 who did not say: together 7."""
    counts = {
        "Women": people(12, completed=6, scores=(0, 0, 2, 5, 5)),  # mean (3*2 + 4*5 + 5*5) / 12 = 51/12
        "Men": people(10, completed=5, scores=(0, 1, 2, 3, 4)),  # (2 + 6 + 12 + 20) / 10 = 4.0
        "Non-binary": people(4, completed=2, scores=(0, 0, 0, 2, 2)),
        "": people(3, completed=1, scores=(0, 0, 1, 1, 1)),
    }
    table = group_table(counts, CHOICES)
    assert not table.left_out and not table.withheld
    # Nobody waits unpaired in the whole program, so "12 of 12 paired" tells nothing about anyone. Completion:
    # the smaller groups' 3 of 7 is under five; Men's (10 pairs, fewer than Women's 12) is hidden with it, else
    # the program's 14 completed minus Women's and Men's would give it.
    assert [figures(line) for line in table.lines] == [
        ("Women", 12, (12, 12), (6, 12), (round(51 / 12, 4), 12)),
        ("Men", 10, (10, 10), None, (4.0, 10)),
        ("smaller", 7, (7, 7), None, (round(30 / 7, 4), 7)),  # (3 + 4*3 + 5*3) / 7
    ]
    assert [line.kind for line in table.lines] == ["answer", "answer", "smaller"]
    # All participants: 29 people and pairs, 14 completed, scores (0, 1, 5, 11, 12): (2 + 15 + 44 + 60) / 29
    assert figures(table.everyone) == ("everyone", 29, (29, 29), (14, 29), (round(121 / 29, 4), 29))
    assert table.hidden_figures


def test_a_group_of_four_alone_is_left_out_and_the_next_smallest_keeps_its_figures_back():
    """Women 10, Men 8 and Non-binary 4: the 4 are left out; the program's totals minus Women's would give Men's
    and theirs together, so Men's figures are kept back and the 4 cannot be worked out."""
    counts = {"Women": people(10, completed=5, scores=(0, 0, 0, 5, 5)),
              "Men": people(8, completed=0, scores=(0, 0, 0, 4, 4)),
              "Non-binary": people(4, completed=4, scores=(0, 0, 0, 0, 4))}
    table = group_table(counts, CHOICES)
    assert table.left_out and [line.answer for line in table.lines] == ["Women", "Men"]
    assert [figures(line) for line in table.lines] == [
        ("Women", 10, (10, 10), (5, 10), (4.5, 10)),
        ("Men", 8, None, None, None),
    ]
    assert table.everyone.people == 22  # the 4 still count in the whole program


def test_did_not_say_is_a_line_of_its_own_from_five_people():
    counts = {"Women": people(6), "Men": people(5), "": people(5)}
    table = group_table(counts, CHOICES)
    assert [(line.kind, line.answer, line.people) for line in table.lines] == [
        ("answer", "Women", 6), ("answer", "Men", 5), ("unsaid", "", 5)]
    assert not table.left_out


def test_answers_no_longer_among_the_choices_come_after_them_alphabetically():
    counts = {"Zeta": people(5), "Men": people(5), "Alpha": people(5), "Women": people(5)}
    assert [line.answer for line in group_table(counts, CHOICES).lines] == ["Women", "Men", "Alpha", "Zeta"]


@pytest.mark.parametrize(("counts", "asked", "withheld"), [
    ({"Women": people(12), "": people(3)}, True, outcomes.SAME_ANSWER),  # everyone who answered said Women
    ({"Women": people(12)}, True, outcomes.SAME_ANSWER),
    ({"": people(8)}, True, outcomes.NO_ANSWERS),
    ({}, True, outcomes.NO_ANSWERS),
    ({"": people(8)}, False, outcomes.NO_QUESTION),
])
def test_no_lines_when_they_would_tell_every_answer(counts, asked, withheld):
    table = group_table(counts, CHOICES, asked=asked)
    assert (table.lines, table.withheld, table.left_out) == ((), withheld, False)
    assert table.everyone.people == sum(found.people for found in counts.values())


def test_a_share_shows_only_when_both_sides_are_five_or_none_in_the_program():
    # One person of Women's 10 waits: "9 of 10" would name the one waiting person of the program as a woman.
    one_waiting = group_table({"Women": people(10, paired=9), "Men": people(10)}, CHOICES)
    assert [line.paired for line in one_waiting.lines] == [None, None]  # Men's hidden with it (rule 4)
    # Men all paired while 5 women wait: "10 of 10" would say every waiting person is a woman.
    five_waiting = group_table({"Women": people(10, paired=5), "Men": people(10)}, CHOICES)
    assert [line.paired for line in five_waiting.lines] == [None, None]
    # Five wait in each group: neither line places anyone.
    both_waiting = group_table({"Women": people(10, paired=5), "Men": people(12, paired=7)}, CHOICES)
    assert [line.paired for line in both_waiting.lines] == [Share(5, 10), Share(7, 12)]
    assert [line.paired.value for line in both_waiting.lines] == [0.5, 7 / 12]


def test_a_mean_shows_from_five_answers_that_are_not_all_alike():
    four = group_table({"Women": people(10, scores=(0, 0, 1, 1, 2)), "Men": people(10, scores=(0, 1, 2, 2, 0))},
                       CHOICES)
    assert [line.satisfaction for line in four.lines] == [None, None]  # Women's 4 answers; Men's hidden with them
    alike = group_table({"Women": people(10, scores=(0, 0, 0, 0, 5)), "Men": people(10, scores=(0, 1, 2, 2, 0))},
                        CHOICES)
    assert [line.satisfaction for line in alike.lines] == [None, None]  # five 5s: every woman who answered gave 5
    everyone_alike = group_table({"Women": people(10, scores=(0, 0, 0, 0, 5)),
                                  "Men": people(10, scores=(0, 0, 0, 0, 6))}, CHOICES)
    assert [line.satisfaction for line in everyone_alike.lines] == [Mean(5.0, 5), Mean(5.0, 6)]


def test_hiding_one_more_takes_the_line_with_the_fewest_then_the_last():
    counts = {"Women": people(9, scores=(0, 0, 0, 3, 3)), "Men": people(9, scores=(0, 0, 1, 2, 3)),
              "Non-binary": people(7, scores=(0, 0, 0, 2, 2))}  # 4 answers: hidden
    lines = group_table(counts, CHOICES).lines
    assert [line.satisfaction is None for line in lines] == [False, True, True]  # Men: 6 answers as Women, later
    assert lines[0].satisfaction == Mean(4.5, 6)


def test_counts_add_up():
    total = people(3, completed=1, scores=(1, 0, 0, 0, 1)) + people(2, paired=1, pairs=2, scores=(0, 0, 1, 0, 0))
    assert total == GroupCounts(5, 4, 5, 1, (1, 0, 1, 0, 1)) and total.answers == 3
