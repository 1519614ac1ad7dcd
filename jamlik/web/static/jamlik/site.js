// Jämlik's own script: progressive enhancement only. Every page works without it.
(function () {
  "use strict";

  // The menu button on narrow screens: a disclosure (aria-expanded) for the menu beside it.
  function setUpMenu() {
    var button = document.querySelector(".menu-button");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("is-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      if (button.getAttribute("aria-expanded") === "true" && menu.contains(document.activeElement)) {
        button.setAttribute("aria-expanded", "false");
        menu.classList.remove("is-open");
        button.focus();
      }
      document.querySelectorAll(".nav-more[open]").forEach(function (more) {
        var hadFocus = more.contains(document.activeElement);
        more.open = false;
        if (hadFocus) more.querySelector("summary").focus();
      });
    });
    // "My work" closes when focus or a click goes elsewhere.
    document.addEventListener("click", function (event) {
      document.querySelectorAll(".nav-more[open]").forEach(function (more) {
        if (!more.contains(event.target)) more.open = false;
      });
    });
  }

  // {% confirm %}: the question opens in a modal dialog instead of unfolding under the button.
  function setUpConfirmations() {
    if (typeof HTMLDialogElement !== "function") return;
    document.querySelectorAll("details[data-confirm]").forEach(function (details) {
      var summary = details.querySelector("summary");
      var panel = details.querySelector(".confirm-panel");
      var question = panel.querySelector(".confirm-question");
      var dialog = document.createElement("dialog");
      dialog.className = "confirm-dialog";
      question.id = question.id || "confirm-" + Math.random().toString(36).slice(2);
      dialog.setAttribute("aria-labelledby", question.id);
      while (panel.firstChild) dialog.appendChild(panel.firstChild);
      details.parentNode.insertBefore(dialog, details.nextSibling);
      var cancel = dialog.querySelector("[data-confirm-cancel]");
      cancel.hidden = false;
      cancel.addEventListener("click", function () { dialog.close(); });
      dialog.addEventListener("close", function () { summary.focus(); });
      summary.addEventListener("click", function (event) {
        event.preventDefault();
        dialog.showModal();
        cancel.focus();
      });
    });
  }

  // After a failed submit the error summary takes focus, so a screen reader reads it first;
  // a confirmation ("Du är anmäld…") is put into the live region after load so it is announced.
  function announce() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      return;
    }
    var region = document.getElementById("announcements");
    var messages = document.querySelectorAll(".messages .message");
    if (!region || !messages.length) return;
    window.setTimeout(function () {
      region.textContent = Array.prototype.map.call(messages, function (m) { return m.textContent.trim(); }).join(" ");
    }, 250);
  }

  // A knowledge check answered empty through htmx: its fieldset says it is invalid while the
  // error shows beside it (the page without JavaScript gets the same from the server: ?fel=).
  function markChecks() {
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var region = event.target;
      if (!region.classList || !region.classList.contains("check-feedback")) return;
      var block = region.closest(".block-check");
      var fieldset = block && block.querySelector("fieldset");
      if (!fieldset) return;
      if (region.querySelector(".feedback-error")) fieldset.setAttribute("aria-invalid", "true");
      else fieldset.removeAttribute("aria-invalid");
    });
  }

  function start() {
    markChecks();
    setUpMenu();
    setUpConfirmations();
    announce();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
