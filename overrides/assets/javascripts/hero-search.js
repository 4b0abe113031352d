/*
 * The home page's big search box is a button: it opens mkdocs-material's own search
 * (the one in the header) and puts the cursor in it. Listening on the document keeps
 * it working across instant navigation without mounting anything twice.
 */
document.addEventListener("click", function (event) {
  if (!(event.target instanceof Element) || !event.target.closest(".hc-hero__search")) {
    return;
  }
  event.preventDefault();
  var toggle = document.getElementById("__search");
  if (toggle instanceof HTMLInputElement && !toggle.checked) {
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
  }
  var query = document.querySelector("[data-md-component=search-query]");
  if (query instanceof HTMLElement) {
    query.focus();
  }
});
