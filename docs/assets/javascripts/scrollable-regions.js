// A box that scrolls sideways must be reachable with the keyboard, or the part it hides
// cannot be read without a mouse (axe-core's rule "scrollable-region-focusable").
// Material's code blocks already take the focus; its table wrappers and mkdocs-jupyter's
// code cells do not, so each one that overflows gets a place in the tab order.
(() => {
  "use strict";

  const SCROLLERS = ".md-typeset__scrollwrap, .jupyter-wrapper .highlight-ipynb";

  function makeScrollersFocusable() {
    for (const box of document.querySelectorAll(SCROLLERS)) {
      const overflows = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
      if (overflows && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    }
  }

  // document$ emits on the first load and after every instant navigation.
  document$.subscribe(makeScrollersFocusable);
  window.addEventListener("resize", makeScrollersFocusable);
})();
