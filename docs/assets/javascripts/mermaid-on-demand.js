// Material draws ```mermaid blocks with the global `mermaid`, and fetches Mermaid from a
// CDN when that global is missing. This stand-in keeps the CDN out of it and loads the
// site's own copy (about 1 MB compressed) only when a page has a diagram to draw, so pages
// without one never download it. Material calls initialize() once, then render() per diagram.
(() => {
  const source = new URL("../vendor/mermaid/mermaid.min.js", document.currentScript.src).href;
  let options = {};
  let loaded = null;

  function loadMermaid() {
    loaded ||= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = source;
      // The real library replaces this stand-in as window.mermaid when it runs.
      script.onload = () => {
        window.mermaid.initialize(options);
        resolve(window.mermaid);
      };
      script.onerror = () => reject(new Error(`could not load ${source}`));
      document.head.append(script);
    });
    return loaded;
  }

  window.mermaid = {
    initialize(given) {
      options = given;
    },
    async render(id, text) {
      const mermaid = await loadMermaid();
      return mermaid.render(id, text);
    },
  };
})();
