/* Progressive enhancement of deadlines: the page already states the deadline in Brussels
   time and UTC, and the time left when it was served. This adds the visitor's own local time
   and keeps the time left current. The server's clock alone decides whether an application is
   accepted; this script only informs. */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "en";

  function unit(value, name) {
    return new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "long" }).format(value);
  }

  function join(parts) {
    if (typeof Intl.ListFormat === "function") {
      return new Intl.ListFormat(lang, { style: "long", type: "conjunction" }).format(parts);
    }
    return parts.join(", ");
  }

  function timeLeft(milliseconds) {
    var seconds = Math.floor(milliseconds / 1000);
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var parts = [];
    if (days) parts.push(unit(days, "day"));
    if (days || hours) parts.push(unit(hours, "hour"));
    parts.push(unit(minutes, "minute"));
    if (!days) parts.push(unit(seconds % 60, "second"));
    return join(parts);
  }

  document.querySelectorAll("[data-local-time]").forEach(function (element) {
    var moment = new Date(element.getAttribute("data-local-time"));
    if (isNaN(moment)) return;
    var formatted = new Intl.DateTimeFormat(lang, {
      dateStyle: "long", timeStyle: "short", timeZoneName: "short"
    }).format(moment);
    element.textContent = element.getAttribute("data-label").replace("{time}", formatted);
    element.hidden = false;
  });

  document.querySelectorAll("[data-countdown]").forEach(function (element) {
    var closesAt = new Date(element.getAttribute("data-countdown"));
    if (isNaN(closesAt)) return;
    var label = element.getAttribute("data-label");
    function tick() {
      var left = closesAt - Date.now();
      if (left <= 0) {
        element.textContent = element.getAttribute("data-closed-label");
        return;
      }
      element.textContent = label.replace("{time}", timeLeft(left));
      window.setTimeout(tick, 1000 - (Date.now() % 1000));
    }
    tick();
  });
})();
