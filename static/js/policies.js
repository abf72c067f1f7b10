// Notifications: show only the settings of the chosen event and method (every field stays in
// the page without JavaScript, each under its own heading).
(function () {
  "use strict";
  function update(form) {
    var event = form.querySelector("[name=event]");
    var method = form.querySelector("[name=method]");
    form.querySelectorAll("[data-for-event]").forEach(function (el) {
      el.hidden = !event || el.dataset.forEvent.split(" ").indexOf(event.value) < 0;
    });
    form.querySelectorAll("[data-for-method]").forEach(function (el) {
      el.hidden = !method || el.dataset.forMethod.split(" ").indexOf(method.value) < 0;
    });
    form.querySelectorAll("[data-event-help]").forEach(function (el) {
      el.hidden = !event || el.dataset.eventHelp !== event.value;
    });
    form.querySelectorAll("[data-method-help]").forEach(function (el) {
      el.hidden = !method || el.dataset.methodHelp !== method.value;
    });
  }
  function init() {
    document.querySelectorAll(".notification-form").forEach(function (form) {
      update(form);
      form.addEventListener("change", function () { update(form); });
    });
    // Auto-prune: the count or the age, whichever the chosen rule needs.
    document.querySelectorAll(".autoprune-form").forEach(function (form) {
      var sync = function () {
        var method = form.querySelector("[name$=method]:checked, select[name$=method]");
        form.querySelectorAll("[data-for-rule]").forEach(function (el) {
          el.hidden = !method || el.dataset.forRule !== method.value;
        });
      };
      sync();
      form.addEventListener("change", sync);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
