// Repository pages: a submit button may carry its own confirmation, for tables whose rows share
// one form (<button form="tag-delete-form" formaction="..." data-confirm="Delete tag x?">), so a
// page of 100 tags needs one form and one CSRF token instead of a hundred.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-confirm")) return;
    if (!window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
