/* Autosave for drafts: a form marked data-autosave is saved a moment after each change,
   through the same view as its Save button (which works without JavaScript). The status line
   says what happened; a saved draft is never a submission.

   While the candidate keeps typing, a form saves at most every ten seconds: on deadline
   night thousands of forms are open at once, and a save every pause would be most of the
   site's traffic. What is not saved yet is saved when the page is hidden or left.

   A form marked data-autosave-restore also keeps what was typed in this tab's
   sessionStorage until the server has saved it: when the session has ended (it expired, or
   the candidate signed out elsewhere), saving and submitting are refused, and once the
   candidate has signed in again and is back on the page, what was typed is put back and
   saved. It is put back only onto the save it was typed on (data-autosave-version),
   never over a newer one; fields marked data-autosave-private are never kept; signing out
   forgets it all. The same goes for switching language: the save made on leaving may
   reach the server after the other language's page has been shown. */
(function () {
  "use strict";

  var DELAY_MS = 1500;
  var MIN_INTERVAL_MS = 10000;
  var KEPT_PREFIX = "autosave:";
  // never kept: the form's one-time keys
  var NOT_KEPT = { csrfmiddlewaretoken: true, submit_token: true };

  function storage() {
    try { return window.sessionStorage; } catch (error) { return null; }  // blocked
  }

  // signing out forgets what any page of this tab kept
  document.querySelectorAll("form[data-forget-drafts]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var kept = storage();
      if (!kept) return;
      Object.keys(kept).forEach(function (key) {
        if (key.indexOf(KEPT_PREFIX) === 0) kept.removeItem(key);
      });
    });
  });

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    var inFlight = false;
    var again = false;
    var unsaved = false;
    var lastSaveAt = -Infinity;
    var kept = form.hasAttribute("data-autosave-restore") ? storage() : null;
    // the same form in either language: switching language keeps what was typed
    var keptKey = KEPT_PREFIX + (form.getAttribute("action") || window.location.pathname)
      .replace(/^\/(en|fr)\//, "/");
    var version = form.getAttribute("data-autosave-version");
    var restored = false;  // what was typed is back: the next answer says so too

    function keptFields() {
      return Array.prototype.filter.call(form.elements, function (field) {
        return field.name && !NOT_KEPT[field.name] && field.type !== "file" &&
          !field.hasAttribute("data-autosave-private") &&
          ["submit", "button", "reset"].indexOf(field.type) === -1;
      });
    }

    // what the form holds now, as it was typed on the save `version`
    function keep() {
      if (!kept) return;
      var values = {};
      keptFields().forEach(function (field) {
        var list = values[field.name] || (values[field.name] = []);
        if (field.type === "checkbox" || field.type === "radio") {
          if (field.checked) list.push(field.value);
        } else if (field.multiple) {
          Array.prototype.forEach.call(field.selectedOptions, function (option) {
            list.push(option.value);
          });
        } else {
          list.push(field.value);
        }
      });
      try {
        kept.setItem(keptKey, JSON.stringify({ version: version, values: values }));
      } catch (error) { /* full or blocked: the page still holds it */ }
    }

    function forget() {
      if (kept) kept.removeItem(keptKey);
    }

    // back from signing in: put back what was typed, if the server has saved nothing since
    function restore() {
      var stored = null;
      try { stored = JSON.parse(kept.getItem(keptKey)); } catch (error) { stored = null; }
      if (!stored || stored.version !== version || !stored.values) { forget(); return; }
      var changed = false;
      function set(target, property, value) {
        if (target[property] === value) return;
        target[property] = value;
        changed = true;
      }
      keptFields().forEach(function (field) {
        var values = stored.values[field.name];
        if (!values) return;
        if (field.type === "checkbox" || field.type === "radio") {
          set(field, "checked", values.indexOf(field.value) !== -1);
        } else if (field.multiple) {
          Array.prototype.forEach.call(field.options, function (option) {
            set(option, "selected", values.indexOf(option.value) !== -1);
          });
        } else {
          set(field, "value", values[0]);
        }
      });
      // the page already shows it (a form sent back with its errors): nothing to say
      if (!changed) return;
      restored = true;
      unsaved = true;
      save(false);
    }

    function signedOut(result) {
      say(result.message, "error");
      if (!status || !result.sign_in_url) return;
      var link = document.createElement("a");
      link.href = result.sign_in_url;
      link.textContent = result.sign_in_label;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(link);
    }

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
        if (result.signed_out) {
          unsaved = true;
          signedOut(result);
          return;
        }
        if (result.saved && kept) {
          version = result.version;
          if (unsaved) keep(); else forget();
        }
        var message = result.message;
        if (restored) message = form.getAttribute("data-restored-label") + " " + message;
        restored = false;
        say(message, result.saved ? "saved" : "error");
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
      keep();
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
    if (kept) restore();
  });
})();
