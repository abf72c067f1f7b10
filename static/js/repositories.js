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

// The tags page's bulk panel: shown only while tags are selected, saying how many, with only the
// fields the chosen action needs; Apply turns red for a deletion.
(function () {
  "use strict";

  function selected(panel) {
    return document.querySelectorAll('input[type=checkbox][form="' + panel.id + '"]:checked').length;
  }

  function update() {
    var panel = document.querySelector("[data-bulk-panel]");
    if (!panel) return;
    var count = selected(panel);
    panel.hidden = count === 0;
    var heading = panel.querySelector("#bulk-count");
    if (heading) heading.textContent = count === 1 ? "1 tag selected" : count + " tags selected";
    var action = panel.querySelector("select[name=action]").value;
    panel.querySelectorAll("[data-bulk-for]").forEach(function (field) {
      field.hidden = field.getAttribute("data-bulk-for") !== action;
    });
    var apply = panel.querySelector("#bulk-apply");
    apply.classList.toggle("btn-danger", action === "delete");
    apply.classList.toggle("btn-secondary", action !== "delete");
    apply.textContent = action === "delete" ? "Delete " + (count === 1 ? "1 tag" : count + " tags") : "Apply";
  }

  // After the select-all handler has ticked the rows.
  document.addEventListener("change", function () { window.setTimeout(update, 0); });
  document.addEventListener("DOMContentLoaded", update);
  document.addEventListener("htmx:afterSettle", update);
})();
