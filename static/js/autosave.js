/* Keeps what is typed into a step as a server-side draft while the user types, and asks
   before the page is left with input the server does not hold yet.

   The step form carries data-autosave-url. A change is posted (with the CSRF token) about
   1.5 s after the last keystroke; the answer's words ("Draft saved 10:42", or why not) go to
   the form's live status region. Leaving the page asks first only while some input is not
   kept anywhere (waiting to be sent, on its way, or refused): once a draft is saved, leaving
   loses nothing, and the step page restores it on return from any device. Submitting the form
   never asks. Without JavaScript the plain Save buttons work as before. */
(function () {
  "use strict";
  var DELAY = 1500;
  var form = document.querySelector("form[data-autosave-url]");
  if (!form) { return; }
  var status = document.getElementById("autosave-status");
  var url = form.dataset.autosaveUrl;
  var timer = null;
  var sending = false;
  var unsent = false;   /* typed since the last draft the server confirmed */
  var leaving = false;  /* a form of this page was submitted: its page replaces this one */
  var signedOut = false;

  function say(text, problem) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("text-danger", !!problem);
  }

  function csrfToken() {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function answered(response) {
    if (response.type === "opaqueredirect" || response.status === 401) {
      /* The session ended: the post that found it ended was kept as a draft before the
         server signed the user out; anything typed after that is not kept. */
      unsent = signedOut;
      signedOut = true;
      say(form.dataset.signedOut, true);
      return null;
    }
    var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
    if (!json) { throw new Error("no answer"); }
    return response.json();
  }

  function send() {
    timer = null;
    if (leaving) { return; }
    if (sending) { timer = window.setTimeout(send, DELAY); return; }
    sending = true;
    unsent = false;
    fetch(url, {method: "POST", body: new FormData(form), credentials: "same-origin",
                redirect: "manual",
                headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}})
      .then(answered)
      .then(function (state) {
        if (!state) { return; }
        if (state.saved) {
          say(state.status, false);
        } else {
          unsent = true;
          say(state.message, true);
        }
      })
      .catch(function () {
        unsent = true;
        say(form.dataset.failed, true);
      })
      .then(function () { sending = false; });
  }

  function typedSomething() {
    unsent = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(send, DELAY);
  }

  form.addEventListener("input", typedSomething);
  form.addEventListener("change", typedSomething);
  document.querySelectorAll("form").forEach(function (each) {
    /* The step form saves what is typed; the discard form drops it on purpose. */
    if (each === form || each.hasAttribute("data-leaves-page")) {
      each.addEventListener("submit", function () {
        leaving = true;
        window.clearTimeout(timer);
      });
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (leaving || !(unsent || sending || timer)) { return; }
    event.preventDefault();
    event.returnValue = "";  /* older browsers ask only when a value is set */
  });
}());
