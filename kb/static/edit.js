// Progressive enhancement of the article form. Without this file the form still works:
// references are typed as ids, the preview button re-renders the page, region rows are fixed.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  // Words the script shows, in the page's language: data-text-* on the form.
  function text(element, name, fallback) {
    var form = element.form || element.closest("form");
    var key = "text" + name.charAt(0).toUpperCase() + name.slice(1);
    return (form && form.dataset[key]) || fallback;
  }

  function splitIds(text) {
    return text.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  }

  // A reference field: chips for the chosen entries, a search box that offers matches.
  function enhanceReference(input) {
    var labels = JSON.parse(input.getAttribute("data-labels") || "{}");
    var multiple = input.getAttribute("data-multiple") === "1";
    var wrap = document.createElement("div");
    wrap.className = "lookup";
    var chips = document.createElement("ul");
    chips.className = "chips";
    var search = document.createElement("input");
    search.type = "search";
    search.setAttribute("role", "combobox");
    search.setAttribute("aria-autocomplete", "list");
    search.setAttribute("aria-expanded", "false");
    search.setAttribute("aria-label", (input.labels && input.labels[0] ? input.labels[0].textContent : "") +
      " – " + text(input, "search", "Suche"));
    var list = document.createElement("ul");
    list.className = "lookup-results";
    list.setAttribute("role", "listbox");
    list.id = input.id + "-results";
    list.hidden = true;
    search.setAttribute("aria-controls", list.id);
    if (input.labels && input.labels[0]) { input.labels[0].htmlFor = ""; }
    input.type = "hidden";
    input.parentNode.insertBefore(wrap, input.nextSibling);
    wrap.appendChild(chips);
    wrap.appendChild(search);
    wrap.appendChild(list);
    var hint = input.parentNode.querySelector(".hint");
    if (hint) { hint.hidden = true; }

    function ids() { return splitIds(input.value); }

    function renderChips() {
      chips.textContent = "";
      ids().forEach(function (id) {
        var li = document.createElement("li");
        li.textContent = labels[id] || id;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", text(input, "remove", "Entfernen") + ": " + (labels[id] || id));
        remove.addEventListener("click", function () {
          input.value = ids().filter(function (x) { return x !== id; }).join(", ");
          renderChips();
        });
        li.appendChild(remove);
        chips.appendChild(li);
      });
    }

    function choose(item) {
      labels[item.id] = item.title;
      var current = multiple ? ids() : [];
      if (current.indexOf(item.id) < 0) { current.push(item.id); }
      input.value = current.join(", ");
      search.value = "";
      close();
      renderChips();
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      search.setAttribute("aria-expanded", "false");
    }

    function show(results) {
      list.textContent = "";
      results.forEach(function (item, index) {
        var option = document.createElement("li");
        option.setAttribute("role", "option");
        option.id = list.id + "-" + index;
        option.textContent = item.title + " (" + item.language + ")";
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
        option._item = item;
        list.appendChild(option);
      });
      list.hidden = results.length === 0;
      search.setAttribute("aria-expanded", results.length ? "true" : "false");
    }

    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      var q = search.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var url = input.getAttribute("data-endpoint") + "?type=" + encodeURIComponent(input.getAttribute("data-lookup")) + "&q=" + encodeURIComponent(q);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) { show(data.results || []); })
          .catch(close);
      }, 200);
    });

    search.addEventListener("keydown", function (event) {
      var options = Array.prototype.slice.call(list.children);
      var active = list.querySelector("[aria-selected=true]");
      var index = options.indexOf(active);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!options.length) { return; }
        if (active) { active.removeAttribute("aria-selected"); }
        index = event.key === "ArrowDown" ? Math.min(index + 1, options.length - 1) : Math.max(index - 1, 0);
        options[index].setAttribute("aria-selected", "true");
        search.setAttribute("aria-activedescendant", options[index].id);
      } else if (event.key === "Enter" && active) {
        event.preventDefault();
        choose(active._item);
      } else if (event.key === "Escape") {
        close();
      }
    });
    search.addEventListener("blur", close);
    renderChips();
  }

  // The preview button: ask the server to render the body, stay on the page.
  function enhancePreview(button) {
    var form = button.form;
    var section = form.querySelector(".preview");
    button.addEventListener("click", function (event) {
      if (!window.fetch || !section) { return; }
      event.preventDefault();
      var data = new FormData();
      data.append("body", form.querySelector("[name=body]").value);
      fetch(button.getAttribute("data-preview"), {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json" }
      }).then(function (r) { return r.json(); }).then(function (result) {
        section.querySelector(".body").innerHTML = result.html;  // sanitized by the server
        section.hidden = false;
      });
    });
  }

  // Region rows: a button that adds another empty row.
  function enhanceRegions(fieldset) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = text(fieldset, "addRegion", "Weitere Region");
    button.addEventListener("click", function () {
      var rows = fieldset.querySelectorAll(".region-row");
      var last = rows[rows.length - 1];
      var copy = last.cloneNode(true);
      var next = rows.length;
      copy.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) { el.setAttribute(attr, value.replace(/regions-\d+-/, "regions-" + next + "-")); }
        });
        if (el.tagName === "INPUT") { el.value = ""; }
        if (el.tagName === "SELECT") { el.selectedIndex = 0; }
      });
      copy.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
      last.parentNode.insertBefore(copy, button);
    });
    fieldset.appendChild(button);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-lookup]").forEach(enhanceReference);
    document.querySelectorAll("[data-preview]").forEach(enhancePreview);
    document.querySelectorAll("fieldset[data-repeat]").forEach(enhanceRegions);
  });
})();
