window.KURS_STANDARD = "scorm2004";
