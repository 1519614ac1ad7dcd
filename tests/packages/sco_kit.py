"""Test SCOs: small pages that talk to the runtime as real packages do, and one that attacks.

Each is plain HTML with an inline script (as authoring tools write them), found by the SCO
through the standard API discovery (``window.API`` / ``window.API_1484_11`` in a parent).
"""

from __future__ import annotations

# Walks up the parents as SCORM's API discovery does; a parent in another origin ends the walk.
FIND_API = """
function findApi(name) {
  var w = window;
  for (var n = 0; n < 8; n++) {
    try { if (w[name]) return w[name]; } catch (e) { return null; }
    if (!w.parent || w.parent === w) return null;
    w = w.parent;
  }
  return null;
}
"""


def sco_12(title: str, *, mastery: bool = False) -> str:
    """A SCORM 1.2 SCO of pages: "Nästa sida" saves the page as location and suspend data and
        commits; "Klar" reports a score and completion and ends the session; "Fel värde" sets values the
    data model refuses and shows the answers and error codes. It shows what it
        resumed from (entry, page, suspend data)."""
    status = "passed" if mastery else "completed"
    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<h1>{title}</h1>
<p id="state">startar</p>
<button id="next" type="button">Nästa sida</button>
<button id="finish" type="button">Klar</button>
<button id="check" type="button">Fel värde</button>
<script>
{FIND_API}
var api = findApi("API");
api.LMSInitialize("");
var entry = api.LMSGetValue("cmi.core.entry");
var page = parseInt(api.LMSGetValue("cmi.core.lesson_location") || "1", 10);
var data = api.LMSGetValue("cmi.suspend_data");
document.getElementById("state").textContent =
  "entry=" + entry + ";page=" + page + ";data=" + data + ";student=" + api.LMSGetValue("cmi.core.student_name");
if (api.LMSGetValue("cmi.core.lesson_status") === "not attempted") api.LMSSetValue("cmi.core.lesson_status", "incomplete");
document.getElementById("next").addEventListener("click", function () {{
  page += 1;
  api.LMSSetValue("cmi.core.lesson_location", String(page));
  api.LMSSetValue("cmi.suspend_data", "page=" + page);
  api.LMSSetValue("cmi.core.exit", "suspend");
  api.LMSCommit("");
  document.getElementById("state").textContent = "page=" + page;
}});
document.getElementById("check").addEventListener("click", function () {{
  var refused = api.LMSSetValue("cmi.core.score.raw", "not a number");
  var error = api.LMSGetLastError();
  var readOnly = api.LMSSetValue("cmi.core.student_name", "Someone else");
  document.getElementById("state").textContent =
    "refused=" + refused + ";error=" + error + ";readonly=" + readOnly + ";error=" + api.LMSGetLastError();
}});
document.getElementById("finish").addEventListener("click", function () {{
  api.LMSSetValue("cmi.core.score.raw", "90");
  api.LMSSetValue("cmi.core.lesson_status", "{status}");
  api.LMSSetValue("cmi.core.exit", "");
  api.LMSSetValue("cmi.core.session_time", "00:01:30");
  api.LMSFinish("");
}});
</script>
</body></html>
"""


def sco_2004(title: str) -> str:
    """A SCORM 2004 SCO: "Klar" completes and passes it with a scaled score and ends the session."""
    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<h1>{title}</h1>
<p id="state">startar</p>
<button id="finish" type="button">Klar</button>
<script>
{FIND_API}
var api = findApi("API_1484_11");
api.Initialize("");
document.getElementById("state").textContent = "entry=" + api.GetValue("cmi.entry") + ";mode=" + api.GetValue("cmi.mode");
document.getElementById("finish").addEventListener("click", function () {{
  api.SetValue("cmi.score.scaled", "0.9");
  api.SetValue("cmi.success_status", "passed");
  api.SetValue("cmi.completion_status", "completed");
  api.SetValue("cmi.exit", "normal");
  api.Terminate("");
}});
</script>
</body></html>
"""


def hostile_sco(platform: str) -> str:
    """A SCO that tries to reach the platform as the learner, and writes down what happened.

    ``platform`` is the platform's origin. Every attempt must fail; ``#results`` ends up as JSON
    with one entry per attempt.
    """
    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Fientlig</title></head>
<body>
<h1>Fientligt paket</h1>
<pre id="results">running</pre>
<script>
var platform = {platform!r};
var results = {{cookie: document.cookie}};
function done() {{ document.getElementById("results").textContent = JSON.stringify(results); }}
try {{ results.topDocument = "read: " + window.top.document.cookie; }} catch (e) {{ results.topDocument = "refused: " + e.name; }}
try {{ results.playerDocument = "read: " + window.parent.parent.document.title; }} catch (e) {{ results.playerDocument = "refused: " + e.name; }}
try {{ window.top.location.href = platform + "/kurser/"; results.topNavigation = "navigated"; }}
catch (e) {{ results.topNavigation = "refused: " + e.name; }}
var xhr = new XMLHttpRequest();
try {{
  xhr.open("GET", platform + "/api/v1/me", false);
  xhr.send();
  results.syncRequest = "answered " + xhr.status + ": " + xhr.responseText.slice(0, 200);
}} catch (e) {{ results.syncRequest = "refused: " + e.name; }}
fetch(platform + "/api/v1/me", {{credentials: "include"}})
  .then(function (r) {{ return r.text().then(function (t) {{ results.fetch = "answered " + r.status + ": " + t.slice(0, 200); }}); }})
  .catch(function (e) {{ results.fetch = "refused: " + e.name; }})
  .then(done);
</script>
</body></html>
"""
