/* Moves an export job's progress bar until the job ends, then offers the download.
   Without this script the page shows the state when it was loaded and a Refresh link. */
(function () {
  "use strict";
  var section = document.getElementById("export-job");
  if (!section || !section.dataset.statusUrl) { return; }
  var state = document.getElementById("job-state");
  var done = document.getElementById("rows-done");
  var total = document.getElementById("rows-total");
  var percent = document.getElementById("rows-percent");
  var bar = document.getElementById("job-progress");
  var error = document.getElementById("job-error");
  var download = document.getElementById("job-download");
  var refresh = document.getElementById("job-refresh");
  var delay = 1000;

  function show(job) {
    state.textContent = job.state_label;
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    /* The sentence was translated by the server: only its numbers change. */
    done.textContent = job.done.toLocaleString();
    total.textContent = job.total.toLocaleString();
    percent.textContent = job.percent;
    if (job.error) {
      error.textContent = job.error;
      error.hidden = false;
    }
    if (job.download_url) {
      download.href = job.download_url;
      download.hidden = false;
    }
  }

  function finished(job) {
    return job.state === "done" || job.state === "failed" || job.state === "expired";
  }

  function check() {
    fetch(section.dataset.statusUrl, {credentials: "same-origin",
                                      headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (job) {
        show(job);
        if (finished(job)) {
          if (refresh) { refresh.hidden = true; }
          return;
        }
        /* Quick at first, then no more than every ten seconds for a long export. */
        delay = Math.min(delay * 1.5, 10000);
        window.setTimeout(check, delay);
      })
      .catch(function () {
        /* Signed out or offline: the Refresh link still works. */
      });
  }

  window.setTimeout(check, delay);
})();
