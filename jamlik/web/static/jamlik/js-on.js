// Loaded in <head> before the page is drawn: the stylesheet hides the phone menu behind its
// button only when this class says site.js will make the button work.
document.documentElement.classList.add("js");
