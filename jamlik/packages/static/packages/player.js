/* The SCORM player on the platform's page (docs/scorm.md, "The bridge").
 *
 * The package runs in a frame on the content origin (the runner page and its bridge.js). This
 * page runs scorm-again with the attempt's runtime data, answers the bridge's "ready" with that
 * data, applies the calls the bridge relays (Initialize, SetValue, Commit, Terminate) to its own
 * scorm-again, and commits to the server: POST <commit url> with {seq, terminated, cmi}, where
 * cmi holds every element the SCO set in this launch with its latest value. Commits are sent one
 * at a time with an increasing seq; a failed one is sent again (with a new seq) a little later.
 *
 * Only messages from the frame's window in the content origin are read, and messages are sent
 * only to that origin.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("player-data").textContent);
  var frame = document.getElementById("package-frame");
  var stage = document.getElementById("player-stage");
  var status = document.getElementById("player-status");
  var scorm12 = data.standard === "scorm12";
  var methods = scorm12
    ? { initialize: "LMSInitialize", terminate: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit" }
    : { initialize: "Initialize", terminate: "Terminate", get: "GetValue", set: "SetValue", commit: "Commit" };
  var settings = { lmsCommitUrl: false, autocommit: false, logLevel: 5 };
  var api = scorm12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  api.loadFromFlattenedJSON(data.cmi, "");

  var written = {}; // element → latest value the SCO set in this launch
  var changed = false; // something was set since the last commit the server accepted
  var seq = data.seq;
  var terminated = false;
  var sending = Promise.resolve();
  var retryTimer = null;
  var leaving = false;

  function say(text) {
    status.textContent = text;
  }

  function payload(final) {
    seq += 1;
    return JSON.stringify({ seq: seq, terminated: final, cmi: written });
  }

  function request(body, keepalive) {
    return fetch(data.commitUrl, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrf, Accept: "application/json" },
      body: body,
    });
  }

  // One commit at a time, in order. The body is built when its turn comes, so it carries
  // everything set until then.
  function commit(final) {
    sending = sending.then(function () {
      var hadChanges = changed;
      changed = false;
      return request(payload(final))
        .then(function (response) {
          return response.json().then(
            function (body) {
              return { status: response.status, body: body };
            },
            function () {
              return { status: response.status, body: {} };
            }
          );
        })
        .then(function (answer) {
          if (answer.status === 200 && answer.body.ok) {
            if (typeof answer.body.seq === "number" && answer.body.seq > seq) seq = answer.body.seq;
            say(answer.body.completed ? data.text.completed : data.text.saved);
            return;
          }
          if (answer.status === 409 && typeof answer.body.seq === "number") {
            // Another tab (or a retry) got there first: go on after its number.
            seq = Math.max(seq, answer.body.seq);
            changed = changed || hadChanges;
            retryLater(final);
            return;
          }
          // 422: the server refused a value (the SCORM error code is in the body). Nothing
          // more can be done for it here; the learner is told, the rest goes on.
          say(data.text.refused);
        })
        .catch(function () {
          changed = changed || hadChanges;
          say(data.text.offline);
          retryLater(final);
        });
    });
    return sending;
  }

  function retryLater(final) {
    if (retryTimer !== null || leaving) return;
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      commit(final || terminated);
    }, 3000);
  }

  // Where to go once the SCO has ended its session (read before the runtime terminates):
  // SCORM 2004's navigation request where it made one; in 1.2, the next part once this one is
  // completed or passed; otherwise back to the course's page.
  function afterTerminate() {
    var target = data.nav.exit;
    if (scorm12) {
      var lessonStatus = String(api.LMSGetValue("cmi.core.lesson_status"));
      if ((lessonStatus === "completed" || lessonStatus === "passed") && data.nav.next) target = data.nav.next;
    } else {
      var nav = String(api.GetValue("adl.nav.request") || "_none_");
      var choice = /^\{target=([^}]+)\}choice$/.exec(nav);
      if (nav === "continue" && data.nav.next) target = data.nav.next;
      else if (nav === "previous" && data.nav.previous) target = data.nav.previous;
      else if (choice && data.nav.items[choice[1]]) target = data.nav.items[choice[1]];
    }
    return target;
  }

  function leave(target) {
    if (leaving) return;
    leaving = true;
    sending.then(function () {
      window.location.assign(target);
    });
  }

  var handlers = {
    ready: function () {
      frame.contentWindow.postMessage({ jamlik: "scorm", type: "init", cmi: api.getFlattenedCMI() }, data.contentOrigin);
    },
    initialize: function () {
      api[methods.initialize]("");
    },
    set: function (message) {
      if (typeof message.element !== "string" || typeof message.value !== "string") return;
      if (api[methods.set](message.element, message.value) === "true") {
        written[message.element] = message.value;
        changed = true;
      }
    },
    commit: function () {
      api[methods.commit]("");
      commit(false);
    },
    terminate: function () {
      if (terminated) return;
      terminated = true;
      var target = afterTerminate();
      api[methods.terminate]("");
      commit(true);
      if (exitTarget === null) leave(target); // else the learner's own exit is under way
    },
    unloaded: function () {
      if (exitTarget !== null) finishExit();
    },
  };

  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== data.contentOrigin) return;
    var message = event.data;
    if (!message || typeof message !== "object" || message.jamlik !== "scorm") return;
    if (Object.prototype.hasOwnProperty.call(handlers, message.type)) handlers[message.type](message);
  });

  // Exit (and the table of contents' links): the SCO is unloaded first, so it can save and
  // terminate as it would in any LMS; then what it sent is committed, and the page goes.
  var exitTarget = null;
  var exitTimer = null;

  function finishExit() {
    if (exitTimer !== null) window.clearTimeout(exitTimer);
    exitTimer = null;
    var target = exitTarget;
    if (changed && !terminated) commit(false);
    leave(target);
  }

  function exitTo(target) {
    if (exitTarget !== null) return;
    exitTarget = target;
    say(data.text.saving);
    frame.contentWindow.postMessage({ jamlik: "scorm", type: "unload" }, data.contentOrigin);
    exitTimer = window.setTimeout(finishExit, 3000);
  }

  // The runner is framed only now that this page listens for its "ready".
  frame.src = data.runnerUrl;

  document.querySelectorAll("[data-player-leave]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      exitTo(link.href);
    });
  });

  // Closing the tab or going back: what was set and not yet committed goes with keepalive.
  window.addEventListener("pagehide", function () {
    if (changed && !leaving) {
      changed = false;
      request(payload(terminated), true);
    }
  });

  // Full screen: the element's own full screen where the browser has it, otherwise (phones)
  // the player fills the window.
  var fullscreen = document.getElementById("player-fullscreen");
  function expanded() {
    return document.fullscreenElement === stage || stage.classList.contains("player-expanded");
  }
  function showState() {
    fullscreen.setAttribute("aria-pressed", expanded() ? "true" : "false");
  }
  fullscreen.hidden = false;
  fullscreen.addEventListener("click", function () {
    if (expanded()) {
      if (document.fullscreenElement) document.exitFullscreen();
      stage.classList.remove("player-expanded");
    } else if (stage.requestFullscreen && document.fullscreenEnabled) {
      stage.requestFullscreen().catch(function () {
        stage.classList.add("player-expanded");
        showState();
      });
    } else {
      stage.classList.add("player-expanded");
    }
    showState();
  });
  document.addEventListener("fullscreenchange", showState);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && stage.classList.contains("player-expanded")) {
      stage.classList.remove("player-expanded");
      showState();
    }
  });
})();
