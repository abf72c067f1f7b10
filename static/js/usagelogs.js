// Usage logs: show each entry's time in the reader's own time zone; the UTC time stays in the
// title (on hover) and in the markup for readers without JavaScript.
(function () {
  "use strict";

  function localize(root) {
    var nodes = root.querySelectorAll("time[data-local-time]:not([data-localized])");
    nodes.forEach(function (node) {
      var when = new Date(node.getAttribute("datetime"));
      if (isNaN(when.getTime())) return;
      node.textContent = when.toLocaleString(undefined, {
        year: "numeric", month: "short", day: "numeric",
        hour: "2-digit", minute: "2-digit", second: "2-digit"
      });
      node.setAttribute("data-localized", "");
    });
  }

  document.addEventListener("DOMContentLoaded", function () { localize(document); });
  document.addEventListener("htmx:afterSettle", function () { localize(document); });
})();
