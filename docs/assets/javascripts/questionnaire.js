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
  // whatever comes next) or "open" (an unanswered question could still decide it). The
  // answers that count are those to questions not skipped.
  function questionStates(data, answers) {
    const states = {};
    const kept = {};
    for (const question of data.questions) {
      let state = "asked";
      if (question.asked) {
        const known = settled(data, question.asked, kept, states);
        state = known === null ? "open" : known ? "asked" : "skipped";
      }
      states[question.id] = state;
      if (state !== "skipped" && answers[question.id] !== undefined) kept[question.id] = answers[question.id];
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

  // answers: {questionId: "answer"} for single choices, {questionId: ["answer", ...]} for multiple ones.
  function decide(data, answers) {
    const leaf = walk(data, answers);
    const option = data.options[leaf];
    const notes = data.notes.filter((note) => (!note.for || note.for.includes(leaf))
                                             && (!note.if || holds(data, note.if, answers)));
    return {
      option: leaf,
      label: option.label,
      href: option.href,
      reasons: option.reasons.map((text) => ({ text, href: null, sources: [] }))
        .concat(notes.filter((note) => !note.trade_off).map(asLink)),
      tradeOffs: notes.filter((note) => note.trade_off).map(asLink),
      runnersUp: option.runners_up.map((runner) => ({ ...runner, label: data.options[runner.option].label,
                                                       href: data.options[runner.option].href })),
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

  function missing(data, answers) {
    const { states, kept } = questionStates(data, answers);
    return data.questions.filter((question) => !isMultiple(question) && kept[question.id] === undefined
                                               && states[question.id] !== "skipped");
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

  // A question the answers leave out is disabled: greyed, skipped by Tab, its answer kept in
  // the form (not in the address) for when it is asked again. Nothing moves.
  function markSkipped(data, form, answers) {
    const { states } = questionStates(data, answers);
    for (const question of data.questions) {
      const fieldset = form.querySelector(`#tq-${question.id}`);
      if (fieldset) fieldset.disabled = states[question.id] === "skipped";
    }
  }

  function showResult(data, result, answers) {
    const left = missing(data, answers);
    if (left.length) {
      result.removeAttribute("data-recommendation");
      result.replaceChildren(element("p", {},
        `Answer ${left.length} more question${left.length === 1 ? "" : "s"} to see a recommendation.`));
      return;
    }
    const recommendation = decide(data, answers);
    result.setAttribute("data-recommendation", recommendation.option);
    const reasons = element("ul", {}, ...recommendation.reasons.map((reason) => element("li", {}, ...reasonParts(reason))));
    const runnersUp = element("ul", {}, ...recommendation.runnersUp.map((runner) =>
      element("li", { "data-option": runner.option }, link(runner.label, runner.href), `: ${runner.why}`)));
    const tradeOffs = recommendation.tradeOffs.length ? [element("div", { class: "tq-trade-off" },
      element("p", {}, element("strong", {}, "No option does everything you asked."), " This one gives up:"),
      element("ul", {}, ...recommendation.tradeOffs.map((tradeOff) => element("li", {}, ...reasonParts(tradeOff)))))] : [];
    result.replaceChildren(
      element("h2", { id: "tq-recommendation" }, "Use: ", link(recommendation.label, recommendation.href)),
      ...tradeOffs,
      element("p", {}, "Why:"), reasons,
      element("p", {}, "Runners-up:"), runnersUp,
      element("p", {}, "This page's address now holds your answers: ",
              element("a", { href: location.href, class: "tq-share" }, "bookmark or share it"), "."));
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
    const data = await loadData(new URL(root.dataset.source, location.href).href);
    const { answers, ignored } = parseQuery(data, location.search);
    fillForm(data, form, answers);
    const asked = questionStates(data, answers).kept;
    markSkipped(data, form, asked);
    showNote(note, ignored);
    showResult(data, result, asked);

    const update = () => {
      const current = questionStates(data, readForm(data, form)).kept;
      const query = toQuery(data, current);
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      markSkipped(data, form, current);
      showNote(note, []);
      showResult(data, result, current);
    };
    form.addEventListener("change", update);
    // "reset" fires before the inputs are cleared.
    form.addEventListener("reset", () => setTimeout(update));
    root.dataset.state = "ready";
  }

  // Exposed for the browser tests, which compare it with the Python decision.
  window.threadOrQueueQuestionnaire = { decide, parseQuery, toQuery, loadData, questionStates };

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
