// Accessible names the theme leaves out: the search dialog, the read-only checklist boxes
// (named after their item), and wide tables' scroll areas made reachable by keyboard.
// Runs on every page, including pages reached through instant navigation.
document$.subscribe(() => {
  document.querySelector(".md-search")?.setAttribute("aria-label", "Search");
  for (const box of document.querySelectorAll(".task-list-control input[type=checkbox]")) {
    box.setAttribute("aria-label", box.closest("li").textContent.trim());
  }
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    wrap.setAttribute("tabindex", "0");
  }
});
