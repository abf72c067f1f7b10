// The live build log: keep the newest lines in view while "Follow new lines" is on and the
// reader has not scrolled up. Everything else (polling, appending) is htmx and server HTML.
(function () {
  "use strict";
  var NEAR_BOTTOM = 40;
  var pinned = true;

  function log() { return document.getElementById("build-log"); }
  // Groups off screen have a guessed height (content-visibility), so the bottom moves as the
  // last ones are laid out: scroll again until it stays put.
  function toBottom(box, tries) {
    box.scrollTop = box.scrollHeight;
    if (tries > 0) {
      requestAnimationFrame(function () {
        if (box.scrollHeight - box.scrollTop - box.clientHeight > 2) toBottom(box, tries - 1);
      });
    }
  }
  function following() {
    var box = document.getElementById("log-follow");
    return !box || box.checked;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "build-log-poller") return;
    var box = log();
    if (box) pinned = box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_BOTTOM;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.target || event.detail.target.id !== "build-log-poller") return;
    var box = log();
    if (box && pinned && following()) toBottom(box, 10);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var box = log();
    // A running build opens at its newest lines; a finished one at its first (or at #L<n>).
    var poller = document.getElementById("build-log-poller");
    if (box && poller && poller.hasAttribute("hx-get") && !location.hash) {
      toBottom(box, 10);
    }
  });
})();
