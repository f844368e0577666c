/* Copy link / copy citation and the findings status filter. Works with Material's instant loading
   (document$) and without it; without clipboard permission it selects the text instead. */
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("corpus-live");
    if (!region) {
      region = document.createElement("div");
      region.id = "corpus-live";
      region.className = "corpus-copy-status";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 30);
  }

  function selectFallback(button, text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.setAttribute("aria-label", "Text to copy");
    field.className = "corpus-copy-fallback";
    button.insertAdjacentElement("afterend", field);
    field.focus();
    field.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    announce(ok ? "Copied to the clipboard" : "Press Ctrl+C (or Cmd+C) to copy the selected text");
    if (ok) { field.remove(); }
    return ok;
  }

  function done(button) {
    // The original label is kept once, so a second click while it says "Copied" cannot make that stick.
    if (!button.hasAttribute("data-label")) { button.setAttribute("data-label", button.textContent); }
    button.classList.add("corpus-copied");
    button.textContent = "Copied";
    announce("Copied to the clipboard");
    window.clearTimeout(button.corpusTimer);
    button.corpusTimer = window.setTimeout(function () {
      button.textContent = button.getAttribute("data-label");
      button.removeAttribute("data-label");
      button.classList.remove("corpus-copied");
    }, 1600);
  }

  // "[Title \\] escaped](URL) — merged into …": the URL is the first "](" that is not escaped.
  function linkFromCitation(button) {
    var group = button.closest(".corpus-copy-group");
    var cite = group && group.querySelector("[data-citation]");
    var match = cite && /(?:^|[^\\])\]\(([^)\s]+)\)/.exec(cite.getAttribute("data-citation"));
    return match ? match[1] : window.location.href;
  }

  function copy(button, text, html) {
    if (text === undefined) {
      text = button.getAttribute("data-citation") || button.getAttribute("data-copy-text") || "";
      if (button.hasAttribute("data-copy-link")) { text = linkFromCitation(button); }
    }
    if (!(navigator.clipboard && window.isSecureContext)) { selectFallback(button, text); return; }
    var written;
    if (html && window.ClipboardItem && navigator.clipboard.write) {
      // Rich text: chat and document editors paste text/html as a titled link; others take text/plain.
      written = navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([html], {type: "text/html"}),
        "text/plain": new Blob([text], {type: "text/plain"})
      })]);
    } else {
      written = navigator.clipboard.writeText(text);
    }
    written.then(function () { done(button); }, function () { selectFallback(button, text); });
  }

  // The citation formats menu beside "Copy citation": the texts live on that button.
  function toggleMenu(toggle, open) {
    var menu = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) { return; }
    toggle.setAttribute("aria-expanded", String(open));
    menu.hidden = !open;
    if (open) { menu.querySelector("button").focus(); }
  }

  function copyFormat(item) {
    var group = item.closest(".corpus-copy-group");
    var cite = group && group.querySelector("[data-citation]");
    if (!cite) { return; }
    var format = item.getAttribute("data-format");
    var plain = cite.getAttribute("data-citation-text") || cite.getAttribute("data-citation");
    if (format === "markdown") { copy(item, cite.getAttribute("data-citation")); }
    else if (format === "html") { copy(item, plain, cite.getAttribute("data-citation-html")); }
    else { copy(item, plain); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector('.corpus-cite-toggle[aria-expanded="true"]');
    if (open) { toggleMenu(open, false); open.focus(); }
  });

  // An item matches a filter when its data-states (space-separated tokens: "flagged overdue") holds the
  // button's data-filter value; "all" matches everything. New filters need only markup (findings.html).
  function matches(li, value) {
    if (value === "all") { return true; }
    var states = (li.getAttribute("data-states") || li.getAttribute("data-status") || "").split(/\s+/);
    return states.indexOf(value) !== -1;
  }

  // The button for a ?status= value, or null when no filter has that name. The value comes from the
  // address bar, so it is escaped before it goes into a selector.
  function filterButton(group, value) {
    var escaped = window.CSS && CSS.escape ? CSS.escape(value) : value.replace(/[^A-Za-z0-9_-]/g, "\\$&");
    return group.querySelector('.corpus-filter-btn[data-filter="' + escaped + '"]');
  }

  function showNote(text) {
    var note = document.querySelector(".corpus-filter-note");
    if (!note) { return; }
    note.textContent = text;
    note.hidden = !text;
  }

  function applyFilter(group, value) {
    group.querySelectorAll(".corpus-filter-btn").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === value));
    });
    var select = document.getElementById("corpus-filter-select");
    if (select && select.value !== value) { select.value = value; }
    // The findings list, or the timeline (/findings/timeline/), whose marks carry the same tokens.
    var list = document.querySelector(".corpus-findings, [data-filter-list]");
    if (!list) { return; }
    var marks = list.hasAttribute("data-filter-list");
    var shown = 0;
    // Items are hidden, never moved or removed: each <li value=N> keeps its finding number.
    list.querySelectorAll(".corpus-finding-item, .cg-mark").forEach(function (li) {
      var visible = matches(li, value);
      li.hidden = !visible;
      if (visible) { shown += 1; }
    });
    // A month of the timeline with nothing left to show is hidden with its heading.
    list.querySelectorAll(".cg-month").forEach(function (month) {
      month.hidden = !month.querySelector(".cg-mark:not([hidden])");
    });
    var noun = marks ? "mark" : "finding";
    var elsewhere = pagerMatches(value);
    var status = document.querySelector(".corpus-filter-status");
    if (status) {
      status.textContent = "Showing " + shown + " " + noun + (shown === 1 ? "" : "s") +
        (elsewhere.pages.length ? " on this page; " + elsewhere.count + " more on page" +
          (elsewhere.pages.length === 1 ? " " : "s ") + elsewhere.pages.join(", ") + "." : ".");
    }
  }

  // A long findings list is split into pages (macros/views/pager.py): each page link carries its page's
  // counts per state. The filter keeps ?status= on those links and shows how many matches each page holds.
  function pagerMatches(value) {
    var out = {count: 0, pages: []};
    document.querySelectorAll(".corpus-pager a[data-states]").forEach(function (a) {
      var counts = {};
      try { counts = JSON.parse(a.getAttribute("data-states")) || {}; } catch (e) { counts = {}; }
      var url = new URL(a.getAttribute("href"), window.location.href);
      if (value === "all") { url.searchParams.delete("status"); } else { url.searchParams.set("status", value); }
      a.setAttribute("href", url.pathname + url.search);
      var n = value === "all" ? null : (counts[value] || 0);
      var badge = a.parentElement.querySelector(".corpus-pager-match");
      if (badge) { badge.hidden = n === null; badge.textContent = n === null ? "" : " (" + n + ")"; }
      if (n && !a.hasAttribute("aria-current") && out.pages.indexOf(a.textContent) === -1) {
        out.count += n;
        out.pages.push(a.textContent);
      }
    });
    return out;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".corpus-copy");
    if (button) { event.preventDefault(); copy(button); return; }
    var toggle = event.target.closest && event.target.closest(".corpus-cite-toggle");
    if (toggle) { toggleMenu(toggle, toggle.getAttribute("aria-expanded") !== "true"); return; }
    var format = event.target.closest && event.target.closest(".corpus-cite-format");
    if (format) { copyFormat(format); return; }
    var openMenu = document.querySelector('.corpus-cite-toggle[aria-expanded="true"]');
    if (openMenu && !(event.target.closest && event.target.closest(".corpus-cite-menu"))) { toggleMenu(openMenu, false); }
    var filter = event.target.closest && event.target.closest(".corpus-filter .corpus-filter-btn");
    if (filter) {
      var value = filter.getAttribute("data-filter");
      applyFilter(filter.closest(".corpus-filter"), value);
      showNote("");
      if (window.history && window.history.replaceState) {
        var url = new URL(window.location.href);
        if (value === "all") { url.searchParams.delete("status"); } else { url.searchParams.set("status", value); }
        window.history.replaceState(null, "", url.toString());
      }
    }
  });

  function focusableScrollers() {
    // A wide corpus table (the maintainer's eight-column summaries) scrolls sideways inside Material's
    // wrapper; keyboard users can only scroll it if the wrapper takes focus (WCAG 2.1.1).
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table (scrolls sideways)");
      }
    });
  }

  // Finding lists carry each item's citation tail only (data-cite); the buttons and the Markdown citation
  // are made here, the same way macros/views.py makes them: [Finding N: Title](URL) — state (Corpus, date).
  function listButtons() {
    document.querySelectorAll(".corpus-findings[data-base] > li[data-cite]").forEach(function (li) {
      if (li.querySelector(".corpus-copy-group")) { return; }
      var link = li.querySelector(".corpus-finding-head a");
      var meta = li.querySelector(".corpus-finding-meta");
      if (!link || !meta) { return; }
      var url;
      try { url = new URL(link.getAttribute("href"), li.parentElement.getAttribute("data-base")).href; }
      catch (e) { url = new URL(link.getAttribute("href"), window.location.href).href; }  // no site_url
      var head = "Finding " + li.value + ": " + link.textContent;
      // One "Copy ▾" menu per row (a <details>: keyboard and screen readers know it), holding both buttons.
      var group = document.createElement("details");
      group.className = "corpus-copy-group corpus-copy-menu";
      var summary = document.createElement("summary");
      summary.className = "corpus-copy-summary";
      summary.textContent = "Copy \u25be";
      summary.setAttribute("aria-label", "Copy a link to finding " + li.value + " or its citation");
      var items = document.createElement("span");
      items.className = "corpus-copy-items";
      var copyLink = document.createElement("button");
      copyLink.type = "button";
      copyLink.className = "corpus-copy";
      copyLink.setAttribute("data-copy-link", "");
      copyLink.textContent = "Copy link";
      var cite = document.createElement("button");
      cite.type = "button";
      cite.className = "corpus-copy";
      var date = li.getAttribute("data-date");
      cite.setAttribute("data-citation", "[" + head.replace(/\[/g, "\\[").replace(/\]/g, "\\]") + "](" + url + ") \u2014 " +
        li.getAttribute("data-cite") + " (" + li.parentElement.getAttribute("data-corpus") + (date ? ", " + date : "") + ")");
      cite.textContent = "Copy citation";
      items.appendChild(copyLink);
      items.appendChild(cite);
      group.appendChild(summary);
      group.appendChild(items);
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(group);
    });
  }

  // Escape closes an open row menu and gives the focus back to its summary; opening one closes the others.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.activeElement && document.activeElement.closest &&
      document.activeElement.closest("details.corpus-copy-menu[open]");
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (!(menu.matches && menu.matches("details.corpus-copy-menu")) || !menu.open) { return; }
    document.querySelectorAll("details.corpus-copy-menu[open]").forEach(function (other) {
      if (other !== menu) { other.open = false; }
    });
  }, true);

  // A box that scrolls sideways (a wide table, a long code line) gets a cue: shadows at the edges that have
  // more to show (corpus.css), and, for tables, a "scroll →" hint above it. Re-checked when the width changes.
  var SCROLLERS = ".md-typeset__scrollwrap, .md-typeset table[class^='corpus-'], .md-typeset pre > code, .cg-scroll";
  function scrollCues() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      var style = window.getComputedStyle(box);
      var wide = (style.overflowX === "auto" || style.overflowX === "scroll") && box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("corpus-scrolls", wide);
      if (box.tagName === "CODE") { return; }
      if (wide && box.tagName === "TABLE" && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");  // keyboard users scroll it with the arrow keys (WCAG 2.1.1)
        box.setAttribute("aria-label", "Table (scrolls sideways)");
      }
      var hint = box.previousElementSibling;
      var has = hint && hint.classList.contains("corpus-scroll-hint");
      if (wide && !has) {
        hint = document.createElement("p");
        hint.className = "corpus-scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "scroll \u2192";
        box.insertAdjacentElement("beforebegin", hint);
      } else if (!wide && has) {
        hint.remove();
      }
    });
  }
  var resizeTimer;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(scrollCues, 150);
  });

  // The narrow screen's select stands for the filter buttons: choosing clicks the matching button.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.id !== "corpus-filter-select") { return; }
    var group = document.querySelector(".corpus-filter");
    var button = group && filterButton(group, select.value);
    if (button) { button.click(); }
  });
  // A link copied from the forge names a heading by its slug (`#sources`); where the page gives that
  // heading the prefixed id (the slug is one the page itself uses), go to the prefixed one, as GitHub does.
  function forgeAnchor() {
    var hash = window.location.hash.slice(1);
    if (!hash) { return; }
    try { hash = decodeURIComponent(hash); } catch (e) { return; }
    if (document.getElementById(hash)) { return; }
    var prefixed = "user-content-" + hash;
    var target = document.getElementById(prefixed);
    if (target) { target.scrollIntoView(); return; }
    // A long README is split across pages (macros/plan/paging.py): an id this page does not hold (a link
    // made before the README grew) is looked for on its other pages, fetched from this site one by one;
    // the first that holds it is opened, keeping the fragment.
    var readme = document.querySelector(".corpus-readme[data-corpus-parts]");
    if (!readme || !window.fetch || !window.DOMParser) { return; }
    var others;
    try { others = JSON.parse(readme.getAttribute("data-corpus-parts")); } catch (e) { return; }
    if (!Array.isArray(others)) { return; }
    var pages = others.filter(function (p) { return typeof p === "string" && /^[.\/a-z0-9_-]*$/i.test(p); });
    (function next(i) {
      if (i >= pages.length) { return; }
      fetch(pages[i], { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          if (doc.getElementById(hash) || doc.getElementById(prefixed)) {
            window.location.replace(pages[i] + window.location.hash);
          } else { next(i + 1); }
        })
        .catch(function () { next(i + 1); });
    })(0);
  }

  function init() {
    forgeAnchor();
    focusableScrollers();
    listButtons();
    scrollCues();
    var group = document.querySelector(".corpus-filter");
    if (!group) { return; }
    var params = new URL(window.location.href).searchParams;
    var wanted = params.get("status") || params.get("state");  // ?state= is read too
    if (wanted === null || wanted === "") { return; }
    if (filterButton(group, wanted)) { applyFilter(group, wanted); showNote(""); return; }
    var names = [];
    group.querySelectorAll(".corpus-filter-btn").forEach(function (b) { names.push(b.getAttribute("data-filter")); });
    applyFilter(group, "all");
    showNote("There is no \u201c" + wanted.slice(0, 80) + "\u201d filter, so all findings are shown. Filters: " +
      names.join(", ") + ".");
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else { document.addEventListener("DOMContentLoaded", init); }
  window.addEventListener("hashchange", forgeAnchor);
})();
