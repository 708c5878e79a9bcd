/* Samla: choosing the units of a survey round, in place.
 *
 * Progressive: without JavaScript every button of the form posts the choice so far and the
 * server sends the page back with the choice changed (surveys/round_units.html). Here the
 * same buttons work in the page: "Choose all", "Choose none", "Choose all in <region>",
 * "Choose all in <owner>" tick the boxes shown, the name filter hides the units whose name
 * does not match as one types, and the count of chosen units is kept up to date. Only the
 * Save button posts.
 */
(function () {
  "use strict";

  function start() {
    var form = document.querySelector("form[data-round-units]");
    if (!form) {
      return;
    }
    var filter = form.querySelector("#unit-filter");
    var count = form.querySelector("[data-chosen-count]");
    var unsaved = form.querySelector("[data-unsaved]");
    var noMatch = form.querySelector("[data-no-match]");

    function boxes(scope) {
      return Array.prototype.filter.call(
        scope.querySelectorAll("input[type=checkbox][name=units]"),
        function (box) { return !box.closest("li").hidden; }
      );
    }

    function recount() {
      var chosen = form.querySelectorAll(
        "input[type=checkbox][name=units]:checked, input[type=hidden][name=units]"
      ).length;
      if (count) {
        count.textContent = String(chosen);
      }
    }

    function changed() {
      recount();
      if (unsaved) {
        unsaved.hidden = false;
      }
    }

    function applyFilter() {
      var wanted = filter.value.trim().toLocaleLowerCase();
      form.querySelectorAll("li[data-unit-name]").forEach(function (item) {
        item.hidden = item.getAttribute("data-unit-name").indexOf(wanted) === -1;
      });
      var any = false;
      // Owners first, then regions: a region is shown while one of its owners is.
      var groups = Array.prototype.slice.call(form.querySelectorAll("[data-unit-group]"));
      groups.reverse().forEach(function (group) {
        var shown = Array.prototype.some.call(group.querySelectorAll("li[data-unit-name]"),
          function (item) { return !item.hidden; });
        group.hidden = !shown;
        any = any || shown;
      });
      if (noMatch) {
        noMatch.hidden = any || !groups.length;
      }
      // "Choose all" and "Choose none" act on the units shown, and say so while filtered.
      form.querySelectorAll("[data-label-filtered]").forEach(function (button) {
        var label = wanted ? "data-label-filtered" : "data-label";
        button.textContent = button.getAttribute(label);
      });
    }

    form.querySelectorAll("[data-no-js-only]").forEach(function (button) {
      button.hidden = true;
    });
    if (filter) {
      filter.addEventListener("input", applyFilter);
      filter.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault(); // the filter is already applied; Enter must not save
        }
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "units") {
        changed();
      }
    });
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      var action = button && button.name === "action" ? button.value : "save";
      var scope = null;
      if (action === "all" || action === "none") {
        scope = form;
      } else if (/^(region|owner)-\d+$/.test(action)) {
        scope = document.getElementById(action);
      } else if (action === "filter") {
        event.preventDefault();
        return;
      }
      if (!scope) {
        return; // Save, or showing every unit again: the server answers
      }
      event.preventDefault();
      boxes(scope).forEach(function (box) {
        box.checked = action !== "none";
      });
      changed();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
