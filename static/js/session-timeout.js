/* Warns before the idle sign-out and offers "Stay signed in".
   The status check is a background request: the server never counts it as activity, so an
   open page cannot keep a session alive on its own. */
(function () {
  "use strict";
  var body = document.body;
  var statusUrl = body.dataset.sessionStatus;
  var keepaliveUrl = body.dataset.sessionKeepalive;
  var banner = document.getElementById("session-warning");
  if (!statusUrl || !keepaliveUrl || !banner) { return; }
  var minutes = document.getElementById("session-minutes");
  var stay = document.getElementById("session-stay");
  var timer = null;

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function schedule(seconds) {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, Math.max(5, Math.min(seconds, 60)) * 1000);
  }

  function show(state) {
    if (!state.signed_in || state.seconds_left <= 0) {
      window.location.reload();  /* the server sends the user to sign in, draft kept */
      return;
    }
    var warn = state.seconds_left <= (state.warn_before || 120);
    banner.hidden = !warn;
    if (warn) {
      var left = Math.max(1, Math.ceil(state.seconds_left / 60));
      /* The words come from the page, translated: data-one-minute, data-minutes ("{n} minutes"). */
      minutes.textContent = left === 1 ? (banner.dataset.oneMinute || "1 minute")
        : (banner.dataset.minutes || "{n} minutes").replace("{n}", String(left));
    }
    schedule(warn ? 10 : state.seconds_left - (state.warn_before || 120));
  }

  function check() {
    fetch(statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(show)
      .catch(function () { schedule(60); });
  }

  stay.addEventListener("click", function () {
    fetch(keepaliveUrl, {method: "POST", credentials: "same-origin",
                         headers: {"X-CSRFToken": csrfToken()}})
      .then(function (response) { return response.json(); })
      .then(function (state) { banner.hidden = true; show(state); })
      .catch(function () { schedule(30); });
  });
  check();
}());
