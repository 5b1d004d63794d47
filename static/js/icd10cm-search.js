// The assessment step's "other ICD-10-CM codes": as the physician types a code or words after
// the last comma, the full code set is searched on the server and the matches are offered in
// the input's datalist ("M51.16 Intervertebral disc disorders ..."). Choosing one completes
// the list typed so far. Without JavaScript the codes are simply typed and checked on saving.
(function () {
  "use strict";

  function init(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-icd10cm-url");
    if (!list || !url) return;
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var parts = input.value.split(/[,;]/);
        var term = parts.pop().trim();
        var kept = parts.map(function (part) { return part.trim(); }).filter(Boolean);
        if (term.length < 2) return;
        fetch(url + "?q=" + encodeURIComponent(term), {credentials: "same-origin",
                                                       headers: {"Accept": "application/json"}})
          .then(function (response) { return response.ok ? response.json() : {results: []}; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (result) {
              var option = document.createElement("option");
              option.value = kept.concat([result.code]).join(", ");
              option.label = result.code + " " + result.description;
              list.appendChild(option);
            });
          })
          .catch(function () { list.replaceChildren(); });
      }, 250);
    });
  }

  function start() {
    document.querySelectorAll("input[data-icd10cm-search]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
