window.KURS_STANDARD = "scorm12";
