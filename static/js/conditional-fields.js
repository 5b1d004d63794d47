// Show a block marked data-show-when="<field name>" data-show-values="a,b" only while that
// field holds one of the values; with several fields ("trauma;regions" and "minor,major;
// cervical"), only while each holds one of its own. A hidden block's inputs are disabled, so
// what is saved is what the page shows. Without JavaScript every block is simply shown.
(function () {
  "use strict";

  function controlsNamed(block, name) {
    var scope = block.closest("form") || document;
    return Array.prototype.filter.call(scope.querySelectorAll("[name]"), function (el) {
      return el.name === name;
    });
  }

  function namesOf(block) {
    return (block.getAttribute("data-show-when") || "").split(";").filter(Boolean);
  }

  function currentValues(controls) {
    var values = [];
    controls.forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) values.push(el.value);
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.selectedOptions || [], function (option) {
          values.push(option.value);
        });
      } else if (el.value) {
        values.push(el.value);
      }
    });
    return values;
  }

  function setShown(block, shown) {
    block.hidden = !shown;
    block.querySelectorAll("input, select, textarea").forEach(function (el) {
      el.disabled = !shown;
    });
  }

  function update(block) {
    var names = namesOf(block);
    var wantedLists = (block.getAttribute("data-show-values") || "").split(";");
    var shown = names.every(function (name, index) {
      var controls = controlsNamed(block, name);
      if (controls.length === 0) return true;  // not on this page: the server decided
      var wanted = (wantedLists[index] || "").split(",");
      return currentValues(controls).some(function (value) {
        return wanted.indexOf(value) !== -1;
      });
    });
    setShown(block, shown);
    // A block inside it follows its own condition again (showing re-enabled its inputs).
    if (shown) block.querySelectorAll("[data-show-when]").forEach(update);
  }

  function init() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll("[data-show-when]"));
    if (blocks.length === 0) return;
    blocks.forEach(function (block) {
      // A block holding an error message stays visible until its controlling field changes:
      // a hidden error could never be corrected.
      if (block.querySelector(".is-invalid, .invalid-feedback")) {
        setShown(block, true);
      } else {
        update(block);
      }
    });
    document.addEventListener("change", function (event) {
      var name = event.target && event.target.name;
      if (!name) return;
      blocks.forEach(function (block) {
        if (namesOf(block).indexOf(name) !== -1) update(block);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
