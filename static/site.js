// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Filters apply as soon as a box is ticked or the sort changes.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function () { form.submit(); });
  });

  // On a small screen the filters start folded, so that the results come first; without
  // this file they stay open, and the reader can still fold them.
  if (window.matchMedia && window.matchMedia("(max-width: 48rem)").matches) {
    document.querySelectorAll("details[data-fold-on-phones]").forEach(function (details) {
      details.open = false;
    });
  }

  // Completions as you type, from /api/v1/suggest, offered through a <datalist>.
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var locale = document.documentElement.lang || "en";
  var timer = null;
  var asked = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = input.value.trim();
      if (text.length < 2 || text === asked) { return; }
      asked = text;
      var url = "/api/v1/suggest?locale=" + encodeURIComponent(locale) + "&q=" + encodeURIComponent(text);
      fetch(url, { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (body) {
          list.replaceChildren.apply(list, body.suggestions.map(function (item) {
            var option = document.createElement("option");
            option.value = item.text;
            return option;
          }));
        })
        .catch(function () { /* suggestions are a convenience: stay silent */ });
    }, 150);
  });
})();

// The contribution form is kept in this browser as it is typed, and restored after a
// crash or a closed tab; sending it for review forgets it.
(function () {
  "use strict";
  if (!window.localStorage || !window.sessionStorage) { return; }
  // The page that confirms a submission: the draft sent has arrived, forget it.
  if (/[?&]received=1/.test(window.location.search)) {
    var sent = sessionStorage.getItem("catalogue-draft-sent");
    if (sent) { localStorage.removeItem(sent); sessionStorage.removeItem("catalogue-draft-sent"); }
  }
  var form = document.querySelector("form[data-keep-draft]");
  if (!form) { return; }
  var key = "catalogue-draft:" + form.getAttribute("action");
  var notice = form.querySelector("[data-draft-notice]");
  var saving = null;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && !el.closest(".trap") && el.type !== "submit" && el.type !== "button";
    });
  }
  function save() {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
      } else if (el.multiple) {
        data[el.name] = (data[el.name] || []).concat(Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; }));
      } else if (el.value) {
        data[el.name + "\u0000" + el.id] = el.value;
      }
    });
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* full or refused: the form still works */ }
  }
  function typedAnything() {
    return fields().some(function (el) {
      return (el.type === "checkbox" || el.type === "radio") ? el.checked : (el.multiple ? el.selectedOptions.length : el.value);
    });
  }
  function restore(data) {
    fields().forEach(function (el) {
      var many = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(many) && many.indexOf(el.value) >= 0;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = Array.isArray(many) && many.indexOf(o.value) >= 0; });
      } else if (data[el.name + "\u0000" + el.id] !== undefined) {
        el.value = data[el.name + "\u0000" + el.id];
      }
    });
  }

  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
  // Only into an empty form: a form the server sent back filled in is the newer one.
  if (saved && !typedAnything()) {
    restore(saved);
    if (notice) { notice.hidden = false; }
  }
  form.addEventListener("input", function () {
    clearTimeout(saving);
    saving = setTimeout(save, 400);
  });
  form.addEventListener("change", save);
  form.addEventListener("submit", function (event) {
    save();  // kept until the confirmation page says it arrived
    if (event.submitter && event.submitter.hasAttribute("data-sends")) {
      sessionStorage.setItem("catalogue-draft-sent", key);
    }
  });
  var discard = form.querySelector("[data-draft-discard]");
  if (discard) {
    discard.addEventListener("click", function () {
      localStorage.removeItem(key);
      form.reset();
      fields().forEach(function (el) { if (el.tagName === "TEXTAREA" || el.type === "text" || el.type === "email" || el.type === "url" || el.type === "number") { el.value = ""; } });
      if (notice) { notice.hidden = true; }
    });
  }

  // A box to find a language in the long list: it hides the languages that do not match.
  document.querySelectorAll("input[data-filter-for]").forEach(function (filter) {
    var list = document.getElementById(filter.getAttribute("data-filter-for"));
    if (!list) { return; }
    filter.hidden = false;
    filter.addEventListener("input", function () {
      var wanted = filter.value.trim().toLocaleLowerCase();
      Array.prototype.forEach.call(list.options, function (option) {
        option.hidden = wanted !== "" && option.text.toLocaleLowerCase().indexOf(wanted) < 0 && !option.selected;
      });
    });
  });
})();

// The shortlist control toggles in place, and the count in the header follows; without
// this, the same form sends the reader back to the page she was on.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) { return; }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("shortlist-toggle")) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    var action = form.querySelector("input[name=action]");
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (body) {
        // Every control for the same practice on the page (a result and its twin).
        var slug = form.querySelector("input[name=slug]").value;
        document.querySelectorAll("form.shortlist-toggle").forEach(function (other) {
          if (other.querySelector("input[name=slug]").value !== slug) { return; }
          var otherButton = other.querySelector("button");
          otherButton.setAttribute("aria-pressed", body.listed ? "true" : "false");
          otherButton.querySelector("span").textContent = otherButton.getAttribute(body.listed ? "data-remove" : "data-add");
          other.querySelector("input[name=action]").value = body.listed ? "remove" : "add";
          var use = otherButton.querySelector("use");
          if (use) { use.setAttribute("href", use.getAttribute("href").replace(/#.*$/, body.listed ? "#bookmark-check" : "#bookmark")); }
        });
        document.querySelectorAll("[data-shortlist-count]").forEach(function (count) { count.textContent = body.count; });
      })
      .catch(function () { form.submit(); });  // the page way, if the quick way fails
  });
})();

// The featured list can be reordered by dragging; the new order is sent at once, and the
// move up / move down buttons stay for keyboards and for readers without this file.
(function () {
  "use strict";
  var list = document.querySelector("[data-reorder]");
  if (!list || !window.fetch) { return; }
  var dragged = null;
  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest("li[data-entry]");
    if (dragged) { dragged.classList.add("dragging"); event.dataTransfer.effectAllowed = "move"; }
  });
  list.addEventListener("dragover", function (event) {
    var over = event.target.closest("li[data-entry]");
    if (!dragged || !over || over === dragged) { return; }
    event.preventDefault();
    var after = event.clientY > over.getBoundingClientRect().top + over.offsetHeight / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list.addEventListener("dragend", function () {
    if (!dragged) { return; }
    dragged.classList.remove("dragging");
    dragged = null;
    var body = new FormData();
    body.append("csrf_token", list.getAttribute("data-csrf"));
    list.querySelectorAll("li[data-entry]").forEach(function (item, index) {
      body.append("entry", item.getAttribute("data-entry"));
      var position = item.querySelector(".position");
      if (position) { position.textContent = (index + 1) + "."; }
    });
    fetch(list.getAttribute("data-reorder"), { method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .catch(function () { window.location.reload(); });
  });
})();
