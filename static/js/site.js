// Loaded in <head> before the page paints: marks that JavaScript runs, so the CSS keeps
// the phone menu collapsed behind its toggle button (without JS the menu is shown open).
document.documentElement.classList.replace("no-js", "js");
