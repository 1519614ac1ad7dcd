/* The SCORM bridge on the content origin (docs/scorm.md, "The bridge").
 *
 * Served by the content origin with the runner page, never by the platform. The SCO runs in a
 * frame of this page and finds the API here, in its parent, as SCORM 1.2 (window.API) and 2004
 * (window.API_1484_11) say. A SCO calls the API synchronously, and the platform's page is in
 * another origin, so this page keeps a mirror of the data model: a scorm-again instance of its
 * own, filled with the attempt's runtime data that the player sends before the SCO is framed.
 * GetValue, GetLastError and the answers and error codes of SetValue come from that mirror at
 * once; every call that changes something (Initialize, a SetValue that succeeded, Commit,
 * Terminate/LMSFinish) is relayed to the player by postMessage, where scorm-again runs again and
 * commits to the server.
 *
 * Messages go only to the platform's origin and are taken only from the window that framed this
 * page, in that origin; the SCO's own messages are ignored.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("jamlik-runner").textContent);
  var platform = config.platform;
  var player = window.parent;
  var mirror = null;
  var frame = null;
  var scorm12 = config.standard === "scorm12";

  function send(type, fields) {
    var message = { jamlik: "scorm", type: type };
    if (fields) {
      for (var key in fields) {
        if (Object.prototype.hasOwnProperty.call(fields, key)) message[key] = fields[key];
      }
    }
    player.postMessage(message, platform);
  }

  // The calls a SCO makes, answered by the mirror; the ones that succeed and change something
  // are relayed. scorm-again returns the strings "true" / "false" as the standards ask.
  function relayed(method, type) {
    return function () {
      var args = Array.prototype.slice.call(arguments).map(function (value) {
        return value === undefined ? undefined : String(value);
      });
      var result = mirror[method].apply(mirror, args);
      if (result === "true") {
        if (type === "set") send("set", { element: args[0], value: args[1] });
        else send(type);
      }
      return result;
    };
  }

  function answered(method) {
    return function () {
      var args = Array.prototype.slice.call(arguments).map(String);
      return mirror[method].apply(mirror, args);
    };
  }

  function facade() {
    if (scorm12) {
      return {
        LMSInitialize: relayed("LMSInitialize", "initialize"),
        LMSFinish: relayed("LMSFinish", "terminate"),
        LMSGetValue: answered("LMSGetValue"),
        LMSSetValue: relayed("LMSSetValue", "set"),
        LMSCommit: relayed("LMSCommit", "commit"),
        LMSGetLastError: answered("LMSGetLastError"),
        LMSGetErrorString: answered("LMSGetErrorString"),
        LMSGetDiagnostic: answered("LMSGetDiagnostic"),
      };
    }
    return {
      Initialize: relayed("Initialize", "initialize"),
      Terminate: relayed("Terminate", "terminate"),
      GetValue: answered("GetValue"),
      SetValue: relayed("SetValue", "set"),
      Commit: relayed("Commit", "commit"),
      GetLastError: answered("GetLastError"),
      GetErrorString: answered("GetErrorString"),
      GetDiagnostic: answered("GetDiagnostic"),
    };
  }

  function start(cmi) {
    // No commits from here (the player makes them), and no logging into the learner's console.
    var settings = { lmsCommitUrl: false, autocommit: false, logLevel: 5 };
    mirror = scorm12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    mirror.loadFromFlattenedJSON(cmi, "");
    var api = facade();
    if (scorm12) window.API = api;
    else window.API_1484_11 = api;

    frame = document.createElement("iframe");
    frame.title = config.title || "";
    frame.setAttribute("allow", "fullscreen; autoplay");
    frame.setAttribute("allowfullscreen", "");
    var style = frame.style;
    style.position = "fixed";
    style.top = "0";
    style.left = "0";
    style.width = "100%";
    style.height = "100%";
    style.border = "0";
    document.documentElement.style.height = "100%";
    document.body.style.margin = "0";
    frame.src = config.sco;
    document.body.appendChild(frame);
  }

  // Unloading the SCO is how a player ends a launch: its unload handler calls LMSFinish or
  // Terminate (relayed above) if it has not yet; then the player is told it may leave.
  function unload() {
    if (frame && frame.parentNode) {
      frame.parentNode.removeChild(frame);
      frame = null;
    }
    send("unloaded");
  }

  window.addEventListener("message", function (event) {
    if (event.source !== player || event.origin !== platform) return;
    var data = event.data;
    if (!data || typeof data !== "object" || data.jamlik !== "scorm") return;
    if (data.type === "init" && mirror === null && data.cmi && typeof data.cmi === "object") {
      start(data.cmi);
    } else if (data.type === "unload") {
      unload();
    }
  });

  send("ready");
})();
