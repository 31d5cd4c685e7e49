/* Autosave for drafts: a form marked data-autosave is saved a moment after each change,
   through the same view as its Save button (which works without JavaScript). The status line
   says what happened; a saved draft is never a submission.

   While the candidate keeps typing, a form saves at most every ten seconds: on deadline
   night thousands of forms are open at once, and a save every pause would be most of the
   site's traffic. What is not saved yet is saved when the page is hidden or left. */
(function () {
  "use strict";

  var DELAY_MS = 1500;
  var MIN_INTERVAL_MS = 10000;

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    var inFlight = false;
    var again = false;
    var unsaved = false;
    var lastSaveAt = -Infinity;

    function say(text, state) {
      if (!status) return;
      status.textContent = text;
      status.setAttribute("data-state", state);
    }

    // leaving: save even beside a save in flight, or what was typed since would be lost
    function save(leaving) {
      window.clearTimeout(timer);
      if (!unsaved) return;
      if (inFlight && !leaving) { again = true; return; }
      unsaved = false;
      inFlight = true;
      lastSaveAt = Date.now();
      say(status && status.getAttribute("data-saving-label"), "saving");
      fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Autosave": "1" },
        credentials: "same-origin",
        // the request outlives the page when it is being left
        keepalive: true
      }).then(function (response) {
        return response.json();
      }).then(function (result) {
        say(result.message, result.saved ? "saved" : "error");
        syncFormsets(result.formsets || {});
      }).catch(function () {
        unsaved = true;
        say(status && status.getAttribute("data-failed-label"), "error");
      }).then(function () {
        inFlight = false;
        if (again) { again = false; schedule(); }
      });
    }

    // rows the save just created now exist: give them their ids, or the next save would
    // create them again
    function syncFormsets(formsets) {
      Object.keys(formsets).forEach(function (prefix) {
        var initial = form.querySelector("[name='" + prefix + "-INITIAL_FORMS']");
        if (initial) initial.value = formsets[prefix].initial;
        Object.keys(formsets[prefix].ids).forEach(function (index) {
          var id = form.querySelector("[name='" + prefix + "-" + index + "-id']");
          if (id) id.value = formsets[prefix].ids[index];
        });
      });
    }

    function schedule() {
      unsaved = true;
      window.clearTimeout(timer);
      var wait = Math.max(DELAY_MS, lastSaveAt + MIN_INTERVAL_MS - Date.now());
      timer = window.setTimeout(save, wait);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    // a submit button saves (or submits) at once: no autosave may race it
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      unsaved = false;
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save(true);
    });
    window.addEventListener("pagehide", function () { save(true); });
  });
})();
