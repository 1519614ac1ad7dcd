"""Content packages (SCORM 1.2 and 2004, cmi5) imported as course versions, their items and the
learners' attempts. See docs/scorm.md and docs/cmi5.md."""
