// Progressive enhancement only: every page works without this file.
"use strict";

// Copy buttons: copy the text of the element named by data-copy, and say so.
for (const button of document.querySelectorAll("button.copy[data-copy]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const source = document.getElementById(button.dataset.copy);
    const status = button.closest("section").querySelector(".copied");
    try {
      await navigator.clipboard.writeText(source.textContent);
      status.textContent = "Copied.";
    } catch {
      // No clipboard permission (plain http, old browser): select the text for Ctrl+C.
      window.getSelection().selectAllChildren(source);
      status.textContent = "Selected: press Ctrl+C to copy.";
    }
  });
}

// Timeline: press on one bar and release on another to search that range of dates.
const timeline = document.querySelector("svg.timeline");
if (timeline) {
  let first = null;
  const barOf = (event) => event.target.closest("a[data-from]");
  timeline.addEventListener("pointerdown", (event) => {
    first = barOf(event);
    if (first) event.preventDefault();
  });
  timeline.addEventListener("pointerup", (event) => {
    const last = barOf(event);
    if (!first || !last || last === first) { first = null; return; }  // a plain click follows the bar's own link
    event.preventDefault();
    const [start, end] = [first, last].sort((a, b) => a.dataset.from.localeCompare(b.dataset.from));
    const params = new URLSearchParams(window.location.search);
    params.set("from", start.dataset.from);
    params.set("to", end.dataset.to);
    params.delete("page");
    first = null;
    window.location.search = params.toString();
  });
}
