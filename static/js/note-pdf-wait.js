/* Waits on the review page for note PDFs still being prepared by the worker, and turns each
   into its download link once stored, without reloading the page (an addendum being typed
   is kept).

   The list carries data-status-url (notes:pdf_status, JSON); this script's data-ready is
   the link's words with %(number)s for the version. Polls every 2 s, then more slowly, and
   stops after about ten minutes: the page then says to refresh, as it does without
   JavaScript. */
(function () {
  "use strict";
  var list = document.getElementById("note-pdfs");
  var script = document.currentScript;
  if (!list || !script) { return; }
  var words = script.dataset.ready;
  var delay = 2000;
  var waited = 0;

  function show(version) {
    var item = list.querySelector('li[data-version="' + version.number + '"]');
    var pending = item && item.querySelector(".note-pdf-pending");
    if (!pending) { return; }
    var link = document.createElement("a");
    link.href = version.url;
    link.textContent = words.replace("%(number)s", String(version.number));
    var hint = pending.nextElementSibling;
    if (hint) { hint.remove(); }
    pending.replaceWith(link);
  }

  function poll() {
    fetch(list.dataset.statusUrl, {credentials: "same-origin", redirect: "manual",
                                   headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error("no answer"); }
        return response.json();
      })
      .then(function (state) {
        state.versions.forEach(function (version) { if (!version.pending) { show(version); } });
        if (state.pending) { later(); }
      })
      .catch(later);
  }

  function later() {
    waited += delay;
    if (waited > 600000) { return; }
    window.setTimeout(poll, delay);
    delay = Math.min(delay * 1.5, 15000);
  }

  window.setTimeout(poll, delay);
}());
