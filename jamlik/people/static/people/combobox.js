/* Organisation pickers as ARIA 1.2 comboboxes (list autocomplete), over a plain text input that
 * works without this script (jamlik/people/pickers.py). The input keeps focus; the listbox's
 * active option is named by aria-activedescendant. Keys: Down/Up move (Down opens), Enter
 * chooses, Escape closes (a second Escape clears), Tab leaves. A polite status says how many
 * suggestions there are. For a picker of several, choosing adds a ticked box to the list above.
 */
(function () {
  "use strict";
  var counter = 0;
  var lang = (document.documentElement.lang || "sv").slice(0, 2);
  var TEXT = {
    sv: { none: "Inga förslag.", one: "1 förslag. Välj med pil upp och ner.", many: " förslag. Välj med pil upp och ner.", added: " tillagd." },
    en: { none: "No suggestions.", one: "1 suggestion. Use the up and down arrows to choose.", many: " suggestions. Use the up and down arrows to choose.", added: " added." },
  }[lang === "en" ? "en" : "sv"];

  function setUp(input) {
    if (input.dataset.comboboxReady) return;
    input.dataset.comboboxReady = "1";
    var id = input.id || "combobox-" + (++counter);
    input.id = id;
    var wrapper = document.createElement("div");
    wrapper.className = "combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = id + "-listbox";
    list.className = "combobox-listbox";
    list.setAttribute("role", "listbox");
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) {
      label.id = label.id || id + "-label";
      list.setAttribute("aria-labelledby", label.id);
    }
    list.hidden = true;
    wrapper.appendChild(list);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function open() {
      if (!results.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      setActive(-1);
    }
    function setActive(index) {
      var options = list.querySelectorAll('[role="option"]');
      active = index;
      for (var i = 0; i < options.length; i++) {
        var on = i === index;
        options[i].setAttribute("aria-selected", on ? "true" : "false");
        options[i].classList.toggle("active", on);
        if (on) {
          input.setAttribute("aria-activedescendant", options[i].id);
          options[i].scrollIntoView({ block: "nearest" });
        }
      }
      if (index < 0) input.removeAttribute("aria-activedescendant");
    }
    function render() {
      list.textContent = "";
      results.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = id + "-option-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.name;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the input
        });
        option.addEventListener("click", function () {
          choose(i);
        });
        list.appendChild(option);
      });
      status.textContent = results.length === 0 ? TEXT.none : results.length === 1 ? TEXT.one : results.length + TEXT.many;
      if (results.length) open(); else close();
    }
    function choose(index) {
      var item = results[index];
      if (!item) return;
      if (input.dataset.comboboxMultiple) {
        addChosen(item);
        input.value = "";
        status.textContent = item.name + TEXT.added;
      } else {
        input.value = item.name;
      }
      results = [];
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function addChosen(item) {
      var picker = input.closest(".picker");
      var name = input.name.replace(/_add$/, "");
      if (!picker) return;
      var existing = picker.querySelector('input[type="checkbox"][value="' + CSS.escape(item.slug) + '"]');
      if (existing) {
        existing.checked = true;
        return;
      }
      var chosen = picker.querySelector(".picker-chosen");
      if (!chosen) {
        chosen = document.createElement("ul");
        chosen.className = "picker-chosen";
        picker.insertBefore(chosen, picker.firstChild);
      }
      var li = document.createElement("li");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = item.slug;
      box.checked = true;
      box.id = id + "-chosen-" + (++counter);
      var boxLabel = document.createElement("label");
      boxLabel.htmlFor = box.id;
      boxLabel.textContent = item.name;
      li.appendChild(box);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(boxLabel);
      chosen.appendChild(li);
    }
    function ask() {
      var text = input.value.trim();
      var mine = ++asked;
      if (text.length < 2) {
        results = [];
        list.textContent = "";
        close();
        return;
      }
      fetch(input.dataset.source + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (mine !== asked) return; // a newer question was asked meanwhile
          results = data.results || [];
          render();
        })
        .catch(function () {
          /* the plain input still works: the server resolves the typed name */
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      var count = results.length;
      switch (event.key) {
        case "ArrowDown":
          if (!count) return;
          event.preventDefault();
          if (list.hidden) {
            open();
            setActive(event.altKey ? -1 : 0);
          } else {
            setActive((active + 1) % count);
          }
          break;
        case "ArrowUp":
          if (!count) return;
          event.preventDefault();
          if (list.hidden) open();
          setActive(active <= 0 ? count - 1 : active - 1);
          break;
        case "Enter":
          if (!list.hidden && active >= 0) {
            event.preventDefault(); // choose, do not submit the form
            choose(active);
          }
          break;
        case "Escape":
          if (!list.hidden) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
          }
          break;
        case "Tab":
          close();
          break;
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 100);
    });
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-combobox]");
    for (var i = 0; i < inputs.length; i++) setUp(inputs[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
