"""Weekly availability on another clock: fixed conversions, then properties against a minute-by-minute UTC count."""
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reverse_mentoring_xblock.core.availability import DAY_PART_HOURS, Stretch, in_zone, shared
from reverse_mentoring_xblock.core.vocabulary import AVAILABILITY_SLOTS, DAY_PARTS, WEEKDAYS

WINTER = date(2025, 1, 15)  # a Wednesday; Paris +01:00, Tokyo +09:00, Chatham +13:45, St John's -03:30
SUMMER = date(2025, 7, 16)  # Paris +02:00, Chatham +12:45, St John's -02:30
PARIS_SPRINGS_FORWARD = date(2025, 3, 30)  # a Sunday: 02:00 CET becomes 03:00 CEST at 01:00 UTC
PARIS_FALLS_BACK = date(2025, 10, 26)  # a Sunday: 03:00 CEST becomes 02:00 CET at 01:00 UTC
ZONES = ["UTC", "Europe/Paris", "Asia/Tokyo", "America/Bogota", "Asia/Kolkata", "Asia/Kathmandu",
         "Pacific/Chatham", "America/St_Johns"]
PART_MINUTES = {"morning": 4 * 60, "afternoon": 5 * 60, "evening": 4 * 60}
DAY, WEEK = 24 * 60, 7 * 24 * 60

slot_sets = st.sets(st.sampled_from(AVAILABILITY_SLOTS)).map(sorted)
zones = st.sampled_from(ZONES)
weeks = st.dates(date(2000, 1, 1), date(2040, 12, 31))


def hm(text):
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def stretch(weekday, start, end):
    return Stretch(weekday, hm(start), hm(end))


def minutes(stretches):
    return sum(s.end - s.start for s in stretches)


def nominal(slots):
    return sum(PART_MINUTES[slot.split("-")[1]] for slot in set(slots))


def monday_of(day):
    return day - timedelta(days=day.weekday())


def steady(week_of, *zone_names):
    """No zone changes its UTC offset from two days before the week to two days after it."""
    before = datetime.combine(monday_of(week_of) - timedelta(days=2), time(12))
    return all(ZoneInfo(zone).utcoffset(before) == ZoneInfo(zone).utcoffset(before + timedelta(days=11))
               for zone in zone_names)


def utc_minutes(slots, zone, week_of):
    """Every minute the person is free, counted from Monday 00:00 UTC round a circular week."""
    monday = monday_of(week_of)
    origin = datetime.combine(monday, time(0), tzinfo=UTC)
    free = set()
    for slot in set(slots):
        day, part = slot.split("-")
        begins = datetime.combine(monday + timedelta(days=WEEKDAYS.index(day)), time(DAY_PART_HOURS[part][0]),
                                  tzinfo=ZoneInfo(zone))
        first = int((begins - origin).total_seconds()) // 60
        free.update(minute % WEEK for minute in range(first, first + PART_MINUTES[part]))
    return free


def on_clock(free_utc, zone, week_of):
    """UTC week minutes as week minutes on the clock of ``zone``, in a week where its offset holds still."""
    offset = int(ZoneInfo(zone).utcoffset(datetime.combine(monday_of(week_of), time(12))).total_seconds()) // 60
    return {(minute + offset) % WEEK for minute in free_utc}


def covered(stretches):
    return {s.weekday * DAY + minute for s in stretches for minute in range(s.start, s.end)}


def well_formed(stretches):
    """Valid days and hours, sorted, and no two on the same day that touch or overlap."""
    assert all(0 <= s.weekday <= 6 and 0 <= s.start < s.end <= DAY for s in stretches)
    assert all((a.weekday, a.end) < (b.weekday, b.start) for a, b in pairwise(stretches))


def test_the_parts_of_the_day_are_the_forms_parts():
    assert list(DAY_PART_HOURS) == list(DAY_PARTS)
    assert {part: (end - start) * 60 for part, (start, end) in DAY_PART_HOURS.items()} == PART_MINUTES


@pytest.mark.parametrize("zone", ZONES)
def test_in_its_own_zone_a_week_is_its_parts_merged(zone):
    assert in_zone(AVAILABILITY_SLOTS, zone, zone, WINTER) == [stretch(day, "08:00", "21:00") for day in range(7)]
    assert in_zone(["wed-evening", "mon-morning"], zone, zone, SUMMER) == [
        stretch(0, "08:00", "12:00"), stretch(2, "17:00", "21:00")]


def test_morning_and_afternoon_merge_and_stay_merged_over_midnight():
    assert in_zone(["tue-afternoon", "tue-morning"], "UTC", "UTC", WINTER) == [stretch(1, "08:00", "17:00")]
    # Paris 08:00-17:00 is Tokyo 16:00-01:00 in winter: one stretch cut at midnight, not two slots.
    assert in_zone(["mon-morning", "mon-afternoon"], "Europe/Paris", "Asia/Tokyo", WINTER) == [
        stretch(0, "16:00", "24:00"), stretch(1, "00:00", "01:00")]


def test_unknown_and_repeated_slots_are_skipped():
    ticks = ["mon-night", "funday-morning", "", "mon", "MON-MORNING", "mon-morning", "mon-morning", None]
    assert in_zone(ticks, "UTC", "Asia/Tokyo", WINTER) == [stretch(0, "17:00", "21:00")]
    assert in_zone([], "UTC", "Asia/Tokyo", WINTER) == []


@pytest.mark.parametrize("week_of, paris_morning_in_tokyo, tokyo_morning_in_paris", [
    (WINTER, ("16:00", "20:00"), ("00:00", "04:00")),  # Tokyo 8 hours ahead
    (SUMMER, ("15:00", "19:00"), ("01:00", "05:00")),  # 7: Paris moved, Tokyo has no daylight-saving time
])
def test_paris_and_tokyo_in_winter_and_in_summer(week_of, paris_morning_in_tokyo, tokyo_morning_in_paris):
    assert in_zone(["thu-morning"], "Europe/Paris", "Asia/Tokyo", week_of) == [stretch(3, *paris_morning_in_tokyo)]
    assert in_zone(["thu-morning"], "Asia/Tokyo", "Europe/Paris", week_of) == [stretch(3, *tokyo_morning_in_paris)]


def test_a_bogota_evening_is_a_tokyo_tuesday_morning():
    assert in_zone(["mon-evening"], "America/Bogota", "Asia/Tokyo", WINTER) == [stretch(1, "07:00", "11:00")]


def test_an_evening_pushed_past_midnight_is_split_there():
    assert in_zone(["mon-evening"], "America/Bogota", "Europe/Paris", WINTER) == [
        stretch(0, "23:00", "24:00"), stretch(1, "00:00", "03:00")]


def test_the_week_wraps_both_ways():
    # Sunday 17:00-21:00 in Bogota is Monday 07:00-11:00 in Tokyo; Monday morning in Tokyo is Sunday in Bogota.
    assert in_zone(["sun-evening"], "America/Bogota", "Asia/Tokyo", WINTER) == [stretch(0, "07:00", "11:00")]
    assert in_zone(["mon-morning"], "Asia/Tokyo", "America/Bogota", WINTER) == [stretch(6, "18:00", "22:00")]
    assert in_zone(["sun-evening"], "America/Bogota", "Europe/Paris", WINTER) == [
        stretch(0, "00:00", "03:00"), stretch(6, "23:00", "24:00")]


@pytest.mark.parametrize("slots, from_zone, to_zone, week_of, expected", [
    (["mon-morning"], "UTC", "Asia/Kathmandu", WINTER, [stretch(0, "13:45", "17:45")]),
    (["mon-morning"], "Asia/Kathmandu", "Asia/Kolkata", WINTER, [stretch(0, "07:45", "11:45")]),
    (["mon-evening"], "Asia/Kathmandu", "America/St_Johns", WINTER, [stretch(0, "07:45", "11:45")]),
    (["mon-morning"], "UTC", "Pacific/Chatham", WINTER, [stretch(0, "21:45", "24:00"), stretch(1, "00:00", "01:45")]),
    (["mon-morning"], "UTC", "Pacific/Chatham", SUMMER, [stretch(0, "20:45", "24:00"), stretch(1, "00:00", "00:45")]),
    (["fri-afternoon"], "Pacific/Chatham", "America/St_Johns", WINTER, [stretch(3, "18:45", "23:45")]),
])
def test_quarter_and_half_hour_offsets_are_exact(slots, from_zone, to_zone, week_of, expected):
    assert in_zone(slots, from_zone, to_zone, week_of) == expected


def test_the_clock_texts():
    assert (stretch(0, "13:45", "17:45").start_text, stretch(0, "13:45", "17:45").end_text) == ("13:45", "17:45")
    assert (Stretch(6, 0, 1440).start_text, Stretch(6, 0, 1440).end_text) == ("00:00", "24:00")


def test_any_day_of_a_week_stands_for_that_week():
    week = [date(2025, 3, 24) + timedelta(days=n) for n in range(7)]
    seen = {tuple(in_zone(AVAILABILITY_SLOTS, "Europe/Paris", "Asia/Tokyo", day)) for day in week}
    assert len(seen) == 1
    assert seen != {tuple(in_zone(AVAILABILITY_SLOTS, "Europe/Paris", "Asia/Tokyo", date(2025, 3, 31)))}


def test_the_rules_of_each_day_apply_in_a_week_with_a_change():
    # Saturday is still winter time in Paris, Sunday afternoon is summer time already.
    assert in_zone(["sat-morning", "sun-morning"], "Europe/Paris", "Asia/Tokyo", PARIS_SPRINGS_FORWARD) == [
        stretch(5, "16:00", "20:00"), stretch(6, "15:00", "19:00")]


@pytest.mark.parametrize("week_of, expected", [
    (PARIS_SPRINGS_FORWARD, stretch(6, "00:00", "05:00")),  # four hours, the clock skips 02:00-03:00
    (PARIS_FALLS_BACK, stretch(6, "01:00", "04:00")),  # four hours, the clock runs 02:00-03:00 twice
])
def test_each_end_is_read_on_the_viewers_clock_when_it_changes(week_of, expected):
    # Sunday 08:00-12:00 in Tokyo is Saturday 23:00 to Sunday 03:00 UTC, over Paris's change at 01:00 UTC.
    assert in_zone(["sun-morning"], "Asia/Tokyo", "Europe/Paris", week_of) == [expected]


def test_shared_is_the_overlap_on_the_viewers_clock():
    # Paris 17:00-21:00 is 16:00-20:00 UTC, Bogota 08:00-12:00 is 13:00-17:00 UTC: both free 16:00-17:00 UTC.
    paris, bogota = ["mon-evening"], ["mon-morning"]
    assert shared(paris, "Europe/Paris", bogota, "America/Bogota", "Europe/Paris", WINTER) == [
        stretch(0, "17:00", "18:00")]
    assert shared(paris, "Europe/Paris", bogota, "America/Bogota", "America/Bogota", WINTER) == [
        stretch(0, "11:00", "12:00")]
    assert shared(paris, "Europe/Paris", bogota, "America/Bogota", "Asia/Tokyo", WINTER) == [
        stretch(1, "01:00", "02:00")]
    assert shared(paris, "Europe/Paris", bogota, "America/Bogota", "Asia/Kathmandu", SUMMER) == [
        stretch(0, "20:45", "22:45")]  # in summer Paris's evening starts at 15:00 UTC: both free 15:00-17:00 UTC


def test_shared_across_the_wrap_of_the_week():
    # Monday morning in Tokyo is Sunday 23:00 to Monday 03:00 UTC; Sunday evening in Bogota runs until 02:00 UTC.
    assert shared(["mon-morning"], "Asia/Tokyo", ["sun-evening"], "America/Bogota", "UTC", WINTER) == [
        stretch(0, "00:00", "02:00"), stretch(6, "23:00", "24:00")]


def test_shared_with_no_overlap_is_empty():
    assert shared(["mon-morning"], "Europe/Paris", ["mon-morning"], "Asia/Tokyo", "Europe/Paris", WINTER) == []
    assert shared(["mon-morning"], "UTC", ["tue-morning"], "UTC", "UTC", WINTER) == []
    assert shared([], "UTC", AVAILABILITY_SLOTS, "UTC", "UTC", WINTER) == []


@pytest.mark.parametrize("view", ZONES)
def test_shared_does_not_depend_on_who_comes_first(view):
    a, b = ["mon-evening", "tue-morning", "sat-afternoon"], ["mon-morning", "mon-afternoon", "sun-evening"]
    for week_of in (WINTER, SUMMER, PARIS_FALLS_BACK):
        assert (shared(a, "Europe/Paris", b, "America/Bogota", view, week_of)
                == shared(b, "America/Bogota", a, "Europe/Paris", view, week_of))


@given(slot_sets, zones, zones, weeks)
def test_in_zone_is_the_utc_minutes_on_the_target_clock(slots, from_zone, to_zone, week_of):
    assume(steady(week_of, from_zone, to_zone))
    seen = in_zone(slots, from_zone, to_zone, week_of)
    well_formed(seen)
    assert minutes(seen) == nominal(slots)
    assert covered(seen) == on_clock(utc_minutes(slots, from_zone, week_of), to_zone, week_of)


@given(slot_sets, zones, zones, weeks)
def test_in_zone_in_any_week_is_well_formed_and_at_most_an_hour_off(slots, from_zone, to_zone, week_of):
    seen = in_zone(slots, from_zone, to_zone, week_of)
    well_formed(seen)
    assert abs(minutes(seen) - nominal(slots)) <= 60


@given(slot_sets, zones, slot_sets, zones, zones, weeks)
def test_shared_is_when_both_are_free_in_utc(slots_a, zone_a, slots_b, zone_b, view, week_of):
    assume(steady(week_of, zone_a, zone_b, view))
    both = shared(slots_a, zone_a, slots_b, zone_b, view, week_of)
    well_formed(both)
    free_utc = utc_minutes(slots_a, zone_a, week_of) & utc_minutes(slots_b, zone_b, week_of)
    assert covered(both) == on_clock(free_utc, view, week_of)


@given(slot_sets, zones, slot_sets, zones, zones, weeks)
def test_shared_is_symmetric_and_no_longer_than_either_side(slots_a, zone_a, slots_b, zone_b, view, week_of):
    both = shared(slots_a, zone_a, slots_b, zone_b, view, week_of)
    well_formed(both)
    assert both == shared(slots_b, zone_b, slots_a, zone_a, view, week_of)
    assert minutes(both) <= min(minutes(in_zone(slots_a, zone_a, view, week_of)),
                                minutes(in_zone(slots_b, zone_b, view, week_of)))
    assert shared(slots_a, zone_a, slots_a, zone_a, zone_a, week_of) == in_zone(slots_a, zone_a, zone_a, week_of)
