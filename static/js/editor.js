/*
 * The editors' workspace, enhanced. Everything works without this file: these are
 * conveniences on top of plain forms.
 *  - A live readability grade under each claim text, recomputed as you type (debounced),
 *    by the same code the server uses on save (POST /editor/readability/).
 *  - The citation box: library matches appear as you type; choosing one cites it. Enter
 *    sends a one-line query (a DOI, title words); Shift+Enter starts a new line.
 * No inline scripts or handlers anywhere (the Content-Security-Policy forbids them).
 */
(function () {
  "use strict";

  // The interface's sentences in the page's language: Django's JavaScript catalog
  // (config/urls.py "javascript-catalog", loaded before this file) defines gettext,
  // ngettext and interpolate; without it, the English below.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, other, count) { return count === 1 ? one : other; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (_match, name) { return String(values[name]); });
  };

  var root = document.querySelector("[data-readability-url]");
  if (!root || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var readabilityUrl = root.getAttribute("data-readability-url");
  var searchUrl = root.getAttribute("data-reference-search-url");
  var DELAY = 400;
  var timers = new WeakMap();
  var sequence = new WeakMap();

  function csrfToken(element) {
    var form = element.form || root.querySelector("form");
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function debounce(element, action) {
    window.clearTimeout(timers.get(element));
    timers.set(element, window.setTimeout(action, DELAY));
  }

  function latestOnly(element) {
    var number = (sequence.get(element) || 0) + 1;
    sequence.set(element, number);
    return function () {
      return sequence.get(element) === number;
    };
  }

  function showGrade(output, data) {
    output.textContent = "";
    if (!data.grade) {
      output.textContent = data.target_grade
        ? interpolate(gettext("No text yet · target grade %(target)s"), { target: data.target_grade }, true)
        : gettext("No text yet");
      output.classList.remove("readability-over");
      return;
    }
    output.appendChild(document.createTextNode(interpolate(gettext("Grade %(grade)s"), { grade: data.grade.toFixed(1) }, true)));
    if (data.target_grade) {
      if (data.within_target) {
        output.appendChild(document.createTextNode(" · " + interpolate(gettext("within the target of %(target)s"), { target: data.target_grade }, true)));
      } else {
        var strong = document.createElement("strong");
        strong.textContent = interpolate(gettext("above the target of %(target)s"), { target: data.target_grade }, true);
        output.appendChild(document.createTextNode(" · "));
        output.appendChild(strong);
      }
    }
    if (data.hardest) {
      // The sentence that pulls the grade up (articles/readability.py hardest_sentence).
      var hardest = document.createElement("span");
      hardest.className = "readability-hardest";
      hardest.textContent = " · " + interpolate(gettext("hardest sentence (grade %(grade)s): “%(sentence)s”"), { grade: data.hardest_grade.toFixed(1), sentence: data.hardest }, true);
      output.appendChild(hardest);
    }
    output.classList.toggle("readability-over", data.within_target === false);
  }

  function measure(textarea) {
    var output = document.getElementById(textarea.getAttribute("data-readability-output"));
    if (!output) {
      return;
    }
    var current = latestOnly(textarea);
    var body = new URLSearchParams();
    body.set("text", textarea.value);
    body.set("audience", textarea.getAttribute("data-readability-audience"));
    fetch(readabilityUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(textarea) },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && current()) {
          showGrade(output, data);
        }
      })
      .catch(function () {
        /* The grade is recomputed on save anyway. */
      });
  }

  function resultsFor(input) {
    var list = input.form.querySelector(".picker-results");
    if (!list) {
      list = document.createElement("ul");
      list.className = "picker-results";
      list.setAttribute("aria-label", gettext("Matching references"));
      input.form.appendChild(list);
    }
    return list;
  }

  function cite(form, id) {
    var hidden = form.querySelector("input[name=reference]");
    if (!hidden) {
      hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "reference";
      form.appendChild(hidden);
    }
    hidden.value = id;
    // In place when the desk's htmx is there (the form has hx-post), else a plain POST.
    if (window.htmx && form.hasAttribute("data-hx-post")) {
      window.htmx.trigger(form, "submit");
    } else {
      form.submit();
    }
  }

  function search(input) {
    var query = input.value.trim();
    var list = resultsFor(input);
    if (query.length < 3 || query.indexOf("\n") !== -1) {
      list.textContent = "";
      return;
    }
    var current = latestOnly(input);
    fetch(searchUrl + "?" + new URLSearchParams({ q: query }).toString(), {
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data || !current()) {
          return;
        }
        list.textContent = "";
        data.results.forEach(function (reference) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "link-button";
          button.textContent = reference.retracted
            ? interpolate(gettext("%(reference)s (retracted)"), { reference: reference.label }, true)
            : reference.label;
          button.disabled = reference.retracted;
          button.addEventListener("click", function () {
            cite(input.form, reference.id);
          });
          item.appendChild(button);
          list.appendChild(item);
        });
      })
      .catch(function () {});
  }

  document.addEventListener("input", function (event) {
    var element = event.target;
    if (!element.matches) {
      return;
    }
    if (element.matches("textarea[data-readability-audience]")) {
      debounce(element, function () {
        measure(element);
      });
    } else if (searchUrl && element.matches("[data-reference-picker]")) {
      debounce(element, function () {
        search(element);
      });
    }
  });

  // The citation box is a text area (pasted entries span lines), but a typed DOI, PMID
  // or title should go with Enter as in a search box; Shift+Enter starts a new line, and
  // once the box holds several lines Enter does too.
  document.addEventListener("keydown", function (event) {
    var element = event.target;
    if (
      event.key === "Enter" &&
      !event.shiftKey &&
      !event.isComposing &&
      element.matches &&
      element.matches("textarea[data-submit-on-enter]") &&
      element.value.indexOf("\n") === -1 &&
      element.form
    ) {
      event.preventDefault();
      if (element.form.requestSubmit) {
        element.form.requestSubmit();
      } else {
        element.form.submit();
      }
    }
  });
})();
