// Accessible names the theme leaves out: the search dialog, the read-only checklist boxes
// (named after their item), and wide tables' scroll areas made reachable by keyboard.
// Each cell of a table of three columns or more also gets its column's heading as data-label
// (and its content one box), so that on a phone the stylesheet can show every row as a card
// of "heading: value" lines instead of a table that scrolls sideways; without this script the
// tables simply scroll.
// Runs on every page, including pages reached through instant navigation.
document$.subscribe(() => {
  document.querySelector(".md-search")?.setAttribute("aria-label", "Search");
  for (const box of document.querySelectorAll(".task-list-control input[type=checkbox]")) {
    box.setAttribute("aria-label", box.closest("li").textContent.trim());
  }
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    wrap.setAttribute("tabindex", "0");
    const table = wrap.querySelector("table");
    const heads = table ? [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim()) : [];
    if (heads.length < 3) continue;  // two columns fit a phone as they are
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.cells].forEach((cell, i) => {
        cell.setAttribute("data-label", heads[i] ?? "");
        // The value in one box of its own, so it keeps to its column beside the label.
        if (!cell.firstElementChild?.classList.contains("pb-value") && cell.firstChild) {
          const value = document.createElement("span");
          value.className = "pb-value";
          value.append(...cell.childNodes);
          cell.append(value);
        }
      });
    }
    wrap.classList.add("pb-cards");
  }
});
