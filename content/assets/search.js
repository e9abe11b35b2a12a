// The Search page: a small interface of our own on Pagefind's search library, over the index
// `playbook build` writes into pagefind/. A query fetches the library, the index's entry and
// the chunks its words and its chosen filters need; the values of the rep, account, topic and
// month filters are fetched only when "More filters" is opened. A big site's index comes in
// parts (pagefind/parts.json), merged here. Text from the index is only
// ever set as text: an excerpt's highlights are rebuilt as <mark> elements, never parsed into
// the page. Set up whenever the page is shown, also through instant navigation.
document$.subscribe(() => {
  const form = document.getElementById("pb-search");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "yes";
  const bundle = new URL(form.dataset.bundle, document.baseURI);
  const query = document.getElementById("pb-query");
  const status = document.getElementById("pb-search-status");
  const list = document.getElementById("pb-search-results");
  const more = document.getElementById("pb-search-more");
  const selects = [...form.querySelectorAll("select[data-filter]")];
  const PAGE = 10;
  let library = null;
  let shown = [];
  let latest = 0;

  const load = () => {
    library ??= import(new URL("pagefind.js", bundle).href).then(async (pagefind) => {
      // Result addresses start at the site's root, which is where pagefind/ sits.
      await pagefind.options({ baseUrl: new URL("..", bundle).pathname, excerptLength: 30 });
      await pagefind.init();
      // A big site's index is made in parts (each Pagefind run kept small): merge the others.
      const parts = await fetch(new URL("parts.json", bundle)).then((r) => (r.ok ? r.json() : []));
      for (const part of parts) await pagefind.mergeIndex(new URL(part, bundle).href);
      return pagefind;
    });
    return library;
  };

  // Pagefind escapes < and > of the page's text and marks the words found with <mark>: keep
  // the marks, and decode the rest into plain text (a parsed document of its own runs nothing).
  const excerpt = (html) => {
    const out = document.createElement("p");
    out.className = "pb-search-excerpt";
    html.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
      const marked = part.startsWith("<mark>");
      const raw = marked ? part.slice(6, -7) : part;
      const text = new DOMParser().parseFromString(raw, "text/html").body.textContent;
      if (marked) {
        const mark = document.createElement("mark");
        mark.textContent = text;
        out.append(mark);
      } else {
        out.append(text);
      }
    });
    return out;
  };

  const item = (data) => {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const heading = document.createElement("p");
    heading.className = "pb-search-title";
    heading.append(link);
    li.append(heading);
    const facts = [data.meta.date, data.meta.outcome, data.meta.account, data.meta.rep]
      .filter(Boolean);
    if (facts.length) {
      const line = document.createElement("p");
      line.className = "pb-search-facts";
      line.textContent = facts.join(" · ");
      li.append(line);
    }
    li.append(excerpt(data.excerpt));
    return li;
  };

  const showMore = async () => {
    const from = list.children.length;
    const batch = await Promise.all(shown.slice(from, from + PAGE).map((r) => r.data()));
    list.append(...batch.map(item));
    more.hidden = list.children.length >= shown.length;
  };

  const chosen = () => {
    const filters = {};
    for (const select of selects) if (select.value) filters[select.dataset.filter] = select.value;
    return filters;
  };

  const run = async () => {
    const term = query.value.trim();
    const filters = chosen();
    const ticket = ++latest;
    const url = new URL(location.href);
    if (term) url.searchParams.set("query", term); else url.searchParams.delete("query");
    history.replaceState(history.state, "", url);
    if (!term && !Object.keys(filters).length) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    const pagefind = await load();
    const found = await pagefind.search(term || null, { filters });
    if (ticket !== latest) return;  // a newer query is on its way
    shown = found.results;
    list.replaceChildren();
    const count = shown.length;
    status.textContent = count === 1 ? "1 page found" : `${count} pages found`;
    await showMore();
  };

  // The other filters' values, with how many pages each has: fetched once, when asked for.
  const fill = async () => {
    const pagefind = await load();
    const values = await pagefind.filters();
    for (const select of selects.filter((s) => "lazy" in s.dataset)) {
      const counts = values[select.dataset.filter] ?? {};
      for (const value of Object.keys(counts).sort()) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = `${value} (${counts[value]})`;
        select.append(option);
      }
    }
  };

  let timer = null;
  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  for (const select of selects) select.addEventListener("change", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  more.addEventListener("click", showMore);
  form.querySelector("details").addEventListener("toggle", (event) => {
    if (event.target.open && !form.dataset.filled) {
      form.dataset.filled = "yes";
      fill();
    }
  });

  fetch(new URL("pagefind-entry.json", bundle), { method: "HEAD" }).then((response) => {
    if (!response.ok) throw new Error("no index");
    form.hidden = false;
    const given = new URLSearchParams(location.search).get("query");
    if (given) {
      query.value = given;
      run();
    }
    query.focus();
  }).catch(() => {
    document.getElementById("pb-search-missing").hidden = false;
  });
});
