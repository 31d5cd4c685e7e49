/* Autosave for drafts: a form marked data-autosave is saved a moment after each change,
   through the same view as its Save button (which works without JavaScript). The status line
   says what happened; a saved draft is never a submission. */
(function () {
  "use strict";

  var DELAY_MS = 1500;

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    var inFlight = false;
    var again = false;

    function say(text, state) {
      if (!status) return;
      status.textContent = text;
      status.setAttribute("data-state", state);
    }

    function save() {
      if (inFlight) { again = true; return; }
      inFlight = true;
      say(status.getAttribute("data-saving-label"), "saving");
      fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Autosave": "1" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json();
      }).then(function (result) {
        say(result.message, result.saved ? "saved" : "error");
        syncFormsets(result.formsets || {});
      }).catch(function () {
        say(status.getAttribute("data-failed-label"), "error");
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
      window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY_MS);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    // a submit button saves (or submits) at once: no autosave may race it
    form.addEventListener("submit", function () { window.clearTimeout(timer); });
  });
})();
