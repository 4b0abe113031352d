/*
 * Small repairs of mkdocs-material's own markup for assistive technology, applied to
 * whatever the theme adds, on any page (instant navigation included):
 * - the copy button of each code block sits in a <nav>, a navigation landmark per code
 *   block, all unnamed: it navigates nowhere, so it is no landmark.
 */
(function () {
  function repair() {
    var navs = document.querySelectorAll(".md-code__nav:not([role])");
    for (var i = 0; i < navs.length; i++) {
      navs[i].setAttribute("role", "none");
    }
  }
  repair();
  new MutationObserver(repair).observe(document.body, { childList: true, subtree: true });
})();
