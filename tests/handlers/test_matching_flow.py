"""Staff matching in the block: run, review reasons a page at a time, leave out / exclude / lock / swap, accept;
re-runs and auto-matching."""
import pytest
from celery.signals import task_prerun
from django.test import override_settings
from workbench.runtime import WorkbenchRuntime

from reverse_mentoring_xblock.models import MatchRun, Pair, Participant
from tests.factories import intake


def join(block_client, student, role, **changes):
    status, body = block_client.post("submit_intake", intake(role, public_name=student.title(), **changes), student)
    assert status == 200, body
    return Participant.objects.get(user__username=student).pk


@pytest.fixture
def cohort(block_client):
    """Three mentors and three mentees whose answers make one pairing clearly best."""
    ids = {}
    for student, role, topics, slots in (
            ("ana", "mentor", ["linkedin"], ["tue-morning"]),
            ("sam", "mentor", ["online-safety"], ["wed-evening"]),
            ("li", "mentor", ["video-meetings"], ["fri-afternoon"]),
            ("paul", "mentee", ["linkedin"], ["tue-morning"]),
            ("helen", "mentee", ["online-safety"], ["wed-evening"]),
            ("george", "mentee", ["video-meetings"], ["fri-afternoon"])):
        field = "teach_topics" if role == "mentor" else "learn_topics"
        ratings = dict.fromkeys(intake()["ratings"], 0)
        ratings.update(dict.fromkeys(topics, 4 if role == "mentor" else 0))
        ids[student] = join(block_client, student, role, ratings=ratings, availability=slots, **{field: topics})
    return ids


def run_matching(block_client):
    status, body = block_client.post("start_matching", {}, "staff")
    assert status == 200, body
    return MatchRun.objects.latest("pk"), body


def proposals(run):
    return set(run.proposals.values_list("mentor_id", "mentee_id"))


def left_out(run):
    return list(run.proposals.filter(left_out=True).values_list("mentor_id", "mentee_id"))


def test_matching_proposes_the_complementary_pairs_with_reasons(block_client, cohort):
    run, body = run_matching(block_client)
    assert run.status == "ready" and run.progress == 100
    expected = {(cohort["ana"], cohort["paul"]), (cohort["sam"], cohort["helen"]), (cohort["li"], cohort["george"])}
    assert proposals(run) == expected
    assert all(reasons for reasons in run.proposals.values_list("reasons", flat=True))
    assert "Ana offers to teach LinkedIn and your professional profile and rates it 4/4" in body["html"]
    assert "3 pairs proposed" in body["html"] and "Accept 3 pairs" in body["html"]


def test_accepting_some_proposals_creates_exactly_those_pairs(block_client, cohort):
    run, _body = run_matching(block_client)
    chosen = [f"{cohort['ana']}:{cohort['paul']}", f"{cohort['sam']}:{cohort['helen']}"]
    status, body = block_client.post("accept_matches", {"run_id": run.pk, "pairs": chosen}, "staff")
    assert status == 200, body
    assert set(Pair.objects.values_list("mentor_id", "mentee_id", "source")) == {
        (cohort["ana"], cohort["paul"], "matching"), (cohort["sam"], cohort["helen"], "matching")}
    assert all(score > 0 for score in Pair.objects.values_list("match_score", flat=True))
    assert block_client.post("accept_matches", {"run_id": run.pk, "pairs": chosen}, "staff")[0] == 409


def test_rerun_matches_only_the_unpaired_and_keeps_existing_pairs(block_client, cohort):
    run, _body = run_matching(block_client)
    block_client.post("accept_matches", {"run_id": run.pk, "pairs": [f"{cohort['ana']}:{cohort['paul']}"]}, "staff")
    first_pair = Pair.objects.get()
    run, _body = run_matching(block_client)
    assert proposals(run) == {(cohort["sam"], cohort["helen"]), (cohort["li"], cohort["george"])}
    block_client.post("accept_matches", {"run_id": run.pk, "pairs": [
        f"{m}:{e}" for m, e in proposals(run)]}, "staff")
    assert Pair.objects.count() == 3
    assert Pair.objects.get(pk=first_pair.pk).status == "active"


def test_exclude_lock_swap_and_release(block_client, cohort):
    run, _body = run_matching(block_client)
    ana, paul = cohort["ana"], cohort["paul"]
    status, _ = block_client.post("adjust_matching", {"run_id": run.pk, "action": "exclude", "mentor_id": ana,
                                                      "mentee_id": paul}, "staff")
    assert status == 200
    run = MatchRun.objects.latest("pk")
    assert (ana, paul) not in proposals(run) and run.excluded == [[ana, paul]]
    (m1, e1), (m2, e2) = sorted(proposals(run))[:2]
    status, _ = block_client.post("adjust_matching", {"run_id": run.pk, "action": "swap",
                                                      "pairs": [f"{m1}:{e1}", f"{m2}:{e2}"]}, "staff")
    assert status == 200
    run = MatchRun.objects.latest("pk")
    assert {tuple(p) for p in run.locked} == {(m1, e2), (m2, e1)} <= proposals(run)
    assert (ana, paul) not in proposals(run)  # earlier rules carry over
    status, _ = block_client.post("adjust_matching", {"run_id": run.pk, "action": "release", "mentor_id": m1,
                                                      "mentee_id": e2}, "staff")
    assert status == 200
    assert MatchRun.objects.latest("pk").locked == [[m2, e1]]


def test_accepting_is_all_or_nothing(block_client, cohort):
    run, _body = run_matching(block_client)
    block_client.post("pair_participants", {"mentor_id": cohort["li"], "mentee_id": cohort["paul"]}, "staff")
    status, body = block_client.post("accept_matches", {"run_id": run.pk, "pairs": [
        f"{m}:{e}" for m, e in proposals(run)]}, "staff")
    assert status == 409, body
    assert Pair.objects.count() == 1  # only the manual pair
    assert MatchRun.objects.get(pk=run.pk).status == "ready"


def test_large_cohorts_run_as_a_celery_task(block_client, cohort):
    started = []

    def record(sender=None, **kwargs):
        started.append(sender.name)

    task_prerun.connect(record)
    try:
        with override_settings(REVERSE_MENTORING_INLINE_MATCHING_LIMIT=2):
            run, _body = run_matching(block_client)
    finally:
        task_prerun.disconnect(record)
    assert started == ["reverse_mentoring_xblock.run_matching"]
    assert run.status == "ready" and len(proposals(run)) == 3


def test_tasks_run_in_the_request_from_any_thread_of_the_workbench_server():
    """The development server answers in threads: a large cohort's run must not go to a broker nobody reads."""
    import threading

    from reverse_mentoring_xblock import tasks
    seen = []
    thread = threading.Thread(target=lambda: seen.append((tasks.run_matching.app.main,
                                                          tasks.run_matching.app.conf.task_always_eager)))
    thread.start()
    thread.join()
    assert seen == [("devsite", True)]


def test_automatic_matching_once_enough_learners_joined(block_client, usage_id):
    block = WorkbenchRuntime("staff").get_block(usage_id)
    block.auto_match_min = 4
    block.save()
    for student, role in (("a1", "mentor"), ("b1", "mentee"), ("a2", "mentor")):
        join(block_client, student, role)
    assert not Pair.objects.exists()
    join(block_client, "b2", "mentee")
    assert Pair.objects.filter(source="automatic").count() == 2
    assert "Your partner" in block_client.view("b2")


def test_matching_handlers_are_staff_only(block_client, cohort):
    run, _body = run_matching(block_client)
    for handler, payload in (("start_matching", {}), ("matching_status", {}),
                             ("accept_matches", {"run_id": run.pk, "pairs": [f"{cohort['ana']}:{cohort['paul']}"]}),
                             ("adjust_matching", {"run_id": run.pk, "action": "lock", "mentor_id": cohort["ana"],
                                                  "mentee_id": cohort["paul"]})):
        status, body = block_client.post(handler, payload, "paul")
        assert status == 403 and body["error"]
    assert MatchRun.objects.count() == 1 and not Pair.objects.exists()


def test_ended_pairs_are_not_proposed_again_and_stale_proposals_are_marked(block_client, cohort):
    block_client.post("pair_participants", {"mentor_id": cohort["ana"], "mentee_id": cohort["paul"]}, "staff")
    pair = Pair.objects.get()
    block_client.post("end_pair", {"pair_id": pair.pk, "reason": "Did not work out."}, "staff")
    run, _body = run_matching(block_client)
    assert (cohort["ana"], cohort["paul"]) not in proposals(run)
    mentor, mentee = sorted(proposals(run))[0]
    block_client.post("pair_participants", {"mentor_id": mentor, "mentee_id": mentee}, "staff")
    page = block_client.view("staff")
    assert "No longer available: already paired" in page
    assert f'-decide-{mentor}-{mentee}"' not in page  # nothing to decide on a stale proposal


def test_a_failing_run_is_reported_not_raised(block_client, cohort):
    Participant.objects.filter(pk=cohort["paul"]).update(intake={"role": "mentee", "ratings": {"linkedin": 9}})
    run, body = run_matching(block_client)
    assert run.status == "failed" and run.error
    assert "The last matching run failed" in body["html"]


def test_accepting_the_included_proposals_leaves_out_and_skips(block_client, cohort):
    """Staff leave one proposal out; another was overtaken by a pairing by hand: the rest become pairs."""
    run, _body = run_matching(block_client)
    ana, paul, sam, helen = (cohort[name] for name in ("ana", "paul", "sam", "helen"))
    leave = {"run_id": run.pk, "mentor_id": ana, "mentee_id": paul, "left_out": True, "show": "", "page": 1}
    status, body = block_client.post("leave_out_proposal", leave, "staff")
    assert status == 200 and "1 proposal left out." in body["html"] and "Accept 2 pairs" in body["html"]
    assert left_out(run) == [(ana, paul)]
    assert block_client.post("leave_out_proposal", {**leave, "left_out": False}, "staff")[0] == 200
    assert left_out(run) == []
    block_client.post("leave_out_proposal", leave, "staff")
    yuki = join(block_client, "yuki", "mentee")
    block_client.post("pair_participants", {"mentor_id": cohort["li"], "mentee_id": yuki}, "staff")  # Li is full
    status, body = block_client.post("accept_matches", {"run_id": run.pk, "pairs": "included"}, "staff")
    assert status == 200 and body["message"] == (
        "1 pair created. 1 proposal was skipped: someone in it has been paired since the run.")
    assert set(Pair.objects.values_list("mentor_id", "mentee_id", "source")) == {
        (cohort["li"], yuki, "staff"), (sam, helen, "matching")}
    assert not Pair.objects.filter(mentor=ana, mentee=paul).exists()
    assert MatchRun.objects.get(pk=run.pk).status == "applied"
    assert block_client.post("leave_out_proposal", leave, "staff")[0] == 409  # the run is used


def test_leaving_out_refuses_what_is_not_a_proposal_and_writes_nothing(block_client, cohort):
    run, _body = run_matching(block_client)
    ana, helen = cohort["ana"], cohort["helen"]
    for payload, expected in (
            ({"run_id": run.pk, "mentor_id": ana, "mentee_id": helen, "left_out": True}, 404),
            ({"run_id": run.pk, "mentor_id": ana, "mentee_id": cohort["paul"], "left_out": "yes"}, 400),
            ({"run_id": run.pk, "mentor_id": ana, "mentee_id": cohort["paul"], "left_out": True, "colour": 1}, 400),
            ({"run_id": run.pk + 99, "mentor_id": ana, "mentee_id": cohort["paul"], "left_out": True}, 404),
            ({"run_id": run.pk, "mentor_id": ana, "mentee_id": cohort["paul"], "left_out": True, "page": 0}, 400)):
        status, body = block_client.post("leave_out_proposal", payload, "staff")
        assert status == expected and body["error"], payload
    assert left_out(run) == []
    assert block_client.post("leave_out_proposal", {"run_id": run.pk, "mentor_id": ana,
                                                    "mentee_id": cohort["paul"], "left_out": True}, "paul")[0] == 403


def test_everyone_left_out_means_nothing_to_accept(block_client, cohort):
    run, _body = run_matching(block_client)
    for mentor, mentee in proposals(run):
        block_client.post("leave_out_proposal", {"run_id": run.pk, "mentor_id": mentor, "mentee_id": mentee,
                                                 "left_out": True}, "staff")
    status, body = block_client.post("accept_matches", {"run_id": run.pk, "pairs": "included"}, "staff")
    assert status == 409 and "left out" in body["error"] and not Pair.objects.exists()
    assert "Accept 0 pairs" in block_client.view("staff")
