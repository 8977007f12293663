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
