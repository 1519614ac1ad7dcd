/* Jämlik's runtime for an exported course (SCORM 1.2 or 2004 4th edition). Our own code.
 *
 * One script, two roles. In the launch page (index.html, the SCO) it finds the LMS's API,
 * keeps the learner's state (pages seen, answers to the knowledge checks, the current page)
 * and reports it: location, suspend data, score, status. In a lesson page (pages/*.html,
 * shown in the launch page's frame) it wires the knowledge checks and cases and tells the
 * launch page what happened. Opened without an LMS, everything works and nothing is saved.
 */
(function () {
  "use strict";

  // --- Finding the LMS's API: the SCORM rule (parents first, then the opener and its parents).
  function scan(win, name) {
    var hops = 0;
    while (win && hops < 500) {
      try {
        if (win[name]) {
          return win[name];
        }
      } catch (e) {
        /* a frame of another origin: go on upwards */
      }
      if (!win.parent || win.parent === win) {
        break;
      }
      win = win.parent;
      hops += 1;
    }
    return null;
  }

  function findApi(name) {
    var found = scan(window, name);
    if (!found && window.opener) {
      found = scan(window.opener, name);
    }
    return found;
  }

  // --- The two data models behind one small interface.
  function Lms(standard) {
    this.is2004 = standard === "scorm2004";
    this.api = findApi(this.is2004 ? "API_1484_11" : "API");
    this.open = false;
  }

  Lms.prototype.call = function (name1484, name12, args) {
    if (!this.api) {
      return "";
    }
    try {
      var fn = this.is2004 ? this.api[name1484] : this.api[name12];
      return String(fn.apply(this.api, args));
    } catch (e) {
      return "";
    }
  };
  Lms.prototype.start = function () {
    this.open = this.call("Initialize", "LMSInitialize", [""]) === "true";
    return this.open;
  };
  Lms.prototype.get = function (element) {
    return this.open ? this.call("GetValue", "LMSGetValue", [element]) : "";
  };
  Lms.prototype.set = function (element, value) {
    if (this.open) {
      this.call("SetValue", "LMSSetValue", [element, String(value)]);
    }
  };
  Lms.prototype.commit = function () {
    if (this.open) {
      this.call("Commit", "LMSCommit", [""]);
    }
  };
  Lms.prototype.finish = function () {
    if (this.open) {
      this.open = false;
      this.call("Terminate", "LMSFinish", [""]);
    }
  };

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) {
      s = "0" + s;
    }
    return s;
  }

  function sessionTime(ms, is2004) {
    var total = Math.max(0, Math.round(ms / 1000));
    var h = Math.floor(total / 3600);
    var m = Math.floor((total % 3600) / 60);
    var s = total % 60;
    if (is2004) {
      return "PT" + h + "H" + m + "M" + s + "S";
    }
    return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + pad(s, 2);
  }

  // --- The launch page.
  function Shell(config) {
    this.config = config;
    this.lms = new Lms(config.standard);
    this.started = Date.now();
    this.seen = [];
    this.answers = {};
    this.current = 0;
    for (var i = 0; i < config.pages.length; i += 1) {
      this.seen.push(false);
    }
    this.frame = document.getElementById("lesson-frame");
    this.status = document.getElementById("sco-status");
  }

  Shell.prototype.begin = function () {
    var self = this;
    var connected = this.lms.start();
    var start = 0;
    if (connected) {
      this.restore(this.lms.get("cmi.suspend_data"));
      var location = parseInt(this.lms.get(this.lms.is2004 ? "cmi.location" : "cmi.core.lesson_location"), 10);
      if (location >= 0 && location < this.config.pages.length) {
        start = location;
      }
    } else {
      this.say(this.config.strings.offline);
    }
    // The frame gets its page only now, so the page always finds this shell ready.
    this.show(start, false);
    document.getElementById("sco-prev").addEventListener("click", function () {
      self.show(self.current - 1, true);
    });
    document.getElementById("sco-next").addEventListener("click", function () {
      self.show(self.current + 1, true);
    });
    var finish = function () {
      self.end();
    };
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
    this.paint();
  };

  Shell.prototype.show = function (index, focus) {
    if (index < 0 || index >= this.config.pages.length) {
      return;
    }
    this.wantFocus = focus;
    this.frame.src = this.config.pages[index];
  };

  // Suspend data: "<one 0/1 per page>|<check>:<c or w>:<ids joined by .>,…" (short: 1.2 allows 4096).
  Shell.prototype.encode = function () {
    var parts = [];
    for (var key in this.answers) {
      if (Object.prototype.hasOwnProperty.call(this.answers, key)) {
        var a = this.answers[key];
        parts.push(key + ":" + (a.correct ? "c" : "w") + ":" + a.chosen.join("."));
      }
    }
    var bits = this.seen.map(function (x) { return x ? "1" : "0"; }).join("");
    var full = bits + "|" + parts.join(",");
    if (!this.lms.is2004 && full.length > 4096) {
      full = bits + "|" + parts.map(function (p) { return p.split(":").slice(0, 2).join(":") + ":"; }).join(",");
    }
    return full;
  };

  Shell.prototype.restore = function (data) {
    if (!data || data.indexOf("|") < 0) {
      return;
    }
    var halves = data.split("|");
    for (var i = 0; i < this.seen.length && i < halves[0].length; i += 1) {
      this.seen[i] = halves[0].charAt(i) === "1";
    }
    var items = halves[1] ? halves[1].split(",") : [];
    for (var j = 0; j < items.length; j += 1) {
      var bits = items[j].split(":");
      if (bits.length === 3 && /^[0-9]+$/.test(bits[0])) {
        this.answers[bits[0]] = { correct: bits[1] === "c", chosen: bits[2] ? bits[2].split(".") : [] };
      }
    }
  };

  Shell.prototype.standing = function () {
    var total = this.config.checks;
    var correct = 0;
    for (var key in this.answers) {
      if (Object.prototype.hasOwnProperty.call(this.answers, key) && this.answers[key].correct) {
        correct += 1;
      }
    }
    var seen = this.seen.filter(function (x) { return x; }).length;
    return {
      allSeen: seen === this.seen.length,
      seen: seen,
      correct: correct,
      total: total,
      percent: total ? Math.floor((correct * 100) / total) : 100,
      passed: correct * 100 >= this.config.passMark * total,
    };
  };

  Shell.prototype.report = function () {
    var st = this.standing();
    var lms = this.lms;
    var finished = st.allSeen && st.passed;
    if (lms.is2004) {
      lms.set("cmi.location", this.current);
      lms.set("cmi.suspend_data", this.encode());
      lms.set("cmi.progress_measure", (st.seen / this.seen.length).toFixed(4));
      lms.set("cmi.completion_status", st.allSeen ? "completed" : "incomplete");
      if (st.allSeen && st.total) {
        lms.set("cmi.score.min", 0);
        lms.set("cmi.score.max", 100);
        lms.set("cmi.score.raw", st.percent);
        lms.set("cmi.score.scaled", (st.percent / 100).toFixed(4));
      }
      lms.set("cmi.success_status", st.allSeen ? (st.passed ? "passed" : "failed") : "unknown");
      lms.set("cmi.exit", finished ? "normal" : "suspend");
    } else {
      lms.set("cmi.core.lesson_location", this.current);
      lms.set("cmi.suspend_data", this.encode());
      if (st.allSeen && st.total) {
        lms.set("cmi.core.score.min", 0);
        lms.set("cmi.core.score.max", 100);
        lms.set("cmi.core.score.raw", st.percent);
      }
      var status = "incomplete";
      if (st.allSeen) {
        status = st.total ? (st.passed ? "passed" : "failed") : "completed";
      }
      lms.set("cmi.core.lesson_status", status);
      lms.set("cmi.core.exit", finished ? "" : "suspend");
    }
    lms.commit();
    this.paint();
  };

  Shell.prototype.say = function (text) {
    this.status.textContent = text;
  };

  Shell.prototype.paint = function () {
    var st = this.standing();
    var s = this.config.strings;
    var marks = document.querySelectorAll("[data-seen]");
    for (var i = 0; i < marks.length; i += 1) {
      marks[i].hidden = !this.seen[parseInt(marks[i].getAttribute("data-seen"), 10)];
    }
    var links = document.querySelectorAll("a[data-page]");
    for (var j = 0; j < links.length; j += 1) {
      if (parseInt(links[j].getAttribute("data-page"), 10) === this.current) {
        links[j].setAttribute("aria-current", "page");
      } else {
        links[j].removeAttribute("aria-current");
      }
    }
    document.getElementById("sco-position").textContent = s.position
      .replace("{n}", this.current + 1)
      .replace("{total}", this.seen.length);
    document.getElementById("sco-prev").disabled = this.current === 0;
    document.getElementById("sco-next").disabled = this.current === this.seen.length - 1;
    if (!this.lms.open && !this.lms.api) {
      return;
    }
    var text = s.progress.replace("{seen}", st.seen).replace("{total}", this.seen.length);
    if (st.allSeen) {
      text = st.total ? (st.passed ? s.passed : s.failed) : s.completed;
      text = text.replace("{correct}", st.correct).replace("{checks}", st.total).replace("{percent}", st.percent);
    }
    this.say(text);
  };

  Shell.prototype.pageShown = function (index, win) {
    this.current = index;
    this.seen[index] = true;
    this.report();
    if (this.wantFocus) {
      this.wantFocus = false;
      var heading = win.document.querySelector("h1");
      if (heading) {
        heading.focus();
      }
    }
  };

  Shell.prototype.answer = function (check, chosen, correct) {
    this.answers[String(check)] = { correct: correct, chosen: chosen };
    this.report();
  };

  Shell.prototype.answerOf = function (check) {
    return this.answers[String(check)] || null;
  };

  Shell.prototype.fit = function (height) {
    var wanted = Math.max(320, height + 24);
    if (Math.abs(this.frame.getBoundingClientRect().height - wanted) > 2) {
      this.frame.style.height = wanted + "px";
    }
  };

  Shell.prototype.end = function () {
    if (!this.lms.open) {
      return;
    }
    var elapsed = sessionTime(Date.now() - this.started, this.lms.is2004);
    this.lms.set(this.lms.is2004 ? "cmi.session_time" : "cmi.core.session_time", elapsed);
    this.report();
    this.lms.finish();
  };

  // --- A lesson page.
  function chosenIn(form) {
    var inputs = form.querySelectorAll("input");
    var chosen = [];
    for (var i = 0; i < inputs.length; i += 1) {
      if (inputs[i].checked) {
        chosen.push(inputs[i].value);
      }
    }
    return chosen.sort();
  }

  function showFeedback(section, keys, chosen) {
    var out = section.querySelector(".check-feedback");
    var texts = section.querySelector(".check-texts");
    out.textContent = "";
    for (var i = 0; i < keys.length; i += 1) {
      var p = texts.querySelector('[data-text="' + keys[i] + '"]');
      if (p) {
        out.appendChild(p.cloneNode(true));
      }
    }
    var notes = document.createElement("ul");
    for (var j = 0; j < chosen.length; j += 1) {
      var note = texts.querySelector('[data-option="' + chosen[j] + '"]');
      if (note) {
        notes.appendChild(note.cloneNode(true));
      }
    }
    if (notes.children.length) {
      out.appendChild(notes);
    }
  }

  function wireCheck(section, shell) {
    var form = section.querySelector("form");
    var index = parseInt(section.getAttribute("data-check"), 10);
    var correctIds = section.getAttribute("data-correct").split(" ").filter(Boolean).sort();
    var earlier = shell ? shell.answerOf(index) : null;
    if (earlier) {
      var inputs = form.querySelectorAll("input");
      for (var i = 0; i < inputs.length; i += 1) {
        inputs[i].checked = earlier.chosen.indexOf(inputs[i].value) >= 0;
      }
      showFeedback(section, [earlier.correct ? "correct" : "wrong"], earlier.chosen);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = chosenIn(form);
      if (!chosen.length) {
        showFeedback(section, ["none"], []);
        return;
      }
      var correct = chosen.join(" ") === correctIds.join(" ");
      showFeedback(section, [correct ? "correct" : "wrong"], chosen);
      if (shell) {
        shell.answer(index, chosen, correct);
      }
    });
  }

  function wireScenario(section) {
    var form = section.querySelector("form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = chosenIn(form);
      showFeedback(section, chosen.length ? [] : ["none"], chosen);
    });
  }

  function lessonPage() {
    var shell = null;
    try {
      if (window.parent !== window && window.parent.jamlikSco) {
        shell = window.parent.jamlikSco;
      }
    } catch (e) {
      shell = null;
    }
    var checks = document.querySelectorAll(".block-check");
    for (var i = 0; i < checks.length; i += 1) {
      wireCheck(checks[i], shell);
    }
    var cases = document.querySelectorAll(".block-scenario");
    for (var j = 0; j < cases.length; j += 1) {
      wireScenario(cases[j]);
    }
    var links = document.querySelectorAll("main a[href]");
    for (var k = 0; k < links.length; k += 1) {
      if (/^(https?:|mailto:)/.test(links[k].getAttribute("href"))) {
        links[k].target = "_blank";
      }
    }
    if (shell) {
      shell.pageShown(parseInt(document.body.getAttribute("data-page"), 10), window);
      var fit = function () {
        // The content's own height, never the frame's (which would grow the frame at each resize).
        shell.fit(Math.ceil(document.querySelector("main").getBoundingClientRect().bottom));
      };
      fit();
      window.addEventListener("load", fit);
      window.addEventListener("resize", fit);
      document.addEventListener("toggle", fit, true);
    }
  }

  var configNode = document.getElementById("jamlik-sco-config");
  if (configNode) {
    var shell = new Shell(JSON.parse(configNode.textContent));
    window.jamlikSco = shell;
    shell.begin();
  } else if (document.body.hasAttribute("data-page")) {
    lessonPage();
  }
})();
