// The site's one script, small page behaviours that the pages work without:
// - Werkmap: passages saved with "bewaar" are kept in this browser (localStorage), as an ordered
//   list of passage ids. The werkmap page fetches their text and citation from /api/passages, so
//   what is shown and exported always comes from the index.
// - The search form leaves unset filters out of the URL; an opened passage is scrolled into view.
// No inline script: the CSP forbids it.
(function () {
  "use strict";
  var KEY = "kennisbank.werkmap.v1";
  // The most passages the werkmap saves: what /api/passages answers in one request
  // (MAX_PASSAGE_IDS); a werkmap saved before this cap loads in batches and exports up to 500.
  var MAX_SAVED = 100;

  function load() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (x) { return typeof x === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }

  function store(ids) {
    window.localStorage.setItem(KEY, JSON.stringify(ids));
    updateCounter(ids);
  }

  function updateCounter(ids) {
    document.querySelectorAll("[data-werkmap-teller]").forEach(function (el) {
      el.textContent = ids.length ? "(" + ids.length + ")" : "";
      el.hidden = ids.length === 0;
    });
  }

  function setButton(button, saved) {
    button.setAttribute("aria-pressed", saved ? "true" : "false");
    button.textContent = saved ? "bewaard ✓" : "bewaar";
    button.title = saved ? "Uit de werkmap halen" : "In de werkmap bewaren";
  }

  function initSaveButtons() {
    var ids = load();
    document.querySelectorAll("button[data-bewaar]").forEach(function (button) {
      var id = button.getAttribute("data-bewaar");
      setButton(button, ids.indexOf(id) !== -1);
      button.hidden = false;
      button.addEventListener("click", function () {
        var current = load();
        var at = current.indexOf(id);
        if (at === -1) {
          if (current.length >= MAX_SAVED) {
            button.textContent = "werkmap vol";
            button.title = "De werkmap heeft al " + MAX_SAVED + " passages: exporteer ze of haal er eerst passages uit.";
            // the label says so for a moment; the button stays what it is, not saved
            window.setTimeout(function () { setButton(button, false); }, 4000);
            return;
          }
          current.push(id);
        } else {
          current.splice(at, 1);
        }
        store(current);
        document.querySelectorAll('button[data-bewaar="' + CSS.escape(id) + '"]').forEach(function (b) {
          setButton(b, at === -1);
        });
      });
    });
    updateCounter(ids);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function initWerkmapPage(root) {
    var list = root.querySelector("[data-werkmap-lijst]");
    var empty = root.querySelector("[data-werkmap-leeg]");
    var status = root.querySelector("[data-werkmap-status]");
    var form = document.querySelector("[data-werkmap-export]");
    var idsBox = form ? form.querySelector("[data-werkmap-ids]") : null;
    var passages = {};

    function render() {
      var ids = load().filter(function (id) { return passages[id]; });
      list.textContent = "";
      empty.hidden = ids.length > 0;
      if (form) form.hidden = ids.length === 0;
      if (idsBox) {
        idsBox.textContent = "";
        ids.forEach(function (id) {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = "passage";
          input.value = id;
          idsBox.appendChild(input);
        });
      }
      ids.forEach(function (id, i) {
        var p = passages[id];
        var item = el("li", "werkmap-item");
        item.setAttribute("data-chunk-id", id);
        var head = el("h2", "passage-kop");
        var link = el("a", "citaat", (i + 1) + ". " + p.citation.text);
        link.href = p.context_url;
        head.appendChild(link);
        item.appendChild(head);
        item.appendChild(el("p", "labels", p.kind_label + (p.themes.length ? " · " + p.themes.map(function (t) { return t.label; }).join(", ") : "")));
        // a passage that opens under the year of the passage before it says so, as on the search page
        var text = p.opening_year ? "[" + p.opening_year + "]\n" + p.text : p.text;
        item.appendChild(el("blockquote", "tekst", text));
        var actions = el("p", "acties");
        [["↑ omhoog", -1], ["↓ omlaag", 1]].forEach(function (spec) {
          var b = el("button", "secundair", spec[0]);
          b.type = "button";
          b.disabled = (spec[1] < 0 && i === 0) || (spec[1] > 0 && i === ids.length - 1);
          b.setAttribute("data-verplaats", String(spec[1]));
          b.addEventListener("click", function () { move(id, spec[1]); });
          actions.appendChild(b);
        });
        var remove = el("button", "secundair verwijder", "verwijderen");
        remove.type = "button";
        remove.addEventListener("click", function () {
          store(load().filter(function (x) { return x !== id; }));
          status.textContent = "Passage verwijderd uit de werkmap.";
          render();
          // the keyboard goes on from the passage now in its place (or the one before it)
          var next = list.querySelectorAll("button.verwijder");
          if (next.length) next[Math.min(i, next.length - 1)].focus();
        });
        actions.appendChild(remove);
        item.appendChild(actions);
        list.appendChild(item);
      });
    }

    function move(id, step) {
      var ids = load();
      var at = ids.indexOf(id);
      var to = at + step;
      if (at === -1 || to < 0 || to >= ids.length) return;
      ids.splice(at, 1);
      ids.splice(to, 0, id);
      store(ids);
      render();
      status.textContent = "Passage verplaatst naar plaats " + (to + 1) + " van " + ids.length + ".";
      // render() replaced the buttons: give the focus back to the moved passage's button, so a
      // keyboard user keeps their place (its other button once it reached the top or bottom)
      var item = list.querySelector('li[data-chunk-id="' + CSS.escape(id) + '"]');
      if (!item) return;
      var same = item.querySelector('button[data-verplaats="' + step + '"]');
      var other = item.querySelector('button[data-verplaats="' + -step + '"]');
      var target = same && !same.disabled ? same : other;
      if (target && !target.disabled) target.focus();
    }

    var clear = form ? form.querySelector("[data-werkmap-wis]") : null;
    if (clear) {
      clear.addEventListener("click", function () {
        store([]);
        status.textContent = "De werkmap is leeggemaakt.";
        render();
        // the button is gone with the passages: the keyboard goes on from the message saying so
        status.tabIndex = -1;
        status.focus();
      });
    }

    var ids = load();
    if (!ids.length) {
      render();
      return;
    }
    // in batches the server accepts, so a werkmap saved before the cap still loads whole
    var batches = [];
    for (var i = 0; i < ids.length; i += MAX_SAVED) batches.push(ids.slice(i, i + MAX_SAVED));
    status.textContent = "Passages laden…";
    Promise.all(batches.map(function (batch) {
      var query = batch.map(function (id) { return "id=" + encodeURIComponent(id); }).join("&");
      return fetch("/api/passages?" + query, { headers: { Accept: "application/json" } }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
    }))
      .then(function (answers) {
        var missing = [];
        answers.forEach(function (data) {
          data.passages.forEach(function (p) { passages[p.chunk_id] = p; });
          missing = missing.concat(data.missing);
        });
        if (missing.length) {
          store(load().filter(function (id) { return missing.indexOf(id) === -1; }));
          status.textContent = missing.length === 1
            ? "1 bewaarde passage staat niet meer in de kennisbank en is uit de werkmap gehaald."
            : missing.length + " bewaarde passages staan niet meer in de kennisbank en zijn uit de werkmap gehaald.";
        } else {
          status.textContent = "";
        }
        render();
      })
      .catch(function () {
        status.textContent = "De passages konden niet worden geladen. Probeer het opnieuw.";
      });
  }

  // A search link is pasted into notes and mails: leave out the filters that are not set
  // ("/?q=...&type=&year=" becomes "/?q=..."). Without this script the form still works.
  function initSearchForm() {
    document.querySelectorAll("form.zoeken").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("select, input").forEach(function (field) {
          if (field.name && field.name !== "q" && !field.value) field.disabled = true;
        });
      });
    });
    // the back button restores the page from the cache with those fields still disabled
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form.zoeken [disabled]").forEach(function (field) {
        field.disabled = false;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initSearchForm();
    initSaveButtons();
    var root = document.querySelector("[data-werkmap]");
    if (root) initWerkmapPage(root);
    var marked = document.querySelector("mark.passage[id]");
    if (marked && !window.location.hash) marked.scrollIntoView({ block: "center" });
  });
})();
