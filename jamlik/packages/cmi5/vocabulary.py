"""The IRIs cmi5 gives meaning to (cmi5 sections 9 and 10)."""

from __future__ import annotations

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
LAUNCHED = ADL_VERBS + "launched"
INITIALIZED = ADL_VERBS + "initialized"
COMPLETED = ADL_VERBS + "completed"
PASSED = ADL_VERBS + "passed"
FAILED = ADL_VERBS + "failed"
TERMINATED = ADL_VERBS + "terminated"
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"
WAIVED = "https://w3id.org/xapi/adl/verbs/waived"
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"
VOIDED = ADL_VERBS + "voided"

VERB_NAMES = {
    LAUNCHED: "launched",
    INITIALIZED: "initialized",
    COMPLETED: "completed",
    PASSED: "passed",
    FAILED: "failed",
    TERMINATED: "terminated",
    ABANDONED: "abandoned",
    WAIVED: "waived",
    SATISFIED: "satisfied",
}
# Verbs only the LMS may send; an AU sending one is refused.
LMS_VERBS = frozenset({LAUNCHED, ABANDONED, WAIVED, SATISFIED})
# The cmi5 defined verbs an AU sends.
AU_VERBS = frozenset({INITIALIZED, COMPLETED, PASSED, FAILED, TERMINATED})
MOVE_ON_VERBS = frozenset({COMPLETED, PASSED, FAILED})

CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CATEGORY_MOVE_ON = "https://w3id.org/xapi/cmi5/context/categories/moveon"

EXTENSIONS = "https://w3id.org/xapi/cmi5/context/extensions/"
EXT_SESSION = EXTENSIONS + "sessionid"
EXT_MASTERY = EXTENSIONS + "masteryscore"
EXT_LAUNCH_MODE = EXTENSIONS + "launchmode"
EXT_LAUNCH_URL = EXTENSIONS + "launchurl"
EXT_MOVE_ON = EXTENSIONS + "moveon"
EXT_LAUNCH_PARAMETERS = EXTENSIONS + "launchparameters"
REASON = "https://w3id.org/xapi/cmi5/result/extensions/reason"

ACTIVITY_COURSE = "https://w3id.org/xapi/cmi5/activitytype/course"
ACTIVITY_BLOCK = "https://w3id.org/xapi/cmi5/activitytype/block"

LAUNCH_DATA = "LMS.LaunchData"
LEARNER_PREFERENCES = "cmi5LearnerPreferences"
