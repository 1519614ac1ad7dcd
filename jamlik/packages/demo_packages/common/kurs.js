/* Demokursens eget körskript (Jämlik, vår egen kod). Hittar lärplattformens API enligt SCORM
 * (föräldrafönstren, sedan window.opener och dess föräldrar), återupptar på sidan där man
 * slutade (location och suspend data), och rapporterar status och poäng efter kunskapskontrollen. */
(function () {
  "use strict";
  var is2004 = window.KURS_STANDARD === "scorm2004";
  var NAME = is2004 ? "API_1484_11" : "API";
  var RIGHT = { q1: "b", q2: "a", q3: "b" };
  var PASS = 67; // procent: två av tre
  var pages = document.querySelectorAll(".sida");
  var state = { page: 0, seen: {}, score: null };
  var started = Date.now();
  var api = null;
  var open = false;

  function lookIn(win) {
    for (var hops = 0; win && hops < 500; hops += 1) {
      try {
        if (win[NAME]) { return win[NAME]; }
      } catch (e) { /* ett fönster från en annan origin */ }
      if (!win.parent || win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }

  function call(name12, name2004, args) {
    if (!api) { return ""; }
    try {
      return String(api[is2004 ? name2004 : name12].apply(api, args));
    } catch (e) {
      return "";
    }
  }
  function get(el) { return open ? call("LMSGetValue", "GetValue", [el]) : ""; }
  function set(el, v) { if (open) { call("LMSSetValue", "SetValue", [el, String(v)]); } }
  function commit() { if (open) { call("LMSCommit", "Commit", [""]); } }

  function say(text) { document.getElementById("status").textContent = text; }

  function allSeen() {
    for (var i = 0; i < pages.length; i += 1) { if (!state.seen[i]) { return false; } }
    return true;
  }

  function save() {
    var seen = [];
    for (var i = 0; i < pages.length; i += 1) { seen.push(state.seen[i] ? "1" : "0"); }
    set(is2004 ? "cmi.location" : "cmi.core.lesson_location", state.page);
    set("cmi.suspend_data", seen.join("") + (state.score === null ? "" : ";" + state.score));
    var passed = state.score !== null && state.score >= PASS;
    if (is2004) {
      set("cmi.completion_status", allSeen() && state.score !== null ? "completed" : "incomplete");
      set("cmi.progress_measure", (seen.join("").split("1").length - 1) / pages.length);
      if (state.score !== null) {
        set("cmi.score.min", 0);
        set("cmi.score.max", 100);
        set("cmi.score.raw", state.score);
        set("cmi.score.scaled", (state.score / 100).toFixed(2));
        set("cmi.success_status", passed ? "passed" : "failed");
      }
      set("cmi.exit", passed && allSeen() ? "normal" : "suspend");
    } else {
      if (state.score !== null) {
        set("cmi.core.score.min", 0);
        set("cmi.core.score.max", 100);
        set("cmi.core.score.raw", state.score);
      }
      var status = "incomplete";
      if (state.score !== null && allSeen()) { status = passed ? "passed" : "failed"; }
      set("cmi.core.lesson_status", status);
      set("cmi.core.exit", passed && allSeen() ? "" : "suspend");
    }
    commit();
  }

  function show(index, focus) {
    if (index < 0 || index >= pages.length) { return; }
    for (var i = 0; i < pages.length; i += 1) { pages[i].hidden = i !== index; }
    state.page = index;
    state.seen[index] = true;
    document.getElementById("var").textContent = "Sida " + (index + 1) + " av " + pages.length;
    document.getElementById("forra").disabled = index === 0;
    document.getElementById("nasta").disabled = index === pages.length - 1;
    if (focus) { pages[index].querySelector("h2").focus(); }
    save();
  }

  function grade(event) {
    event.preventDefault();
    var form = document.getElementById("prov");
    var right = 0;
    var lines = [];
    var n = 0;
    for (var q in RIGHT) {
      if (Object.prototype.hasOwnProperty.call(RIGHT, q)) {
        n += 1;
        var chosen = form.querySelector('input[name="' + q + '"]:checked');
        var ok = chosen !== null && chosen.value === RIGHT[q];
        if (ok) { right += 1; }
        lines.push("Fråga " + n + ": " + (ok ? "rätt" : "inte rätt"));
      }
    }
    state.score = Math.round((right * 100) / n);
    var passed = state.score >= PASS;
    var out = document.getElementById("resultat");
    out.className = passed ? "ratt" : "fel";
    out.textContent = lines.join(". ") + ". Du fick " + right + " av " + n + " rätt: " +
      (passed ? "godkänt." : "inte godkänt än – läs sidorna igen och försök på nytt.");
    save();
    say(passed && allSeen() ? "Kursen är klar och godkänd." : "Dina svar är sparade.");
  }

  function restore() {
    var data = get("cmi.suspend_data");
    if (!data) { return; }
    var parts = data.split(";");
    for (var i = 0; i < parts[0].length && i < pages.length; i += 1) {
      if (parts[0].charAt(i) === "1") { state.seen[i] = true; }
    }
    if (parts.length > 1 && /^[0-9]+$/.test(parts[1])) { state.score = parseInt(parts[1], 10); }
    var at = parseInt(get(is2004 ? "cmi.location" : "cmi.core.lesson_location"), 10);
    if (at >= 0 && at < pages.length) { state.page = at; }
  }

  function finish() {
    if (!open) { return; }
    var secs = Math.round((Date.now() - started) / 1000);
    var h = Math.floor(secs / 3600);
    var m = Math.floor((secs % 3600) / 60);
    var s = secs % 60;
    if (is2004) {
      set("cmi.session_time", "PT" + h + "H" + m + "M" + s + "S");
    } else {
      set("cmi.core.session_time", (h < 10 ? "000" : h < 100 ? "00" : h < 1000 ? "0" : "") + h + ":" +
        (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s);
    }
    save();
    open = false;
    call("LMSFinish", "Terminate", [""]);
  }

  api = lookIn(window) || (window.opener ? lookIn(window.opener) : null);
  open = call("LMSInitialize", "Initialize", [""]) === "true";
  if (open) {
    restore();
    say(state.page > 0 ? "Välkommen tillbaka – du fortsätter där du slutade." : "");
  } else {
    say("Inte ansluten till en lärplattform: ingenting sparas.");
  }
  document.getElementById("forra").addEventListener("click", function () { show(state.page - 1, true); });
  document.getElementById("nasta").addEventListener("click", function () { show(state.page + 1, true); });
  document.getElementById("prov").addEventListener("submit", grade);
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  show(state.page, false);
})();
