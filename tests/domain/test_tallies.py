"""The overview's tallies: kept by every kind of write equal to a count of the rows, untouched by failed writes."""
import contextlib
from datetime import date

import pytest

from reverse_mentoring_xblock import domain, platform
from reverse_mentoring_xblock.domain import tallies
from reverse_mentoring_xblock.domain.errors import Conflict
from reverse_mentoring_xblock.domain.transactions import atomic_write
from reverse_mentoring_xblock.models import Participant
from tests.domain.test_dashboard import CONFIG, Cohort, at, cohort  # noqa: F401 (a fixture)


def test_every_write_of_the_dashboard_cohort_keeps_the_tallies_of_its_rows(program, cohort):  # noqa: F811
    assert tallies.read(program.usage_key) == tallies.recount(program.usage_key)


def test_changing_role_leaving_and_joining_again_move_the_participant_between_buckets(program, other_usage_id):
    c = Cohort(program)
    c.join("Ana", "mentor")
    c.join("Ana", "mentee")  # answers change before pairing: the role with them
    pair = c.pair("Sam", "Paul", date(2026, 3, 1))
    c.meet("Sam", "Paul", date(2026, 3, 5))
    yuki = c.join("Yuki", "mentee")
    domain.reset_participant(program, yuki.anonymous_user_id, now=at(date(2026, 3, 6)))  # never paired: removed
    domain.reset_participant(program, "anon-Paul", now=at(date(2026, 3, 6)))  # ends the pair, stays as a record
    c.join("Paul", "mentee")  # and comes back
    kept = tallies.read(program.usage_key)
    assert kept == tallies.recount(program.usage_key)
    assert {bucket: amounts[0] for (kind, bucket), amounts in kept.items() if kind == tallies.PARTICIPANTS} == {
        "mentee waiting": 1, "mentee ended": 1, "mentor ended": 1}  # Ana, Paul (back, his pair ended), Sam
    assert (kept[(tallies.PAIRS, "ended 1")], kept[(tallies.MENTORS, "finished")]) == ((1, 1, 0), (1, 0, 0))
    assert Participant.objects.get(pk=pair.mentee_id).stage == "ended"
    assert tallies.read(domain.ProgramRef(*platform.program_keys(other_usage_id)).usage_key) == {}


def test_a_write_that_fails_leaves_the_tallies_as_they_were(program):
    Cohort(program).join("Ana", "mentor")
    before = tallies.read(program.usage_key)

    @atomic_write
    def join_then_refuse():
        Participant.objects.filter(usage_key=program.usage_key).update(stage="paired")
        tallies.moved(program.usage_key, tallies.of_participant("mentor", "waiting"),
                      tallies.of_participant("mentor", "paired"))
        raise Conflict("Refused after counting.")

    @atomic_write
    def outer_write_that_survives_an_inner_failure():
        with contextlib.suppress(Conflict):
            join_then_refuse()
        tallies.add(program.usage_key, tallies.MENTORS, "finished")

    with pytest.raises(Conflict):
        join_then_refuse()
    assert tallies.read(program.usage_key) == before
    outer_write_that_survives_an_inner_failure()
    assert tallies.read(program.usage_key) == {**before, (tallies.MENTORS, "finished"): (1, 0, 0)}


def test_tallies_change_only_inside_a_domain_write(program):
    with pytest.raises(RuntimeError):
        tallies.add(program.usage_key, tallies.MENTORS, "finished")
