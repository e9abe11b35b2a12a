// The Search page: a small interface of our own on Pagefind's search library, over the index
// `playbook build` writes into pagefind/: one part for the handbook and the objection library
// and one per month of calls (pagefind/months.json lists them, newest first). A query searches
// the handbook and the newest months, about `batch` call pages, and fetches the library, each
// searched part's entry and the chunks its words and chosen filters need; "Search earlier
// months" merges the next months in, and choosing a month under "More filters" merges that
// month, so every word can be found while a query's bytes stay those of the months searched.
// The values of the rep, account and topic filters (of the months searched) are fetched only
// when "More filters" is opened. Text from the index is only ever set as text: an excerpt's
// highlights are rebuilt as <mark> elements, never parsed into the page. Set up whenever the
// page is shown, also through instant navigation.
document$.subscribe(() => {
  const form = document.getElementById("pb-search");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "yes";
  const bundle = new URL(form.dataset.bundle, document.baseURI);
  const query = document.getElementById("pb-query");
  const status = document.getElementById("pb-search-status");
  const list = document.getElementById("pb-search-results");
  const more = document.getElementById("pb-search-more");
  const earlier = document.getElementById("pb-search-earlier");
  const monthFilter = document.getElementById("pb-filter-month");
  const selects = [...form.querySelectorAll("select[data-filter]")];
  const PAGE = 10;
  let library = null;
  let shown = [];
  let latest = 0;
  // The months of calls, newest first ({month, pages, parts}), and those merged so far.
  let months = [];
  let batch = 2000;
  const merged = new Map();  // month -> its merge, done or under way
  const listed = fetch(new URL("months.json", bundle))
    .then((r) => (r.ok ? r.json() : { months: [] }))
    .then((data) => {
      months = data.months;
      batch = data.batch ?? batch;
      for (const { month, pages } of months) {
        const option = document.createElement("option");
        option.value = month;
        option.textContent = `${monthName(month)} (${pages})`;
        monthFilter.append(option);
      }
    });

  const load = () => {
    library ??= import(new URL("pagefind.js", bundle).href).then(async (pagefind) => {
      // Result addresses start at the site's root, which is where pagefind/ sits.
      await pagefind.options(settings);
      await pagefind.init();
      await listed;
      await mergeMonths(pagefind, nextBatch());
      return pagefind;
    });
    return library;
  };

  // Result addresses start at the site's root, which is where pagefind/ sits.
  const settings = { baseUrl: new URL("..", bundle).pathname, excerptLength: 30 };

  const monthName = (month) => new Date(`${month}-01T00:00:00Z`)
    .toLocaleString("en", { month: "long", year: "numeric", timeZone: "UTC" });

  // The newest months not merged yet, whole, until they hold `batch` call pages (one at least).
  const nextBatch = () => {
    const chosen = [];
    let pages = 0;
    for (const month of months) {
      if (merged.has(month.month)) continue;
      if (chosen.length && pages >= batch) break;
      chosen.push(month);
      pages += month.pages;
    }
    return chosen;
  };

  // Each month merged once, one part after another; a query waits for the months it needs,
  // also those a query before it started merging.
  let merging = Promise.resolve();
  const mergeMonths = async (pagefind, chosen) => {
    for (const month of chosen) {
      if (merged.has(month.month)) continue;
      merged.set(month.month, merging = merging.then(async () => {
        for (const part of month.parts) {
          await pagefind.mergeIndex(new URL(part, bundle).href, settings);
        }
      }));
    }
    await Promise.all(chosen.map((month) => merged.get(month.month)));
  };

  // The months searched, in words: runs of months next to each other as "from to".
  const searched = () => {
    if (monthFilter.value) return `the calls of ${monthName(monthFilter.value)}`;
    const runs = [];
    months.forEach((month, i) => {
      if (!merged.has(month.month)) return;
      const last = runs.at(-1);
      if (last && last.end === i - 1) last.end = i; else runs.push({ start: i, end: i });
    });
    const names = runs.map(({ start, end }) => (start === end
      ? monthName(months[start].month)
      : `${monthName(months[start].month)} to ${monthName(months[end].month)}`));
    if (!names.length) return "the handbook";
    const left = months.length - merged.size;
    return `the handbook and the calls of ${names.join(", ")}`
      + (left ? ` (${left === 1 ? "1 earlier month" : `${left} earlier months`} not searched)` : "");
  };

  const offerEarlier = () => {
    const next = nextBatch();
    earlier.hidden = !next.length || Boolean(monthFilter.value);
    if (next.length) {
      const names = [next[0], next.at(-1)].map((m) => monthName(m.month));
      earlier.textContent = next.length === 1
        ? `Search earlier months: ${names[0]}`
        : `Search earlier months: ${names[0]} to ${names[1]}`;
    }
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
      earlier.hidden = true;
      status.textContent = "";
      return;
    }
    const pagefind = await load();
    const month = months.find((m) => m.month === monthFilter.value);
    if (month) await mergeMonths(pagefind, [month]);
    const found = await pagefind.search(term || null, { filters });
    if (ticket !== latest) return;  // a newer query is on its way
    shown = found.results;
    list.replaceChildren();
    const count = shown.length;
    status.textContent = `${count === 1 ? "1 page found" : `${count} pages found`} in ${searched()}.`;
    offerEarlier();
    await showMore();
  };

  const searchEarlier = async () => {
    const pagefind = await load();
    await mergeMonths(pagefind, nextBatch());
    if (form.dataset.filled) await fill();
    await run();
    if (earlier.hidden) query.focus();
  };

  // The other filters' values, with how many pages each has: fetched when asked for.
  // Filled again as earlier months are merged in, keeping what was chosen.
  const fill = async () => {
    const pagefind = await load();
    const values = await pagefind.filters();
    for (const select of selects.filter((s) => "lazy" in s.dataset)) {
      const counts = values[select.dataset.filter] ?? {};
      const kept = select.value;
      select.replaceChildren(select.options[0]);
      for (const value of Object.keys(counts).sort()) {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = `${value} (${counts[value]})`;
        select.append(option);
      }
      select.value = kept;
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
  earlier.addEventListener("click", searchEarlier);
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
