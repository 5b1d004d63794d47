// Fewer clicks on the step pages, each leaving ordinary inputs the user can still change:
// - a [data-quick-answers] button ("All negative", "Normal neurological examination") fills
//   the questions it lists that are still unanswered, never overwriting an answer given;
// - a digit typed on a focused radio group inside [data-digit-answers] chooses that answer;
// - "Add another study" adds a blank study form, so several studies are saved at once.
// Without JavaScript a quick-answer button submits the step and the server fills the answers.
(function () {
  "use strict";

  var UNANSWERED = ["", "unknown"];

  function inputsNamed(form, name) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name === name && !el.disabled && !el.closest("[hidden]");
    });
  }

  function changed(el) {
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // Sets one question to `value` if it is unanswered; true when it did.
  function answer(form, name, value) {
    var inputs = inputsNamed(form, name);
    if (inputs.length === 0) return false;
    var first = inputs[0];
    if (first.tagName === "SELECT") {
      if (UNANSWERED.indexOf(first.value) === -1) return false;
      first.value = value;
      changed(first);
      return true;
    }
    if (first.type === "checkbox") {
      if (inputs.some(function (el) { return el.checked; })) return false;
      return check(inputs, value);
    }
    if (first.type === "radio") {
      var chosen = inputs.filter(function (el) { return el.checked; })[0];
      if (chosen && UNANSWERED.indexOf(chosen.value) === -1) return false;
      return check(inputs, value);
    }
    if (first.value !== "") return false;
    first.value = value;
    changed(first);
    return true;
  }

  function check(inputs, value) {
    var target = inputs.filter(function (el) { return el.value === value; })[0];
    if (!target) return false;
    target.checked = true;
    changed(target);
    return true;
  }

  function quickAnswers(button) {
    var form = button.closest("form");
    var answers = JSON.parse(button.getAttribute("data-quick-answers"));
    var count = 0;
    // In page order: a follow-up question hidden by its answer is then left alone.
    Object.keys(answers).forEach(function (name) {
      if (answer(form, name, answers[name])) count += 1;
    });
    var status = button.parentNode.querySelector("[role=status]");
    var template = button.getAttribute(count === 0 ? "data-said-none"
      : count === 1 ? "data-said-one" : "data-said-many");
    status.textContent = template.replace("%(count)s", String(count));
    status.classList.remove("visually-hidden");
  }

  function digitAnswer(event) {
    var el = event.target;
    if (!/^[0-9]$/.test(event.key) || event.ctrlKey || event.altKey || event.metaKey) return;
    if (el.type !== "radio" || !el.closest("[data-digit-answers]")) return;
    var target = inputsNamed(el.form, el.name).filter(function (radio) {
      return radio.value === event.key;
    })[0];
    event.preventDefault();
    if (!target) return;
    target.checked = true;
    target.focus();
    changed(target);
  }

  function addStudyButton() {
    var total = document.querySelector("input[name=studies-TOTAL_FORMS]");
    var forms = document.querySelectorAll(".study-form");
    var button = document.querySelector("[data-add-study]");
    if (!total || !button || forms.length === 0) return;
    forms[forms.length - 1].after(button);
    button.hidden = false;
    button.addEventListener("click", function () {
      var all = document.querySelectorAll(".study-form");
      var last = all[all.length - 1];
      var index = parseInt(total.value, 10);
      var copy = last.cloneNode(true);
      var previous = new RegExp("studies-\\d+-", "g");
      copy.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
          var old = el.getAttribute(attribute);
          if (old) el.setAttribute(attribute, old.replace(previous, "studies-" + index + "-"));
        });
      });
      copy.querySelectorAll("[id^=div_id_studies-]").forEach(function (el) {
        el.id = el.id.replace(/studies-\d+-/, "studies-" + index + "-");
      });
      copy.querySelectorAll("input, select, textarea").forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") el.checked = false;
        else if (el.type !== "hidden") el.value = "";
        el.classList.remove("is-invalid");
      });
      copy.querySelectorAll(".invalid-feedback").forEach(function (el) { el.remove(); });
      last.after(copy);
      total.value = String(index + 1);
      var first = copy.querySelector("select, input:not([type=hidden])");
      if (first) first.focus();
    });
  }

  function init() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-quick-answers]");
      if (!button) return;
      event.preventDefault();  // filled here, at once, and saved with the step
      quickAnswers(button);
    });
    document.addEventListener("keydown", digitAnswer);
    addStudyButton();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
