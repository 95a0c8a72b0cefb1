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

  // The condition language is described in the data file's "about".
  function holds(data, condition, answers) {
    const [[kind, argument]] = Object.entries(condition);
    switch (kind) {
      case "is": return argument[1].includes(answers[argument[0]]);
      case "has": return answers[argument[0]].some((answer) => argument[1].includes(answer));
      case "any": return argument.some((part) => holds(data, part, answers));
      case "all": return argument.every((part) => holds(data, part, answers));
      case "not": return !holds(data, argument, answers);
      case "ref": return holds(data, data.conditions[argument], answers);
      default: throw new Error(`unknown condition ${kind} in questionnaire.json`);
    }
  }

  // answers: {questionId: "answer"} for single choices, {questionId: ["answer", ...]} for multiple ones.
  function decide(data, answers) {
    let node = data.decision;
    while (!("leaf" in node)) node = holds(data, node.if, answers) ? node.yes : node.no;
    const option = data.options[node.leaf];
    const notes = data.notes.filter((note) => holds(data, note.if, answers));
    return {
      option: node.leaf,
      label: option.label,
      href: option.href,
      reasons: option.reasons.map((text) => ({ text, href: null }))
        .concat(notes.map((note) => ({ text: note.text, href: note.href || null }))),
      runnersUp: option.runners_up.map((runner) => ({ ...runner, label: data.options[runner.option].label,
                                                       href: data.options[runner.option].href })),
    };
  }

  function isMultiple(question) { return question.type === "multiple"; }

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
      if (isMultiple(question)) {
        const ordered = question.answers.map((answer) => answer.id).filter((id) => given.includes(id));
        if (ordered.length) parameters.push(`${question.id}=${ordered.join(",")}`);
      } else if (given !== undefined) {
        parameters.push(`${question.id}=${encodeURIComponent(given)}`);
      }
    }
    return parameters.join("&");
  }

  function missing(data, answers) {
    return data.questions.filter((question) => !isMultiple(question) && answers[question.id] === undefined);
  }

  // Data hrefs are written like links on docs/decide/questionnaire.md; the built
  // page lives one folder deeper (decide/questionnaire/), as MkDocs makes it.
  function siteHref(href) {
    const [path, anchor] = href.split("#");
    const built = path.endsWith("index.md") ? path.slice(0, -"index.md".length) : path.replace(/\.md$/, "/");
    return "../" + built + (anchor ? "#" + anchor : "");
  }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  function link(text, href) { return element("a", { href: siteHref(href) }, text); }

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
    const reasons = element("ul", {}, ...recommendation.reasons.map((reason) =>
      element("li", {}, reason.text, ...(reason.href ? [" ", link("Read how.", reason.href)] : []))));
    const runnersUp = element("ul", {}, ...recommendation.runnersUp.map((runner) =>
      element("li", { "data-option": runner.option }, link(runner.label, runner.href), `: ${runner.why}`)));
    result.replaceChildren(
      element("h2", { id: "tq-recommendation" }, "Use: ", link(recommendation.label, recommendation.href)),
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
    showNote(note, ignored);
    showResult(data, result, answers);

    const update = () => {
      const current = readForm(data, form);
      const query = toQuery(data, current);
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      showNote(note, []);
      showResult(data, result, current);
    };
    form.addEventListener("change", update);
    // "reset" fires before the inputs are cleared.
    form.addEventListener("reset", () => setTimeout(update));
    root.dataset.state = "ready";
  }

  // Exposed for the browser tests, which compare it with the Python decision.
  window.threadOrQueueQuestionnaire = { decide, parseQuery, toQuery, loadData };

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
