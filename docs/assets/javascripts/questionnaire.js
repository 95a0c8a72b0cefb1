// The "Which one should I use?" questionnaire (docs/decide/questionnaire.md). The questions
// are HTML in the page, written from the data at build time; this script answers them.
// Everything it asks and decides comes from docs/decide/questionnaire.json, the
// same file tools/questionnaire.py reads, so the two cannot drift apart
// without tests/test_site/test_questionnaire.py noticing.
// Answers live in the query string, so a recommendation can be shared and reloaded.
(() => {
  "use strict";

  // Parameters other tools put in our URL: Material's search adds ?h=<term>.
  const FOREIGN_PARAMETERS = new Set(["h"]);
  const loaded = new Map();

  function loadData(url) {
    if (!loaded.has(url)) {
      loaded.set(url, fetch(url).then((response) => {
        if (!response.ok) throw new Error(`questionnaire data: HTTP ${response.status} for ${url}`);
        return response.json();
      }).catch((error) => {
        loaded.delete(url);  // so the next visit to the page tries again
        throw error;
      }));
    }
    return loaded.get(url);
  }

  // The condition language is described in the data file's "about". A question without an
  // answer matches no "is" and no "has".
  function holds(data, condition, answers) {
    const [[kind, argument]] = Object.entries(condition);
    switch (kind) {
      case "is": return answers[argument[0]] !== undefined && argument[1].includes(answers[argument[0]]);
      case "has": return (answers[argument[0]] ?? []).some((answer) => argument[1].includes(answer));
      case "any": return argument.some((part) => holds(data, part, answers));
      case "all": return argument.every((part) => holds(data, part, answers));
      case "not": return !holds(data, argument, answers);
      case "ref": return holds(data, data.conditions[argument], answers);
      default: throw new Error(`unknown condition ${kind} in questionnaire.json`);
    }
  }

  function isMultiple(question) { return question.type === "multiple"; }

  // A condition as far as the answers so far settle it: true, false, or null while an
  // unanswered question could still turn it. A skipped question, or a multiple choice, counts
  // as answered.
  function settled(data, condition, answers, states) {
    const [[kind, argument]] = Object.entries(condition);
    switch (kind) {
      case "is": case "has": {
        const question = data.questions.find((candidate) => candidate.id === argument[0]);
        const known = answers[argument[0]] !== undefined || isMultiple(question) || states[argument[0]] === "skipped";
        return known ? holds(data, condition, answers) : null;
      }
      case "any": case "all": {
        const parts = argument.map((part) => settled(data, part, answers, states));
        const decisive = kind === "any";
        if (parts.includes(decisive)) return decisive;
        return parts.includes(null) ? null : !decisive;
      }
      case "not": {
        const inner = settled(data, argument, answers, states);
        return inner === null ? null : !inner;
      }
      case "ref": return settled(data, data.conditions[argument], answers, states);
      default: throw new Error(`unknown condition ${kind} in questionnaire.json`);
    }
  }

  // Where each question stands while the reader answers (tools/questionnaire.py,
  // question_states): "asked", "skipped" (the answers so far make its "asked" condition fail,
  // whatever comes next) or "open" (an unanswered question could still decide it); so does
  // each answer with an "asked" condition of its own, under "question:answer". The answers
  // that count are those to questions not skipped, without the answers skipped.
  function questionStates(data, answers) {
    const states = {};
    const kept = {};
    const stateOf = (part) => {
      if (!part.asked) return "asked";
      const known = settled(data, part.asked, kept, states);
      return known === null ? "open" : known ? "asked" : "skipped";
    };
    for (const question of data.questions) {
      states[question.id] = stateOf(question);
      const skippedAnswers = [];
      for (const answer of question.answers) {
        if (!answer.asked) continue;
        states[`${question.id}:${answer.id}`] = stateOf(answer);
        if (states[`${question.id}:${answer.id}`] === "skipped") skippedAnswers.push(answer.id);
      }
      const given = answers[question.id];
      if (states[question.id] === "skipped" || given === undefined) continue;
      if (isMultiple(question)) kept[question.id] = given.filter((id) => !skippedAnswers.includes(id));
      else if (!skippedAnswers.includes(given)) kept[question.id] = given;
    }
    return { states, kept };
  }

  function walk(data, answers) {
    let node = data.decision;
    while (!("leaf" in node)) {
      node = "goto" in node ? data.subtrees[node.goto].node
        : holds(data, node.if, answers) ? node.yes : node.no;
    }
    return node.leaf;
  }

  function asLink(note) {
    return { text: note.text, href: note.href || null, sources: note.sources || [] };
  }

  // What an option needs that the answers rule out (tools/questionnaire.py,
  // unmet_requirements): a service the "what may you add" answer does not allow, a database
  // other than the reader's. A question not asked rules out nothing.
  function unmetRequirements(data, optionId, answers) {
    const option = data.options[optionId];
    const unmet = [];
    for (const question of data.questions) {
      const given = answers[question.id];
      if (given === undefined || isMultiple(question)) continue;
      const answer = question.answers.find((candidate) => candidate.id === given);
      if (answer.allows && !answer.allows.includes(option.services)) unmet.push(option.services);
      if (answer.database && option.database && option.database !== answer.database) unmet.push(option.database);
    }
    return unmet;
  }

  // answers: {questionId: "answer"} for single choices, {questionId: ["answer", ...]} for multiple ones.
  function decide(data, answers) {
    const leaf = walk(data, answers);
    const option = data.options[leaf];
    const notes = data.notes.filter((note) => (!note.for || note.for.includes(leaf))
                                             && (!note.if || holds(data, note.if, answers)));
    const runners = option.runners_up
      .filter((runner) => !runner.if || holds(data, runner.if, answers))
      .map((runner) => ({ ...runner, label: data.options[runner.option].label, href: data.options[runner.option].href,
                          unmet: unmetRequirements(data, runner.option, answers) }));
    return {
      option: leaf,
      label: option.label,
      href: option.href,
      reasons: option.reasons.map((text) => ({ text, href: null, sources: [] }))
        .concat(notes.filter((note) => !note.trade_off).map(asLink)),
      tradeOffs: notes.filter((note) => note.trade_off).map(asLink),
      runnersUp: runners.filter((runner) => !runner.unmet.length),
      // Runners-up that need what the answers rule out, each under what it would take.
      ifYouCould: runners.filter((runner) => runner.unmet.length).map((runner) => (
        { ...runner, condition: runner.unmet.map((need) => data.requirements[need].if).join(" and ") })),
      short: option.short,
    };
  }

  // Unknown questions and answers are dropped, and each drop is described for the reader.
  function parseQuery(data, search) {
    const answers = {};
    const ignored = [];
    const questions = new Map(data.questions.map((question) => [question.id, question]));
    for (const question of data.questions) if (isMultiple(question)) answers[question.id] = [];
    for (const [key, value] of new URLSearchParams(search)) {
      const question = questions.get(key);
      if (FOREIGN_PARAMETERS.has(key)) continue;
      if (!question) { ignored.push(`“${key}” is not a question here`); continue; }
      const allowed = question.answers.map((answer) => answer.id);
      if (isMultiple(question)) {
        for (const part of value.split(",").filter(Boolean)) {
          if (!allowed.includes(part)) ignored.push(`“${part}” is not an answer to “${key}”`);
          else if (!answers[key].includes(part)) answers[key].push(part);
        }
      } else if (!allowed.includes(value)) {
        ignored.push(`“${value}” is not an answer to “${key}”`);
      } else {
        answers[key] = value;
      }
    }
    return { answers, ignored };
  }

  function toQuery(data, answers) {
    const parameters = [];
    for (const question of data.questions) {
      const given = answers[question.id];
      if (given === undefined) continue;
      if (isMultiple(question)) {
        const ordered = question.answers.map((answer) => answer.id).filter((id) => given.includes(id));
        if (ordered.length) parameters.push(`${question.id}=${ordered.join(",")}`);
      } else {
        parameters.push(`${question.id}=${encodeURIComponent(given)}`);
      }
    }
    return parameters.join("&");
  }

  // The questions still to answer (tools/questionnaire.py, unanswered): those not skipped and
  // not answered. A multiple choice counts as answered once something in it is ticked or a
  // question after it is answered: ticking nothing is a choice made by moving on.
  function missing(data, answers) {
    const { states, kept } = questionStates(data, answers);
    // A multiple choice is answered here by a tick; with none, only by being passed.
    const answered = (question) => isMultiple(question) ? (kept[question.id] ?? []).length > 0
                                                        : kept[question.id] !== undefined;
    return data.questions.filter((question, index) => {
      if (states[question.id] === "skipped" || answered(question)) return false;
      return !isMultiple(question) || !data.questions.slice(index + 1).some(answered);
    });
  }

  function pendingText(left) {
    return `Answer ${left} more question${left === 1 ? "" : "s"} to see a recommendation.`;
  }

  // Data hrefs are written like links on docs/decide/questionnaire.md; the built
  // page lives one folder deeper (decide/questionnaire/), as MkDocs makes it. A page is a
  // Markdown file, or a notebook of docs/measurements/ (.py).
  function siteHref(href) {
    const [path, anchor] = href.split("#");
    const built = path.endsWith("index.md") ? path.slice(0, -"index.md".length) : path.replace(/\.(md|py)$/, "/");
    return "../" + built + (anchor ? "#" + anchor : "");
  }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  function link(text, href) { return element("a", { href: siteHref(href) }, text); }

  // A reason's text, its "Read how." link to a page of the site, and the official documents it rests on.
  function reasonParts(reason) {
    const parts = [reason.text];
    if (reason.href) parts.push(" ", link("Read how.", reason.href));
    reason.sources.forEach((source, index) => {
      parts.push(index ? ", " : " Sources: ", element("a", { href: source.url }, source.title));
    });
    if (reason.sources.length) parts.push(".");
    return parts;
  }

  // Every answer ticked in the form, whether its question is asked or not: the caller keeps the asked ones.
  function readForm(data, form) {
    const answers = {};
    for (const question of data.questions) {
      const checked = [...form.querySelectorAll(`input[name="${question.id}"]:checked`)].map((input) => input.value);
      if (isMultiple(question)) answers[question.id] = checked;
      else if (checked.length) answers[question.id] = checked[0];
    }
    return answers;
  }

  function fillForm(data, form, answers) {
    for (const question of data.questions) {
      const given = [].concat(answers[question.id] ?? []);
      for (const input of form.querySelectorAll(`input[name="${question.id}"]`)) input.checked = given.includes(input.value);
    }
  }

  // A question or an answer the answers leave out is disabled: greyed, skipped by Tab, its
  // answer kept in the form (not in the address) for when it is asked again. Nothing moves.
  function markSkipped(data, form, answers) {
    const { states } = questionStates(data, answers);
    for (const question of data.questions) {
      const fieldset = form.querySelector(`#tq-${question.id}`);
      if (fieldset) fieldset.disabled = states[question.id] === "skipped";
      for (const answer of question.answers) {
        const input = form.querySelector(`#tq-${question.id}-${answer.id}`);
        if (input && answer.asked) input.disabled = states[`${question.id}:${answer.id}`] === "skipped";
      }
    }
  }

  // The summary line at the bottom of the window: how many questions are left, or the option
  // recommended and a link down to why (tools/questionnaire.py, summary).
  function showSummary(summary, left, recommendation) {
    // One <span>, as the page holds it: the line is a flex box (tools/questionnaire.py, form).
    if (left.length) {
      summary.replaceChildren(element("span", {}, pendingText(left.length)));
      return;
    }
    summary.replaceChildren(element("span", {},
      "Recommended: ", element("strong", {}, recommendation.short),
      recommendation.tradeOffs.length ? ", with a trade-off. " : ". ",
      element("a", { href: "#questionnaire-result" }, "See why")));
  }

  function showResult(data, result, summary, answers) {
    const left = missing(data, answers);
    if (left.length) {
      result.removeAttribute("data-recommendation");
      result.replaceChildren(element("p", {}, pendingText(left.length)));
      showSummary(summary, left, null);
      return;
    }
    const recommendation = decide(data, answers);
    result.setAttribute("data-recommendation", recommendation.option);
    const reasons = element("ul", {}, ...recommendation.reasons.map((reason) => element("li", {}, ...reasonParts(reason))));
    const runnersUp = recommendation.runnersUp.length ? [element("p", {}, "Runners-up:"),
      element("ul", { class: "tq-runners-up" }, ...recommendation.runnersUp.map((runner) =>
        element("li", { "data-option": runner.option }, link(runner.label, runner.href), `: ${runner.why}`)))] : [];
    // Apart, each under what it would take: the answers rule out what these need.
    const ifYouCould = recommendation.ifYouCould.length ? [element("p", {}, "Beyond what your answers allow:"),
      element("ul", { class: "tq-if-you-could" }, ...recommendation.ifYouCould.map((runner) =>
        element("li", { "data-option": runner.option }, element("strong", {}, `${runner.condition}:`), " ",
                link(runner.label, runner.href), `: ${runner.why}`)))] : [];
    const tradeOffs = recommendation.tradeOffs.length ? [element("div", { class: "tq-trade-off" },
      element("p", {}, element("strong", {}, "No option does everything you asked."), " This one gives up:"),
      element("ul", {}, ...recommendation.tradeOffs.map((tradeOff) => element("li", {}, ...reasonParts(tradeOff)))))] : [];
    result.replaceChildren(
      element("h2", { id: "tq-recommendation" }, "Use: ", link(recommendation.label, recommendation.href)),
      ...tradeOffs,
      element("p", {}, "Why:"), reasons,
      ...runnersUp,
      ...ifYouCould,
      element("p", {}, "This page's address now holds your answers: ",
              element("a", { href: location.href, class: "tq-share" }, "bookmark or share it"), "."));
    showSummary(summary, left, recommendation);
  }

  function showNote(note, ignored) {
    note.hidden = ignored.length === 0;
    note.textContent = ignored.length ? `Ignored from the address: ${ignored.join("; ")}.` : "";
  }

  // The page holds the form, the note and the result, written at build time from the same data
  // (tools/questionnaire.py, form()): the script fills them in and answers, and adds nothing
  // around them, so the page does not move when it starts.
  function part(root, selector) {
    const found = root.querySelector(selector);
    if (!found) throw new Error(`the page has no ${selector} in #questionnaire`);
    return found;
  }

  async function start(root) {
    root.dataset.state = "loading";
    const form = part(root, "form.tq-form");
    const note = part(root, ".tq-note");
    const result = part(root, "#questionnaire-result");
    const summary = part(root, ".tq-summary");
    const data = await loadData(new URL(root.dataset.source, location.href).href);
    const { answers, ignored } = parseQuery(data, location.search);
    fillForm(data, form, answers);
    const asked = questionStates(data, answers).kept;
    markSkipped(data, form, asked);
    showNote(note, ignored);
    showResult(data, result, summary, asked);
    showFlowchartRoot();

    const update = () => {
      const current = questionStates(data, readForm(data, form)).kept;
      const query = toQuery(data, current);
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      markSkipped(data, form, current);
      showNote(note, []);
      showResult(data, result, summary, current);
    };
    form.addEventListener("change", update);
    // "reset" fires before the inputs are cleared.
    form.addEventListener("reset", () => setTimeout(update));
    root.dataset.state = "ready";
  }

  // The flowchart is drawn wider than the page at a size its labels can be read at, in a box
  // that scrolls sideways (tools/diagrams.py); its first question sits near the middle of
  // the drawing, so the box starts there. Scrolling inside a box moves nothing on the page.
  function showFlowchartRoot() {
    const box = document.querySelector("article .diagram__drawing--wide");
    if (box) box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;
  }

  // Exposed for the browser tests, which compare it with the Python decision.
  window.threadOrQueueQuestionnaire = { decide, parseQuery, toQuery, loadData, questionStates, missing };

  // document$ emits on the first load and after every instant navigation.
  document$.subscribe(() => {
    const root = document.getElementById("questionnaire");
    if (root && !root.dataset.state) {
      start(root).catch((error) => {
        root.dataset.state = "failed";
        root.prepend(element("p", { role: "alert" },
          `The questionnaire could not start (${error.message}). The flowchart below makes the same decision.`));
        console.error(error);
      });
    }
  });
})();
