// mkdocs-jupyter loads MathJax (about 680 KB compressed) on every notebook page, math or not.
// This guide's notebooks contain no math (tests/test_docs/test_notebooks_have_no_math.py holds
// them to that), so this stand-in answers the loader's calls and typesets nothing.
window.MathJax = {
  startup: { promise: Promise.resolve() },
  typesetPromise: async () => {},
  typesetClear: () => {},
  texReset: () => {},
};
