"""No recommendation lacks what the reader asked for: for every combination of answers, the
option the questionnaire puts first does every thing the reader ticked or implied, by the
comparison data (docs/decide/options.yml, whose cells cite the tests that show them). Where
no option could do it all, the recommendation says which need it gives up (a trade-off note),
and names no trade-off anywhere else.

The combinations that end in a trade-off are printed: see them with ``pytest -rP``.

What each answer asks of an option, and where the data says whether it does it:

- retries ticked: the ``retries`` cell's outcome is ``retried``;
- run later ticked: a ``scheduling`` cell other than "not shown";
- work that starts on a schedule: the option repeats work by itself, shown by the test the
  questionnaire names as ``recurring``, which must be one the ``scheduling`` cell cites;
- monitoring ticked: a ``monitoring`` cell other than "not shown";
- a task whose worker is killed must run again: the ``survives_worker_kill`` outcome is not
  ``lost``; where the cell states outcomes per variant (RQ without and with ``Retry``), the
  recommendation must carry the note that asks for the variant that is not lost;
- several servers: a ``scales_out`` cell other than "not shown", for an option whose workers
  are fed by a shared queue. Work that stays in the process that starts it runs on whichever
  server starts it, so it asks nothing of the others;
- what may be added: the option's services are among those the reader allowed (no new
  service, Redis, or a broker), and a database it requires is the reader's;
- work that must leave the process that starts it (the criteria page's rules: it must happen,
  needs retries, a later run or monitoring, runs for minutes, or computes in a request): an
  option that runs it elsewhere;
- and the option serves work that starts where the reader's starts.

Runners-up keep to the same answers: one named as a runner-up needs no service beyond those
the reader may add and no database other than the reader's, and serves work that starts
where the reader's does. One that needs more is listed apart, under a label that says what it
would take ("If you could add a Redis server").
"""

import pytest

from tools import comparison
from tools import questionnaire as decide

DATA = decide.load()
EVERY_COMBINATION = list(decide.every_combination(DATA))
ROWS = {row["id"]: row for row in comparison.load()["options"]}
# What the questionnaire may leave out of an answer, when it says so; never what the reader
# may add, where the work starts, or whether it leaves the process.
TRADABLE = {"retries", "schedule", "recurring", "monitoring", "survive_kill", "servers"}
ALLOWED_SERVICES = {
    "none": {"none"},
    "redis": {"none", "redis"},
    "broker": {"none", "redis", "broker"},
}


def must_leave_the_process(answers) -> bool:
    """docs/decide/criteria.md: any reason to use a queue wins. Written from the criteria and
    the tree's questions, not from the data's conditions."""
    if answers["start"] == "schedule":
        # No request or command holds it: something must start each run.
        return True
    reasons = answers["fail"] == "no" or bool(answers["needs"])
    if answers["start"] == "request":
        # Longer than a deploy's grace period; computing competes with the requests.
        reasons = (
            reasons or answers["duration"] != "seconds" or answers["bound"] == "cpu"
        )
    return reasons


def implied_needs(answers) -> set[str]:
    needs = set(answers["needs"]) | {"services", "start"}
    if answers["start"] == "schedule":
        needs.add("recurring")
    if answers.get("inflight") == "yes":
        needs.add("survive_kill")
    if answers["servers"] == "many":
        needs.add("servers")
    if must_leave_the_process(answers):
        needs.add("outside")
    return needs


def row(option_id: str) -> dict | None:
    compare = DATA["options"][option_id]["compare"]
    if compare is None:
        return None
    assert compare in ROWS, (
        f"{option_id}: options.yml has no row {compare!r} (yet); its cells decide its needs"
    )
    return ROWS[compare]


def cell(option_id: str, feature: str) -> dict | None:
    found = row(option_id)
    return None if found is None else found["cells"][feature]


def shown(option_id: str, feature: str) -> bool:
    found = cell(option_id, feature)
    return found is not None and found["value"] != comparison.NOT_SHOWN


def kill_outcomes(option_id: str) -> dict[str | None, str]:
    """The ``survives_worker_kill`` outcomes by variant (None: a single outcome)."""
    found = cell(option_id, "survives_worker_kill")
    if found is None or "outcome" not in found:
        return {None: "lost"}
    outcome = found["outcome"]
    return outcome if isinstance(outcome, dict) else {None: outcome}


def does(option_id: str, need: str, answers, notes=None) -> bool:
    """Whether the option does what the need asks. With ``notes`` (those a recommendation
    shows), an outcome that depends on a variant counts only when a note asks for that
    variant; without them, when any variant does it (could this option do it at all?)."""
    option = DATA["options"][option_id]
    if need == "retries":
        # A "not shown" cell states no outcome: nothing retries.
        return (cell(option_id, "retries") or {}).get("outcome") == "retried"
    if need in ("schedule", "monitoring"):
        return shown(option_id, {"schedule": "scheduling"}.get(need, need))
    if need == "recurring":
        scheduling = cell(option_id, "scheduling") or {}
        return option.get("recurring") in scheduling.get("evidence", [])
    if need == "survive_kill":
        outcomes = kill_outcomes(option_id)
        if notes is None or list(outcomes) == [None]:
            return any(outcome != "lost" for outcome in outcomes.values())
        asked_for = {
            note["shows"]["survives_worker_kill"]
            for note in notes
            if "survives_worker_kill" in note.get("shows", {})
        }
        return any(outcomes[variant] != "lost" for variant in asked_for)
    if need == "servers":
        return option["where"] != "worker" or shown(option_id, "scales_out")
    if need == "services":
        allowed = ALLOWED_SERVICES[answers.get("infra", "none")]
        return option["services"] in allowed and option.get("database") in (
            None,
            answers.get("database"),
        )
    if need == "start":
        return answers["start"] in option["starts"]
    if need == "outside":
        return option["where"] != "caller"
    raise AssertionError(f"unknown need {need!r}")


def lacking(option_id: str, answers, notes=None) -> set[str]:
    return {
        need
        for need in implied_needs(answers)
        if not does(option_id, need, answers, notes)
    }


def walk_every_combination():
    """Each combination with its recommendation, what it lacks, and the trade-offs it declares."""
    for answers in EVERY_COMBINATION:
        recommendation = decide.recommend(answers, DATA)
        declared = set().union(
            *(note["trade_off"] for note in recommendation.notes if "trade_off" in note)
        )
        yield (
            answers,
            recommendation,
            lacking(recommendation.option, answers, recommendation.notes),
            declared,
        )


WALKED = list(walk_every_combination())


def described(answers) -> str:
    return decide.query_string(answers, DATA)


def test_every_recommendation_does_what_was_asked_or_says_what_it_gives_up():
    unsaid = [
        (described(answers), recommendation.option, sorted(missing - declared))
        for answers, recommendation, missing, declared in WALKED
        if not missing <= declared
    ]
    assert not unsaid, (
        f"{len(unsaid)} recommendations lack an unsaid need: {unsaid[:5]}"
    )


def test_a_trade_off_is_named_only_for_what_the_option_lacks():
    overstated = [
        (described(answers), recommendation.option, sorted(declared - missing))
        for answers, recommendation, missing, declared in WALKED
        if not declared <= missing
    ]
    assert not overstated, (
        f"{len(overstated)} trade-offs claim a need the option meets: {overstated[:5]}"
    )


def test_only_a_need_no_option_could_meet_is_given_up():
    # Where some option does everything, the questionnaire must recommend one that does.
    candidates = [option for option in DATA["options"] if option != "thread"]
    avoidable = []
    for answers, recommendation, missing, _ in WALKED:
        if not missing:
            continue
        could = [option for option in candidates if not lacking(option, answers)]
        if could:
            avoidable.append((described(answers), recommendation.option, could))
    assert not avoidable, (
        f"{len(avoidable)} trade-offs another option avoids: {avoidable[:5]}"
    )


def test_what_the_reader_may_add_and_where_the_work_starts_are_never_traded():
    traded = [
        (described(answers), recommendation.option, sorted(missing - TRADABLE))
        for answers, recommendation, missing, _ in WALKED
        if missing - TRADABLE
    ]
    assert not traded, traded[:5]


def test_the_combinations_ending_in_a_trade_off_are_listed():
    ending = [
        (recommendation.option, sorted(missing), described(answers))
        for answers, recommendation, missing, _ in WALKED
        if missing
    ]
    by_option: dict[tuple[str, tuple[str, ...]], int] = {}
    for option, missing, _ in ending:
        by_option[(option, tuple(missing))] = (
            by_option.get((option, tuple(missing)), 0) + 1
        )
    print(f"{len(ending)} of {len(WALKED)} combinations end in a stated trade-off:")
    for (option, missing), count in sorted(by_option.items()):
        print(f"  {count:5} {option}: gives up {', '.join(missing)}")
    for option, missing, query in ending:
        print(f"    ?{query}  ->  {option} without {', '.join(missing)}")
    # Every trade-off note of the data is reached by some combination.
    reached = {
        id(note)
        for _, recommendation, _, _ in WALKED
        for note in recommendation.notes
        if "trade_off" in note
    }
    unreached = [
        note["when"]
        for note in DATA["notes"]
        if "trade_off" in note and id(note) not in reached
    ]
    assert not unreached, f"trade-off notes no combination shows: {unreached}"
    assert ending, "no combination ends in a trade-off: the list above would be empty"


@pytest.mark.parametrize("option_id", sorted(DATA["options"]))
def test_what_an_option_may_need_agrees_with_its_comparison_row(option_id):
    option = DATA["options"][option_id]
    found = row(option_id)
    if found is None:
        # Not in the comparison (the inline loop): then it claims nothing.
        assert option["services"] == "none" and "recurring" not in option
        return
    assert found["page"] == option["href"].split("#")[0], (
        "the questionnaire and the comparison link different pages"
    )
    also_runs = found["cells"]["extra_services"]["value"]
    expected = (
        "broker"
        if "RabbitMQ" in also_runs
        else "redis"
        if "Redis" in also_runs
        else "none"
    )
    assert option["services"] == expected, also_runs
    assert (option.get("database") == "postgresql") == ("PostgreSQL" in also_runs)
    if "recurring" in option:
        assert option["recurring"] in found["cells"]["scheduling"]["evidence"]


@pytest.mark.parametrize(
    "note",
    [note for note in DATA["notes"] if "shows" in note],
    ids=lambda note: "+".join(note["for"]),
)
def test_a_note_asking_for_a_variant_names_one_that_is_not_lost(note):
    for option_id in note["for"]:
        outcomes = kill_outcomes(option_id)
        variant = note["shows"]["survives_worker_kill"]
        assert variant in outcomes and outcomes[variant] != "lost", (option_id, variant)


# How a label or a runner-up's own words name what it needs.
NAMED = {
    "redis": ("Redis",),
    "broker": ("Redis", "RabbitMQ"),
    "postgresql": ("PostgreSQL",),
}


def ruled_out(option_id: str, answers) -> set[str]:
    """What the option needs that the answers rule out, by the table above, not the data's."""
    option = DATA["options"][option_id]
    out = set()
    if (
        "infra" in answers
        and option["services"] not in ALLOWED_SERVICES[answers["infra"]]
    ):
        out.add(option["services"])
    if option.get("database") not in (
        None,
        answers.get("database", option.get("database")),
    ):
        out.add(option["database"])
    return out


def names(text: str, need: str) -> bool:
    return all(word in text for word in NAMED[need])


def test_no_runner_up_needs_what_the_answers_rule_out_unless_labelled_so():
    wrong = []
    for answers, recommendation, _, _ in WALKED:
        for option_id, why in recommendation.runners_up:
            option = DATA["options"][option_id]
            if ruled_out(option_id, answers):
                wrong.append(
                    (described(answers), option_id, "needs what was ruled out")
                )
            # A need the answers did not ask about (no "what may you add" question for work
            # that stays in its process, no database question once Redis is allowed) is
            # said in the runner-up's own words.
            for need in (option["services"], option.get("database")):
                if need in NAMED and not names(why, need):
                    if need == option.get("database") and "database" not in answers:
                        wrong.append((described(answers), option_id, f"{need} unsaid"))
                    if need == option["services"] and "infra" not in answers:
                        wrong.append((described(answers), option_id, f"{need} unsaid"))
            if answers["start"] not in option["starts"]:
                wrong.append((described(answers), option_id, "serves other work"))
        for option_id, _, label in recommendation.if_you_could:
            out = ruled_out(option_id, answers)
            if not out:
                wrong.append((described(answers), option_id, "labelled, yet fits"))
            if not label.startswith("If ") or not all(names(label, n) for n in out):
                wrong.append((described(answers), option_id, f"label {label!r}"))
            if answers["start"] not in DATA["options"][option_id]["starts"]:
                wrong.append((described(answers), option_id, "serves other work"))
    assert not wrong, f"{len(wrong)} runners-up ignore the answers: {wrong[:5]}"


@pytest.mark.parametrize(
    ("answers", "apart"),
    [
        # PostgreSQL, no Redis or RabbitMQ: RQ only as "if you could add a Redis server".
        (
            {
                "start": "request",
                "fail": "no",
                "inflight": "yes",
                "needs": frozenset({"retries"}),
                "duration": "seconds",
                "bound": "io",
                "transaction": "yes",
                "servers": "one",
                "infra": "none",
                "database": "postgresql",
                "volume": "ordinary",
            },
            {"rq": "If you could add a Redis server"},
        ),
        # SQLite, no new service, a nightly job: Procrastinate, RQ and Celery apart.
        (
            {
                "start": "schedule",
                "fail": "no",
                "inflight": "no",
                "needs": frozenset(),
                "servers": "one",
                "infra": "none",
                "database": "other",
                "volume": "ordinary",
            },
            {
                "procrastinate": "If your project's database were PostgreSQL",
                "rq": "If you could add a Redis server",
                "celery": "If you could run a full task system on Redis or RabbitMQ",
            },
        ),
    ],
    ids=["postgresql-no-new-service", "sqlite-no-new-service-schedule"],
)
def test_the_readers_examples_list_what_needs_more_apart(answers, apart):
    recommendation = decide.recommend(answers, DATA)
    assert {option for option, _, _ in recommendation.if_you_could} == set(apart)
    for option, _, label in recommendation.if_you_could:
        assert label == apart[option]
    assert not {option for option, _ in recommendation.runners_up} & set(apart)


def test_schedule_retries_sqlite_one_server_and_no_new_service_gets_huey():
    # Huey's periodic tasks (options.yml cites its recurring test): no trade-off left here.
    answers = {
        "start": "schedule",
        "fail": "yes",
        "needs": frozenset({"retries"}),
        "servers": "one",
        "infra": "none",
        "database": "other",
        "volume": "ordinary",
    }
    recommendation = decide.recommend(answers, DATA)
    assert recommendation.option == "huey"
    assert not recommendation.trade_offs
    assert not lacking("huey", answers, recommendation.notes)
