/* Samla: "Copy the address" buttons beside the calendar addresses.
 *
 * Progressive: without JavaScript the buttons stay hidden and each address is a read-only
 * field with a label, to select and copy by hand. With it, each button[data-copy-address]
 * (naming its field's id) is shown and copies the field's address; the field's status line
 * (its id + "-status", a live region) says so in the page's language (the button's data
 * attributes hold the translated texts). Where the clipboard cannot be written (an old
 * browser, a page served without HTTPS), the address is selected and the status line says
 * how to copy it.
 */
(function () {
  "use strict";

  function start() {
    var buttons = document.querySelectorAll("button[data-copy-address]");

    function say(status, text) {
      // Emptied first, so that the same words twice in a row are read out again.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    function copyBySelection(field, button, status) {
      field.focus();
      field.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      say(status, button.getAttribute(copied ? "data-copied" : "data-copy-failed"));
    }

    function copy(field, button, status) {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { say(status, button.getAttribute("data-copied")); },
          function () { copyBySelection(field, button, status); }
        );
      } else {
        copyBySelection(field, button, status);
      }
    }

    Array.prototype.forEach.call(buttons, function (button) {
      var field = document.getElementById(button.getAttribute("data-copy-address"));
      var status = field && document.getElementById(field.id + "-status");
      if (!field || !status) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () { copy(field, button, status); });
      // A click in the field takes the whole address, never a part of it.
      field.addEventListener("focus", function () { field.select(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
