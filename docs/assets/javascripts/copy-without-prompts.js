// The copy button of a ```pycon block should give code a reader can paste into
// a file or into Python's shell: no ">>> " or "... " prompts, no output, and a
// blank line after each statement that ran over several lines (a "for" loop),
// which the shell needs to know the statement has ended. Material copies the
// text of the nearest [data-copy] attribute when there is one, so we precompute
// it. document$ emits on every page, including pages reached by instant navigation.
document$.subscribe(() => {
  for (const code of document.querySelectorAll(".language-pycon pre > code")) {
    const copied = [];
    let continued = false;
    for (const line of code.textContent.split("\n")) {
      if (/^>>>( |$)/.test(line)) {
        if (continued) copied.push("");
        continued = false;
        copied.push(line.slice(4));
      } else if (/^\.\.\.( |$)/.test(line)) {
        continued = true;
        copied.push(line.slice(4));
      }
    }
    if (continued) copied.push("");
    code.setAttribute("data-copy", copied.join("\n"));
  }
});
