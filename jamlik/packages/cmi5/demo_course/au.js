/* Jämlik's demo AU: the least a cmi5 AU does, written for the project (docs/cmi5.md).
   Reads the launch parameters, trades the one-time fetch URL for the session's credential,
   reads LMS.LaunchData, sends initialized, then completed (reading) or passed/failed (quiz),
   then terminated, and goes back to the LMS's returnURL. */
(function () {
  "use strict";
  var CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var VERBS = "http://adlnet.gov/expapi/verbs/";
  var params = new URLSearchParams(window.location.search);
  var endpoint = (params.get("endpoint") || "").replace(/\/?$/, "/");
  var actor = JSON.parse(params.get("actor") || "null");
  var registration = params.get("registration");
  var activityId = params.get("activityId");
  var started = Date.now();
  var auth = null;
  var launchData = null;
  var statusEl = document.getElementById("status");
  var doneButton = document.getElementById("done");

  function say(text) { statusEl.textContent = text; }

  function duration() { return "PT" + ((Date.now() - started) / 1000).toFixed(2) + "S"; }

  function headers(extra) {
    var h = { "X-Experience-API-Version": "1.0.3", Authorization: auth };
    return Object.assign(h, extra || {});
  }

  function statement(verb, result, moveOn) {
    var context = JSON.parse(JSON.stringify(launchData.contextTemplate));
    context.registration = registration;
    context.contextActivities = context.contextActivities || {};
    context.contextActivities.category = [{ id: CMI5 }];
    if (moveOn) {
      context.contextActivities.category.push({ id: MOVEON });
      if (launchData.masteryScore !== undefined) {
        context.extensions[MASTERY] = launchData.masteryScore;
      }
    }
    var st = {
      id: crypto.randomUUID(),
      actor: actor,
      verb: { id: VERBS + verb, display: { "en-US": verb } },
      object: { id: activityId, objectType: "Activity" },
      context: context,
      timestamp: new Date().toISOString()
    };
    if (result) { st.result = result; }
    return st;
  }

  function send(st) {
    return fetch(endpoint + "statements", {
      method: "POST", mode: "cors", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(st)
    }).then(function (response) {
      // 403 for a result already recorded in an earlier session (completed or passed once a
      // registration): the LMS keeps the first; the session goes on to terminated.
      var repeat = response.status === 403 && st.context.contextActivities.category.length > 1;
      if (!response.ok && !repeat) { throw new Error("LRS " + response.status); }
    });
  }

  function start() {
    return fetch(params.get("fetch"), { method: "POST", mode: "cors" })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        if (!answer["auth-token"]) { throw new Error(answer["error-text"] || "no token"); }
        auth = "Basic " + answer["auth-token"];
        var query = new URLSearchParams({
          stateId: "LMS.LaunchData", activityId: activityId, agent: JSON.stringify(actor), registration: registration
        });
        return fetch(endpoint + "activities/state?" + query.toString(), { mode: "cors", headers: headers() });
      })
      .then(function (r) { if (!r.ok) { throw new Error("LaunchData " + r.status); } return r.json(); })
      .then(function (data) {
        launchData = data;
        // The learner's preferences are read before initialized (cmi5 11.0); a 404 means none set.
        var query = new URLSearchParams({ profileId: "cmi5LearnerPreferences", agent: JSON.stringify(actor) });
        return fetch(endpoint + "agents/profile?" + query.toString(), { mode: "cors", headers: headers() });
      })
      .then(function (r) {
        if (!r.ok && r.status !== 404) { throw new Error("cmi5LearnerPreferences " + r.status); }
        return send(statement("initialized"));
      });
  }

  function finish(statements) {
    doneButton.disabled = true;
    say("Sparar …");
    var chain = Promise.resolve();
    statements.concat([statement("terminated", { duration: duration() })]).forEach(function (st) {
      chain = chain.then(function () { return send(st); });
    });
    return chain.then(function () {
      say("Klart! Du skickas tillbaka till kursen.");
      if (launchData.returnURL) { window.location.assign(launchData.returnURL); }
    });
  }

  function quizScore() {
    var right = 0, total = 0;
    document.querySelectorAll("fieldset").forEach(function (set) {
      total += 1;
      var chosen = set.querySelector("input:checked");
      if (chosen && chosen.hasAttribute("data-right")) { right += 1; }
    });
    return { raw: right, min: 0, max: total, scaled: Math.round((right / total) * 100) / 100 };
  }

  start().then(function () {
    say(launchData.launchMode === "Normal" ? "Ansluten." : "Du tittar igenom kursen; inget sparas.");
    doneButton.disabled = false;
    var kind = document.body.getAttribute("data-kind");
    var trigger = kind === "quiz" ? document.getElementById("quiz") : doneButton;
    trigger.addEventListener(kind === "quiz" ? "submit" : "click", function (event) {
      event.preventDefault();
      var sent = [];
      if (launchData.launchMode === "Normal") {
        if (kind === "quiz") {
          var score = quizScore();
          var mastery = launchData.masteryScore !== undefined ? launchData.masteryScore : 1;
          var success = score.scaled >= mastery;
          sent.push(statement(success ? "passed" : "failed", { success: success, score: score, duration: duration() }, true));
          if (success) { sent.push(statement("completed", { completion: true, duration: duration() }, true)); }
        } else {
          sent.push(statement("completed", { completion: true, duration: duration() }, true));
        }
      }
      finish(sent).catch(function (error) { say("Det gick inte att spara: " + error.message); doneButton.disabled = false; });
    });
  }).catch(function (error) { say("Kunde inte ansluta till lärplattformen: " + error.message); });
})();
