// Usage logs: the kind filter's search box hides the kinds (and whole groups) that do not
// match what is typed. Without JavaScript every kind stays listed.
(function () {
  "use strict";

  function filterKinds(box) {
    var words = box.value.trim().toLowerCase();
    var panel = box.closest(".kinds-panel");
    panel.querySelectorAll(".kind-group").forEach(function (group) {
      var shown = 0;
      group.querySelectorAll("[data-kind-option]").forEach(function (option) {
        var text = (option.textContent + " " + option.querySelector("input").value).toLowerCase();
        var match = !words || text.indexOf(words) !== -1;
        option.hidden = !match;
        if (match) shown += 1;
      });
      group.hidden = shown === 0;
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-kind-search]")) filterKinds(event.target);
  });
  // Enter in the search box would submit the filters; keep it for finding kinds.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-kind-search]")) event.preventDefault();
  });
})();
