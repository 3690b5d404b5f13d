"""What the staff overview leads with, picked by what the program is for, and figures by self-described group
that tell nobody's answer.

Pure module. ``LEADS`` names the parts of the overview's *Outcomes* card for each goal kind:

- ``digital`` (digital transformation): the mentees' confidence gain per digital topic (mean self-rating at the
  end minus mean self-rating at intake, over the answers that have both) and the checklist items confirmed;
- ``inclusion`` (diversity and inclusion): participation, satisfaction and completion by self-described group;
- ``both``: the ``headline`` first (the share of feedback answers that would recommend the program, and mentor
  retention), then the digital figures and those by group;
- ``custom`` (a goal of the author's own): a ``neutral`` pair of figures that fit any goal, the share who would
  recommend the program and the share of pairs completed.

**Mentor retention** (``retention``): of the mentors who have had at least one pair, the share who did not leave
the program (withdrawn or reset by staff) while one of their pairs was active. A mentor who leaves after their
pairs completed or ended, or whose pair staff ended while the mentor stayed, is retained; one who left and has
joined again since is no longer counted as gone.

**Figures by group** (``group_table``). A self-described group is the answer to the choice question the author
names (``ProgramConfig.group_question``); people who have no answer to it form the group *did not say*. For each
group: the people who joined; those paired at least once (a share of those who joined); the pairs they took part
in, counted once per partner in the group, and the share of those completed; the mean satisfaction of the
feedback they gave. No figure may tell a single person's answer, so:

1. a group is a line of its own only with at least ``MIN_PEOPLE`` people; smaller groups (and *did not say*
   when it is smaller) are added up into one line, *groups under 5 people*, when that line has at least
   ``MIN_PEOPLE`` people, and are otherwise left out, which the card says;
2. when everyone who answered gave the same answer, or nobody answered, there are no lines: the one line would
   tell everyone's answer;
3. in a line, a share is shown only when what it counts and what it leaves out are each at least ``MIN_PEOPLE``,
   or none in the whole program (``paired 10 of 10`` shows only when nobody in the program waits unpaired: else it
   would place every person waiting outside that group); a mean satisfaction only from at least ``MIN_PEOPLE``
   answers that are not all the same score (unless every answer in the program is that score);
4. the program's totals are known (the *all participants* line, the rest of the overview), so a figure hidden in
   one line, or the people left out, could be worked out by subtracting the lines shown: when exactly one part is
   hidden for a figure, the same figure of the line with the fewest people, pairs or answers is hidden too.
"""
from dataclasses import dataclass

from .vocabulary import SATISFACTION

MIN_PEOPLE = 5  # the fewest people (or answers, or pairs) a figure by group may rest on

# The parts of the Outcomes card, in the order shown, for each goal kind of ``vocabulary.GOAL_KINDS``.
LEADS = {
    "digital": ("digital",),
    "inclusion": ("groups",),
    "both": ("headline", "digital", "groups"),
    "custom": ("neutral",),
}
GROUP_PARTS = frozenset({"groups", "headline"})  # the parts that need the participants read (``counts_needed``)

# Why a group table has no lines.
NO_QUESTION, NO_ANSWERS, SAME_ANSWER = "no_question", "no_answers", "same_answer"
# The kinds of a line: one answer, the groups under MIN_PEOPLE together, those who did not say, everybody.
ANSWER, SMALLER, UNSAID, EVERYONE = "answer", "smaller", "unsaid", "everyone"


def rate(part, whole):
    """``part / whole`` in 0..1, or None when there is nothing to measure."""
    return part / whole if whole else None


def counts_needed(goal_kind):
    """Whether the card of this goal kind needs the participants, pairs and feedback read one by one."""
    return bool(GROUP_PARTS & set(LEADS.get(goal_kind, ())))


def retention(mentors_paired, mentors_gone):
    """Mentor retention in 0..1 (see the module's docstring), None before any mentor was paired."""
    return rate(mentors_paired - mentors_gone, mentors_paired)


@dataclass(frozen=True)
class TopicGain:
    """The mentees' mean self-rating in a digital topic at intake and at the end (0..4), over ``answers``."""

    topic_id: str
    before: float
    after: float
    answers: int

    @property
    def gain(self):
        return self.after - self.before


def confidence_gains(confidence, topic_ids):
    """The mentees' gains per digital topic from the overview's ``confidence`` rows (about, id, role, mean before,
    mean after, answers): topics of the catalogue in its order, then those since removed, by id."""
    found = {subject: TopicGain(subject, before, after, count) for about, subject, role, before, after, count
             in confidence if about == "topic" and role == "mentee" and count}
    order = {topic_id: index for index, topic_id in enumerate(topic_ids)}
    return sorted(found.values(), key=lambda gain: (order.get(gain.topic_id, len(order)), gain.topic_id))


@dataclass(frozen=True)
class GroupCounts:
    """What the people of one group did: added up over people, so groups merge by ``+``."""

    people: int = 0
    paired: int = 0  # people with at least one pair
    pairs: int = 0  # the pairs they took part in, once per partner of the group
    completed: int = 0  # of those, the completed ones
    scores: tuple = (0,) * len(SATISFACTION)  # their feedback answers by satisfaction, 1 to 5

    def __add__(self, other):
        return GroupCounts(self.people + other.people, self.paired + other.paired, self.pairs + other.pairs,
                           self.completed + other.completed, tuple(a + b for a, b in zip(self.scores, other.scores)))

    @property
    def answers(self):
        return sum(self.scores)


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole``."""

    part: int
    whole: int

    @property
    def value(self):
        return rate(self.part, self.whole)


@dataclass(frozen=True)
class Mean:
    """A mean satisfaction (1 to 5) of ``answers`` feedback answers."""

    value: object
    answers: int


@dataclass(frozen=True)
class GroupLine:
    """One line of the table; a figure is None where it is not shown."""

    kind: str  # ANSWER, SMALLER, UNSAID or EVERYONE
    answer: str  # the answer, for an ANSWER line
    people: int
    paired: object  # Share of the people
    completion: object  # Share of the pairs
    satisfaction: object  # Mean


@dataclass(frozen=True)
class GroupTable:
    """The lines by group (``lines``), the whole program (``everyone``), whether people were left out, and why
    there are no lines (``withheld``: "" when there are)."""

    everyone: GroupLine
    lines: tuple = ()
    left_out: bool = False
    withheld: str = ""

    @property
    def hidden_figures(self):
        """Whether some line does not show one of its figures."""
        return any(line.paired is None or line.completion is None or line.satisfaction is None
                   for line in self.lines)


def total(counts):
    """The sum of some ``GroupCounts``."""
    return sum(counts, GroupCounts())


def group_table(counts, choices=(), asked=True):
    """The table of ``counts`` (answer -> ``GroupCounts``; ``""`` for no answer) under the rules of the module's
    docstring. Lines come in the order of the question's ``choices``, then answers no longer among them
    (alphabetically), then groups under ``MIN_PEOPLE`` together, then *did not say*. ``asked``: the author named a
    group question (else only the whole program)."""
    everyone_counts = total(counts.values())
    everyone = _line(EVERYONE, "", everyone_counts, dict.fromkeys(FIGURES, True))
    answered = {answer: found for answer, found in counts.items() if answer and found.people}
    if not asked:
        return GroupTable(everyone, withheld=NO_QUESTION)
    if len(answered) < 2:
        return GroupTable(everyone, withheld=SAME_ANSWER if answered else NO_ANSWERS)
    order = {choice: index for index, choice in enumerate(choices)}
    parts = [(ANSWER, answer, answered[answer]) for answer in sorted(
        answered, key=lambda answer: (order.get(answer, len(order)), answer)) if answered[answer].people >= MIN_PEOPLE]
    small = [found for found in answered.values() if found.people < MIN_PEOPLE]
    unsaid = counts.get("", GroupCounts())
    if unsaid.people >= MIN_PEOPLE:
        tail = [(UNSAID, "", unsaid)]
    else:
        small.append(unsaid)
        tail = []
    smaller = total(small)
    if smaller.people >= MIN_PEOPLE:
        parts.append((SMALLER, "", smaller))
    left_out = smaller.people if smaller.people < MIN_PEOPLE else 0
    parts += tail
    shown = _shown_figures([found for _kind, _answer, found in parts], everyone_counts, bool(left_out))
    lines = tuple(_line(kind, answer, found, {figure: shown[figure][index] for figure in FIGURES})
                  for index, (kind, answer, found) in enumerate(parts))
    return GroupTable(everyone, lines, left_out=bool(left_out))


def _line(kind, answer, found, shown):
    return GroupLine(
        kind, answer, found.people,
        paired=Share(found.paired, found.people) if shown["paired"] else None,
        completion=Share(found.completed, found.pairs) if shown["completion"] else None,
        satisfaction=Mean(rate(sum(score * count for score, count in zip(SATISFACTION, found.scores)),
                               found.answers), found.answers) if shown["satisfaction"] else None)


def _share_shown(part, whole, program_part, program_rest):
    """Rule 3 for a share: each side at least ``MIN_PEOPLE``, or none of that side in the whole program."""
    return whole >= MIN_PEOPLE and all(side >= MIN_PEOPLE or everywhere == 0 for side, everywhere in (
        (part, program_part), (whole - part, program_rest)))


def _mean_shown(scores, program_scores):
    """Rule 3 for a mean: at least ``MIN_PEOPLE`` answers, not all one score unless the whole program's are."""
    if sum(scores) < MIN_PEOPLE:
        return False
    given = [index for index, count in enumerate(scores) if count]
    return len(given) > 1 or sum(program_scores) == program_scores[given[0]]


# Each figure: whether a group's counts may show it (rule 3), and what its line's size is (for rule 4).
FIGURES = {
    "paired": (lambda found, every: _share_shown(found.paired, found.people, every.paired,
                                                 every.people - every.paired), lambda found: found.people),
    "completion": (lambda found, every: _share_shown(found.completed, found.pairs, every.completed,
                                                     every.pairs - every.completed), lambda found: found.pairs),
    "satisfaction": (lambda found, every: _mean_shown(found.scores, every.scores), lambda found: found.answers),
}


def _shown_figures(parts, everyone, left_out):
    """``{figure: [shown in part i]}``: rule 3 for each part, then rule 4 (the people left out count as one part
    hidden from every figure)."""
    shown = {}
    for figure, (allowed, size) in FIGURES.items():
        flags = [allowed(found, everyone) for found in parts]
        if flags.count(False) + left_out == 1 and any(flags):
            smallest = min((index for index, flag in enumerate(flags) if flag),
                           key=lambda index: (size(parts[index]), -index))
            flags[smallest] = False
        shown[figure] = flags
    return shown
