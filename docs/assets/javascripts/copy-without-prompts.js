// The copy button of a ```pycon block should give code a reader can paste into
// a file: no ">>> " or "... " prompts, no output. Material copies the text of
// the nearest [data-copy] attribute when there is one, so we precompute it.
// document$ emits on every page, including pages reached by instant navigation.
document$.subscribe(() => {
  for (const code of document.querySelectorAll(".language-pycon pre > code")) {
    const statements = code.textContent
      .split("\n")
      .filter((line) => /^(>>>|\.\.\.)( |$)/.test(line))
      .map((line) => line.slice(4));
    code.setAttribute("data-copy", statements.join("\n"));
  }
});
