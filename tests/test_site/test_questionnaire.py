"""The questionnaire page in a real Chromium: its JavaScript decides and counts the questions
left as the Python walk does, answers live in the address, keyboard alone is enough, a question
or an answer the answers leave out is greyed and skipped, bad addresses are shrugged off with a
note, it fits a 360 px screen, and it starts after Material's instant navigation. While the
questions scroll past, a summary line at the bottom of the window shows the recommendation as
it stands; the flowchart below is drawn at a legible size in a box that scrolls sideways. Its
questions are HTML in the built page: without JavaScript every question and every option's
reasons are there, and the page does not move when the script starts. (The focus outlines are
tests/test_site/test_focus.py's.)"""

import json
import re

import pytest

from tools import questionnaire as decide

pytestmark = pytest.mark.browser

DATA = decide.load()
PATH = "decide/questionnaire/"
RESULT = "#questionnaire-result"
SUMMARY = "#questionnaire .tq-summary"
# Answers that walk eight questions deep (to Huey) and add the on_commit note to the reasons.
CLICKED = {
    "start": "request",
    "fail": "no",
    "inflight": "no",
    "needs": frozenset({"retries"}),
    "duration": "seconds",
    "bound": "io",
    "transaction": "yes",
    "servers": "one",
    "infra": "none",
    "database": "other",
    "volume": "ordinary",
}


def address_query(page) -> str:
    """The query of the address bar, read in the page: ``page.url`` follows a
    ``history.replaceState`` only once Playwright has heard of it, which may be later."""
    return page.evaluate("location.search.replace(/^\\?/, '')")


def ready(page):
    page.locator("#questionnaire[data-state='ready']").wait_for(timeout=10_000)


def as_json(answers) -> dict:
    return {
        key: sorted(value) if isinstance(value, frozenset) else value
        for key, value in answers.items()
    }


def recommendation(page) -> str | None:
    return page.locator(RESULT).get_attribute("data-recommendation")


def skipped(page, question_id) -> bool:
    """Whether the script has disabled the question: greyed, and skipped by Tab."""
    return page.locator(f"#tq-{question_id}").evaluate("fieldset => fieldset.disabled")


def click_answers(page, answers):
    for question in DATA["questions"]:
        if question["id"] not in answers:
            continue
        for answer in (
            sorted(answers[question["id"]])
            if question["type"] == "multiple"
            else [answers[question["id"]]]
        ):
            page.locator(f"label[for='tq-{question['id']}-{answer}']").click()


def test_javascript_and_python_agree_on_every_combination(site_url, page):
    page.goto(site_url + PATH)
    ready(page)
    combinations = list(decide.every_combination(DATA))
    # Many combinations share an answer: the page sends each distinct one once, plus an index per combination.
    distinct, indexes = page.evaluate(
        """async (combinations) => {
            const questionnaire = window.threadOrQueueQuestionnaire;
            const source = document.getElementById("questionnaire").dataset.source;
            const data = await questionnaire.loadData(new URL(source, location.href).href);
            const distinct = [];
            const seen = new Map();
            const indexes = combinations.map((answers) => {
                const result = questionnaire.decide(data, answers);
                const key = JSON.stringify([result.option, result.reasons.map((reason) => reason.text),
                                            result.tradeOffs.map((tradeOff) => tradeOff.text),
                                            result.runnersUp.map((runner) => runner.option),
                                            result.ifYouCould.map((runner) => [runner.option, runner.condition])]);
                if (!seen.has(key)) { seen.set(key, distinct.length); distinct.push(key); }
                return seen.get(key);
            });
            return [distinct, indexes];
        }""",
        [as_json(answers) for answers in combinations],
    )
    from_javascript = [json.loads(distinct[index]) for index in indexes]
    from_python = []
    for answers in combinations:
        result = decide.recommend(answers, DATA)
        from_python.append(
            [
                result.option,
                [reason.text for reason in result.reasons],
                [trade_off.text for trade_off in result.trade_offs],
                [option for option, _ in result.runners_up],
                [[option, condition] for option, _, condition in result.if_you_could],
            ]
        )
    assert len(from_javascript) == len(from_python) == 5528
    disagreements = [
        (a, js, py)
        for a, js, py in zip(combinations, from_javascript, from_python, strict=True)
        if js != py
    ]
    assert not disagreements, f"{len(disagreements)} disagree, e.g. {disagreements[:2]}"


def partial_answers():
    """Answers as a reader has them halfway: every first few answers of a spread of
    combinations, and a few with a later question answered before an earlier one."""
    combinations = list(decide.every_combination(DATA))
    for answers in combinations[::97]:
        given = list(answers.items())
        for length in range(len(given) + 1):
            yield dict(given[:length])
        yield {key: value for key, value in given if key not in ("start", "needs")}
    yield {"needs": frozenset({"schedule"}), "start": "schedule"}


def test_javascript_and_python_count_the_same_questions_left(site_url, page):
    page.goto(site_url + PATH)
    ready(page)
    partial = list(partial_answers())
    counted = page.evaluate(
        """async (partial) => {
            const questionnaire = window.threadOrQueueQuestionnaire;
            const source = document.getElementById("questionnaire").dataset.source;
            const data = await questionnaire.loadData(new URL(source, location.href).href);
            return partial.map((answers) => {
                // As the form reads them: the checkboxes always hold a list.
                const read = {needs: [], ...answers};
                const {states, kept} = questionnaire.questionStates(data, read);
                return [questionnaire.missing(data, kept).map((question) => question.id), states];
            });
        }""",
        [as_json(answers) for answers in partial],
    )
    for answers, (left, states) in zip(partial, counted, strict=True):
        python_states, _ = decide.question_states(DATA, answers)
        assert left == decide.unanswered(DATA, answers), answers
        assert states == python_states, answers


def test_click_through_then_reload_and_share_the_address(site_url, page):
    expected = decide.recommend(CLICKED, DATA)
    page.goto(site_url + PATH)
    ready(page)
    assert recommendation(page) is None
    # Twelve questions are shown and none is answered: the checkboxes count too.
    assert "Answer 12 more questions" in page.locator(RESULT).inner_text()
    page.locator("label[for='tq-start-request']").click()
    page.locator("label[for='tq-fail-yes']").click()
    # Whether a killed task must run again is no longer asked; the checkboxes still count.
    assert "Answer 9 more questions" in page.locator(RESULT).inner_text()
    page.locator("label[for='tq-duration-seconds']").click()
    # Passed with nothing ticked: the checkboxes are answered, and so is the duration.
    assert "Answer 7 more questions" in page.locator(RESULT).inner_text()
    page.get_by_role("button", name="Start again").click()
    page.locator(RESULT, has_text="Answer 12 more questions").wait_for()
    click_answers(page, CLICKED)
    assert recommendation(page) == expected.option == "huey"
    assert address_query(page) == decide.query_string(CLICKED, DATA)
    result_text = page.locator(RESULT).inner_text()
    assert expected.label in result_text and "transaction.on_commit" in result_text
    # Each link in the result leads to a page of the site.
    for href in page.locator(f"{RESULT} a:not(.tq-share)").evaluate_all(
        "links => links.map(a => a.href)"
    ):
        assert page.request.get(href).status == 200, href

    page.reload()
    ready(page)
    assert recommendation(page) == expected.option
    assert (
        page.locator("#tq-needs-retries").is_checked()
        and page.locator("#tq-fail-no").is_checked()
    )

    shared_address = page.locator(".tq-share").get_attribute("href")
    assert shared_address == page.evaluate("location.href")
    colleague = page.context.new_page()
    colleague.goto(shared_address)
    ready(colleague)
    assert recommendation(colleague) == expected.option


def test_keyboard_alone_answers_every_question_and_starts_again(site_url, page):
    page.goto(site_url + PATH)
    ready(page)
    for _ in range(60):
        if page.evaluate("document.activeElement.id") == "tq-start-request":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the first answer")
    # Arrow keys move within a radio group and select; Space selects or ticks; Tab moves on,
    # past the questions these answers leave out (here: whether the views are async).
    for keys in [
        ["Space"],  # start: in a request
        ["ArrowDown"],  # fail: no
        ["Space"],  # inflight, asked now: no
        ["Space", "Tab", "Tab", "Space"],  # needs: retries, monitoring
        ["ArrowDown"],  # duration: minutes
        ["Space"],  # bound: waiting
        ["ArrowDown"],  # transaction: yes
        ["ArrowDown"],  # servers: more than one
        ["Space"],  # infra: no new service
        ["ArrowDown"],  # database: another one
        ["Space"],  # volume: ordinary
    ]:
        for key in keys:
            page.keyboard.press(key)
        page.keyboard.press("Tab")
    answers = {
        "start": "request",
        "fail": "no",
        "inflight": "no",
        "needs": frozenset({"retries", "monitoring"}),
        "duration": "minutes",
        "bound": "io",
        "transaction": "yes",
        "servers": "many",
        "infra": "none",
        "database": "other",
        "volume": "ordinary",
    }
    assert address_query(page) == decide.query_string(answers, DATA)
    expected = decide.recommend(answers, DATA)
    assert recommendation(page) == expected.option == "django_tasks"
    # No option does it all here: the result says so before anything else.
    assert expected.trade_offs
    assert (
        page.locator(f"{RESULT} .tq-trade-off")
        .inner_text()
        .startswith("No option does everything you asked.")
    )
    assert skipped(page, "style")
    assert page.evaluate("document.activeElement.type") == "reset"
    page.keyboard.press("Enter")
    page.locator(f"{RESULT}:not([data-recommendation])").wait_for()
    assert address_query(page) == ""
    assert not skipped(page, "style")


def test_a_question_the_answers_leave_out_is_disabled_and_dropped_from_the_address(
    site_url, page
):
    page.goto(site_url + PATH)
    ready(page)
    view_questions = ["duration", "transaction", "style"]
    for question in view_questions:
        assert not skipped(page, question)
    page.locator("label[for='tq-start-request']").click()
    page.locator("label[for='tq-duration-hours']").click()
    assert "duration=hours" in address_query(page)
    # Work a schedule starts is not asked about views, and what was answered leaves the address.
    page.locator("label[for='tq-start-schedule']").click()
    for question in view_questions:
        assert skipped(page, question), question
    assert address_query(page) == "start=schedule"
    # "Run later" changes nothing for work a schedule starts: disabled, saying when it is asked,
    # and a tick it had is kept in the form but not in the address.
    run_later = page.locator("#tq-needs-schedule")
    assert run_later.is_disabled()
    assert page.locator("#tq-needs-schedule-when").inner_text() == next(
        answer["asked_when"]
        for question in DATA["questions"]
        for answer in question["answers"]
        if "asked_when" in answer
    )
    assert run_later.get_attribute("aria-describedby") == "tq-needs-schedule-when"
    page.locator("label[for='tq-start-request']").click()
    assert run_later.is_enabled()
    page.locator("label[for='tq-needs-schedule']").click()
    assert "needs=schedule" in address_query(page)
    page.locator("label[for='tq-start-schedule']").click()
    assert run_later.is_disabled() and run_later.is_checked()
    assert address_query(page) == "start=schedule"
    # Whether a killed task must run again is asked of work that must happen only.
    assert not skipped(page, "inflight")
    page.locator("label[for='tq-fail-yes']").click()
    assert skipped(page, "inflight")
    answers = {
        "start": "schedule",
        "fail": "yes",
        "needs": frozenset(),
        "servers": "many",
        "infra": "none",
        "database": "other",
        "volume": "ordinary",
    }
    click_answers(page, answers)
    assert recommendation(page) == decide.recommend(answers, DATA).option == "cron"
    assert address_query(page) == decide.query_string(answers, DATA)


def test_unknown_and_malformed_parameters_are_ignored_with_a_visible_note(
    site_url, page
):
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(
        site_url
        + PATH
        + "?fail=maybe&colour=blue&needs=retries,teleport&inflight=yes&h=search&%E0%A4%A=1"
    )
    ready(page)
    note = page.locator(".tq-note")
    assert note.is_visible()
    for ignored in (
        "“maybe” is not an answer to “fail”",
        "“colour” is not a question",
        "“teleport”",
    ):
        assert ignored in note.inner_text()
    assert "search" not in note.inner_text(), (
        "Material's own ?h= parameter is not the reader's mistake"
    )
    assert (
        page.locator("#tq-inflight-yes").is_checked()
        and page.locator("#tq-needs-retries").is_checked()
    )
    assert not page.locator("input[name='fail']:checked").count()
    left = decide.pending(DATA, {"inflight": "yes", "needs": frozenset({"retries"})})
    assert left == "Answer 9 more questions to see a recommendation."
    assert recommendation(page) is None and left in page.locator(RESULT).inner_text()
    assert not errors
    # The next answer rewrites the address with known answers only, and the note goes.
    page.locator("label[for='tq-fail-no']").click()
    assert address_query(page) == "fail=no&inflight=yes&needs=retries"
    assert note.is_hidden()


def test_fits_a_360_px_wide_screen(browser, site_url):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(site_url + PATH + "?" + decide.query_string(CLICKED, DATA))
        ready(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for box in page.locator(
            "#questionnaire fieldset, #questionnaire-result, #questionnaire .tq-summary"
        ).evaluate_all(
            "nodes => nodes.map(node => node.getBoundingClientRect().right)"
        ):
            assert box <= 360
        page.locator("label[for='tq-servers-many']").tap()
        assert recommendation(page) == "django_tasks"
        page.locator("label[for='tq-servers-one']").tap()
        assert recommendation(page) == "huey"
    finally:
        context.close()


def serve_sitemap_for_this_server(page, built_site, site_url):
    """Material navigates instantly only to pages its sitemap lists, keeping the sitemap's port.

    The sitemap names the configured site_url (127.0.0.1:8000, where `make serve` listens);
    this test's server listens on a free port instead, so the sitemap is given its address.
    """
    configured = re.search(
        r"<loc>(.*?)</loc>", (built_site / "sitemap.xml").read_text()
    )[1]
    sitemap = (built_site / "sitemap.xml").read_text().replace(configured, site_url)
    page.route(
        "**/sitemap.xml",
        lambda route: route.fulfill(body=sitemap, content_type="application/xml"),
    )


def test_works_after_instant_navigation_and_back(built_site, site_url, page):
    serve_sitemap_for_this_server(page, built_site, site_url)
    # Material takes over links once it has read the sitemap: wait for the network to settle.
    page.goto(site_url, wait_until="networkidle")
    page.evaluate("window.stillTheFirstDocument = true")
    page.locator(".md-nav--primary a", has_text="Which one should I use?").first.click()
    page.wait_for_url("**/" + PATH)
    ready(page)
    assert page.evaluate("window.stillTheFirstDocument") is True, (
        "the click reloaded the page: not instant"
    )
    click_answers(page, CLICKED)
    assert recommendation(page) == "huey"

    page.locator(".md-nav--primary a", has_text="The criteria").first.click()
    page.wait_for_url("**/decide/criteria/")
    page.go_back()
    page.wait_for_url("**/" + PATH + "?*")
    ready(page)
    assert recommendation(page) == "huey"
    assert page.evaluate("window.stillTheFirstDocument") is True


def recommended_options() -> list[str]:
    """The options the decision tree can end on."""
    return decide.leaves(DATA)


def as_shown(text: str) -> str:
    """A data text as the page shows it: `code` in Markdown loses its backticks."""
    return text.replace("`", "")


def test_without_javascript_every_question_and_every_reason_is_on_the_page(
    browser, site_url
):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + PATH)
        assert page.evaluate("1 + 1") == 2  # Playwright's own evaluation still runs
        assert page.locator("#questionnaire").get_attribute("data-state") is None
        # The form is in the HTML: every question with every answer, ready to be read.
        for number, question in enumerate(DATA["questions"], start=1):
            legend = page.locator("#questionnaire legend", has_text=question["legend"])
            assert legend.inner_text() == f"{number}. {question['legend']}"
            if "asked" in question:
                # When it is asked, said under the question: nothing greys it out here.
                when = page.locator(f"#tq-{question['id']}-when")
                assert when.is_visible() and when.inner_text() == question["asked_when"]
                assert not skipped(page, question["id"])
            for answer in question["answers"]:
                label = page.locator(f"label[for='tq-{question['id']}-{answer['id']}']")
                assert label.is_visible() and label.inner_text() == answer["label"]
                if "asked" in answer:
                    # An answer offered after some answers says when, under its label.
                    when = page.locator(f"#tq-{question['id']}-{answer['id']}-when")
                    assert when.is_visible()
                    assert when.inner_text() == answer["asked_when"]
        # It says how to decide without the script: the flowchart, then the options below it.
        note = page.locator(
            "#questionnaire noscript p, #questionnaire p", has_text="Without JavaScript"
        )
        assert note.first.is_visible()
        assert (
            page.locator(SUMMARY).evaluate("line => getComputedStyle(line).visibility")
            == "hidden"
        )
        assert page.locator(".diagram__light svg").first.is_visible()
        # Every option the flowchart ends on, with each of its reasons and runners-up.
        text = page.locator("article").inner_text()
        for option_id in recommended_options():
            option = DATA["options"][option_id]
            assert page.locator(
                f"article a[href='{decide_href(option['href'])}']",
                has_text=option["label"],
            ).count(), option_id
            for reason in option["reasons"]:
                assert as_shown(reason) in text, (option_id, reason)
            for runner in option["runners_up"]:
                assert as_shown(runner["why"]) in text, (option_id, runner)
        for note in DATA["notes"]:
            if "trade_off" in note:
                names = ", ".join(
                    DATA["options"][option]["label"] for option in note["for"]
                )
                shown = f"{note['when']} ({names}): {as_shown(note['text'])}"
            else:
                shown = f"{note['when']}: {as_shown(note['text'])}"
            assert shown in text, note["when"]
            for source in note.get("sources", []):
                assert page.locator(
                    f"article a[href='{source['url']}']", has_text=source["title"]
                ).count(), source
    finally:
        context.close()


def decide_href(href: str) -> str:
    """A data href (relative to docs/decide/) as the built page links it: a page, or a
    measurement notebook (.py)."""
    path, _, anchor = href.partition("#")
    if path.endswith("index.md"):
        built = "../" + path.removesuffix("index.md")
    else:
        built = "../" + path.removesuffix(".md").removesuffix(".py") + "/"
    return built + (f"#{anchor}" if anchor else "")


# The sum of the layout shifts Chromium recorded since the page began, as Lighthouse counts
# them (input-driven ones left out); each with the elements that moved.
LAYOUT_SHIFTS = """async () => {
    const shifts = [];
    const observer = new PerformanceObserver((list) => shifts.push(...list.getEntries()));
    observer.observe({type: "layout-shift", buffered: true});
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    shifts.push(...observer.takeRecords());
    observer.disconnect();
    const counted = shifts.filter((shift) => !shift.hadRecentInput);
    return {
        score: counted.reduce((sum, shift) => sum + shift.value, 0),
        moved: counted.flatMap((shift) => shift.sources.map((source) =>
            `${shift.value.toFixed(3)} ${source.node ? source.node.nodeName + "." + source.node.className : "?"}`)),
    };
}"""
# Where the form stands once the HTML is parsed, before the script has its data.
FORM_AT_PARSE = """document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("#questionnaire form");
    window.formAtParse = form ? form.getBoundingClientRect().toJSON() : null;
});"""


@pytest.mark.parametrize(
    ("viewport", "query"),
    [
        ({"width": 1280, "height": 800}, ""),
        ({"width": 360, "height": 740}, ""),
        ({"width": 360, "height": 740}, "?" + decide.query_string(CLICKED, DATA)),
    ],
    ids=["desktop", "phone", "phone-with-answers"],
)
def test_the_page_does_not_shift_when_the_script_starts(
    browser, site_url, viewport, query
):
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 400)
    try:
        page = context.new_page()
        page.add_init_script(FORM_AT_PARSE)
        page.goto(site_url + PATH + query)
        ready(page)
        at_parse = page.evaluate("window.formAtParse")
        assert at_parse is not None, "no form in the page's HTML"
        now = page.locator("#questionnaire form").evaluate(
            "form => form.getBoundingClientRect().toJSON()"
        )
        assert (at_parse["top"], at_parse["height"]) == (now["top"], now["height"])
        shifts = page.evaluate(LAYOUT_SHIFTS)
        assert shifts["score"] < 0.05, shifts
    finally:
        context.close()


def summary_box(page) -> dict:
    return page.locator(SUMMARY).evaluate(
        "line => line.getBoundingClientRect().toJSON()"
    )


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 360, "height": 740}],
    ids=["desktop", "phone"],
)
def test_the_recommendation_as_it_stands_shows_at_the_bottom_of_the_window(
    browser, site_url, viewport
):
    # The reader's report: the result stood some 2000 px below the first question, so "it
    # updates as you go" could not be seen.
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 400)
    try:
        page = context.new_page()
        page.goto(site_url + PATH)
        ready(page)
        page.locator("#tq-start").scroll_into_view_if_needed()
        line = page.locator(SUMMARY)
        heights = set()

        def in_window() -> None:
            box = summary_box(page)
            heights.add(round(box["height"], 1))
            assert line.is_visible()
            assert 0 <= box["top"] and box["bottom"] <= viewport["height"], box
            result_top = page.locator(RESULT).evaluate(
                "result => result.getBoundingClientRect().top"
            )
            assert result_top > viewport["height"], "the result itself is in view"

        in_window()
        assert line.inner_text() == decide.summary(DATA, {})
        click_answers(page, CLICKED)
        page.locator("#tq-start").scroll_into_view_if_needed()
        in_window()
        assert line.inner_text() == decide.summary(DATA, CLICKED)
        assert "Huey" in line.inner_text()
        # A trade-off is said in the line too, and the text changes within the same height.
        page.locator("label[for='tq-inflight-yes']").click()
        page.locator("#tq-start").scroll_into_view_if_needed()
        in_window()
        with_trade_off = dict(CLICKED, inflight="yes")
        assert decide.recommend(with_trade_off, DATA).trade_offs
        assert line.inner_text() == decide.summary(DATA, with_trade_off)
        assert len(heights) == 1, heights
        # Its link goes down to the full answer, past the questions, where the line rests.
        line.get_by_role("link", name="See why").click()
        page.wait_for_function(
            "document.querySelector('#questionnaire-result').getBoundingClientRect().top"
            f" < {viewport['height']}"
        )
        assert page.evaluate("location.hash") == "#questionnaire-result"
        result_top = page.locator(RESULT).evaluate(
            "result => result.getBoundingClientRect().top"
        )
        assert summary_box(page)["bottom"] <= result_top
    finally:
        context.close()


def test_the_flowchart_is_drawn_at_a_legible_size_in_a_box_that_scrolls_sideways(
    site_url, page
):
    # The reader's report: scaled to a third of its size, its labels were 5 px high.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + PATH)
    ready(page)
    box = page.locator("article .diagram__drawing--wide")
    assert box.count() == 1
    assert (
        box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    )
    assert "decision tree" in box.get_attribute("aria-label")
    drawn = box.evaluate(
        """box => {
            const svg = [...box.querySelectorAll("svg")].find((svg) => svg.getClientRects().length);
            const first = svg.querySelector("g.node");
            const label = first.getBoundingClientRect();
            const font = [...svg.querySelectorAll(".nodeLabel")].map((node) => node.getBoundingClientRect().height);
            return {
                scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
                scrolls: box.scrollWidth > box.clientWidth,
                box: box.getBoundingClientRect().toJSON(),
                first: label.toJSON(),
                lineHeights: font,
            };
        }"""
    )
    assert drawn["scale"] >= 0.75 - 1e-3, drawn["scale"]
    assert drawn["scrolls"]
    # The box starts at the tree's first question, near the middle of the drawing.
    assert drawn["box"]["left"] <= drawn["first"]["left"]
    assert drawn["first"]["right"] <= drawn["box"]["right"]
    # Each label line is at least 12 px high as shown (16 px text at three quarters).
    assert min(drawn["lineHeights"]) >= 12, drawn["lineHeights"]
    # The keyboard scrolls it too.
    before = box.evaluate("box => box.scrollLeft")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        f"document.querySelector('article .diagram__drawing--wide').scrollLeft > {before}"
    )
