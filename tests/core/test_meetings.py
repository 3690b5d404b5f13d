"""Meeting times as partners type them: their own clock in, one UTC moment out, or the field that is wrong."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reverse_mentoring_xblock.core.meetings import local_to_utc, parse_answer, parse_proposal
from reverse_mentoring_xblock.core.problems import ProblemList

NOW = datetime(2026, 11, 27, 23, 0, tzinfo=UTC)
ZONES = ("Pacific/Kiritimati", "Pacific/Chatham", "Asia/Kathmandu", "Europe/Paris", "America/Bogota",
         "America/St_Johns", "Pacific/Pago_Pago", "UTC")


def fields(error):
    return {problem.field for problem in error.value.problems}


def test_a_time_on_the_proposers_clock_becomes_the_same_moment_in_utc():
    proposed = parse_proposal({"date": "2026-12-03", "time": "18:30", "minutes": 45}, "Asia/Kathmandu", NOW)
    assert proposed.starts_at == datetime(2026, 12, 3, 12, 45, tzinfo=UTC) and proposed.minutes == 45


@pytest.mark.parametrize("zone, day, clock", [("Europe/Paris", "2027-03-28", "02:30"),
                                              ("America/St_Johns", "2027-03-14", "02:15")])
def test_a_local_time_the_clocks_skip_is_refused_on_the_time_field(zone, day, clock):
    with pytest.raises(ProblemList) as error:
        parse_proposal({"date": day, "time": clock, "minutes": 60}, zone, NOW)
    assert fields(error) == {"time"}


def test_a_repeated_local_hour_is_read_as_its_first_occurrence():
    """Paris repeats 02:00-03:00 on 2027-10-31: the earlier moment is the one people mean."""
    assert local_to_utc(datetime(2027, 10, 31).date(), datetime(2027, 10, 31, 2, 30).time(), "Europe/Paris") == (
        datetime(2027, 10, 31, 0, 30, tzinfo=UTC))


@pytest.mark.parametrize("payload, field", [
    ({"date": "2026-11-26", "time": "22:00", "minutes": 60}, "date"),  # past in every zone
    ({"date": "2027-12-01", "time": "10:00", "minutes": 60}, "date"),  # beyond a year in every zone
    ({"date": "0001-01-01", "time": "00:00", "minutes": 60}, "date"),
    ({"date": "9999-12-31", "time": "23:59", "minutes": 60}, "date"),
    ({"date": "2026-12-01", "time": "9:30", "minutes": 60}, "time"),
    ({"date": "2026-12-01", "time": "09:60", "minutes": 60}, "time"),
    ({"date": "2026-12-01", "time": "０９:３０", "minutes": 60}, "time"),
    ({"date": "2026-12-01", "time": "09:30", "minutes": 60.0}, "minutes"),
    ({"date": "2026-12-01", "time": "09:30", "minutes": 481}, "minutes"),
])
@pytest.mark.parametrize("zone", ZONES)
def test_out_of_range_and_malformed_values_name_their_field(payload, field, zone):
    with pytest.raises(ProblemList) as error:
        parse_proposal(payload, zone, NOW)
    assert field in fields(error)


@given(st.dates(NOW.date() - timedelta(days=3), NOW.date() + timedelta(days=370)), st.times(), st.sampled_from(ZONES))
def test_any_date_and_time_in_any_zone_is_a_moment_within_the_year_or_a_named_problem(day, clock, zone):
    data = {"date": day.isoformat(), "time": clock.strftime("%H:%M"), "minutes": 60}
    try:
        proposed = parse_proposal(data, zone, NOW)
    except ProblemList as error:
        assert {p.field for p in error.problems} <= {"date", "time"}
        return
    assert NOW < proposed.starts_at <= NOW + timedelta(days=366)
    assert proposed.starts_at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") == (
        f"{day.isoformat()} {clock:%H:%M}")


def test_an_answer_is_an_id_and_a_yes_or_no():
    assert parse_answer({"meeting_id": 3, "accept": False}) == (3, False)
    for bad in ({"meeting_id": 3, "accept": 1}, {"meeting_id": 3}, {"meeting_id": True, "accept": True},
                {"meeting_id": 3, "accept": True, "note": "x"}):
        with pytest.raises(ProblemList):
            parse_answer(bad)
