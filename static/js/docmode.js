// Document mode (templates/editor/document.html): replaces the textarea with the CodeMirror
// editor (static/vendor/codemirror/docmode-editor.js), checks the document on the server as
// it is typed (problems shown at their line), refreshes the preview, and saves with
// Ctrl/Cmd+S or the Save button without leaving the page. Without this script the page is
// a plain form that checks and saves the same way.
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
  // The page's CSP nonce, for the one <style> element CodeMirror writes (desk/views/document.py).
  var nonce = document.currentScript ? document.currentScript.nonce : "";

  function start() {
    var form = document.getElementById("docmode-form");
    var textarea = document.getElementById("docmode-text");
    if (!form || !textarea || !window.DocmodeEditor || !window.fetch) return;
    var status = document.getElementById("docmode-status");
    var version = document.getElementById("docmode-version");
    var preview = document.getElementById("docmode-preview");
    var panel = document.getElementById("docmode-problems");
    var list = document.getElementById("docmode-problem-list");
    var heading = document.getElementById("docmode-problems-heading");
    var saveButton = form.querySelector("button[value=save]");
    var checkButton = form.querySelector("button[value=check]");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var maxBytes = parseInt(form.dataset.maxBytes, 10);
    var saved = textarea.value;
    var saving = false;

    function say(message, kind) {
      status.textContent = message;
      status.className = "small docmode-status" + (kind ? " docmode-status-" + kind : "");
    }

    function showProblems(problems, title) {
      list.textContent = "";
      problems.forEach(function (problem) {
        var item = document.createElement("li");
        var where = document.createElement("strong");
        where.textContent = interpolate(gettext("Line %(line)s:"), { line: problem.line }, true);
        item.appendChild(where);
        item.appendChild(document.createTextNode(" " + (problem.severity === "warning" ? gettext("(warning)") + " " : "") + problem.message));
        list.appendChild(item);
      });
      heading.textContent = title;
      panel.hidden = problems.length === 0;
    }

    function problemsIn(count) {
      return interpolate(ngettext("%(count)s problem in the document", "%(count)s problems in the document", count), { count: count }, true);
    }

    function bytes(text) {
      return new Blob([text]).size;
    }

    async function check(text) {
      if (bytes(text) > maxBytes) {
        var message = interpolate(gettext("The document is %(size)s bytes; the limit is %(limit)s bytes."), { size: bytes(text).toLocaleString("en"), limit: maxBytes.toLocaleString("en") }, true);
        showProblems([{ line: 1, message: message }], problemsIn(1));
        return [{ line: 1, message: message }];
      }
      var response;
      try {
        response = await fetch(form.dataset.checkUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
          body: JSON.stringify({ text: text }),
          credentials: "same-origin",
        });
      } catch (error) {
        say(gettext("The document could not be checked (no connection). Your text is kept."), "error");
        return null;
      }
      var data = await response.json().catch(function () { return {}; });
      if (!response.ok) {
        say(data.message || (response.status === 413 ? gettext("The document is too large to check.") : gettext("The document could not be checked.")), "error");
        return null;
      }
      var problems = data.errors.map(function (e) { return { line: e.line, message: e.message, severity: "error" }; })
        .concat(data.warnings.map(function (w) { return { line: w.line, message: w.message, severity: "warning" }; }));
      var errors = data.errors.length;
      showProblems(problems, errors ? problemsIn(errors) : gettext("Warnings"));
      if (errors === 0) {
        preview.innerHTML = data.preview; // rendered and sanitised on the server (articles/rendering.py)
        if (!saving) say(text === saved ? gettext("No problems found.") : gettext("No problems found. Not saved yet."));
      } else if (!saving) {
        say(interpolate(ngettext("%(count)s problem in the document; the preview shows the last good version.", "%(count)s problems in the document; the preview shows the last good version.", errors), { count: errors }, true), "error");
      }
      return problems;
    }

    async function save() {
      var text = view.state.doc.toString();
      textarea.value = text;
      saving = true;
      say(gettext("Saving…"));
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrf);
      body.append("version", version.value);
      body.append("text", text);
      body.append("action", "save");
      var response;
      try {
        response = await fetch(form.getAttribute("action") || window.location.href, {
          method: "POST", body: body, headers: { Accept: "application/json" }, credentials: "same-origin",
        });
      } catch (error) {
        saving = false;
        say(gettext("Not saved: no connection. Your text is kept; try again."), "error");
        return;
      }
      var data = await response.json().catch(function () { return {}; });
      saving = false;
      if (response.ok) {
        version.value = data.version;
        saved = text;
        say(data.message + " (" + new Date().toLocaleTimeString() + ")", "ok");
      } else if (data.errors) {
        say(interpolate(ngettext("Not saved: %(count)s problem in the document. Your text is kept.", "Not saved: %(count)s problems in the document. Your text is kept.", data.errors.length), { count: data.errors.length }, true), "error");
        window.DocmodeEditor.forceLinting(view);
      } else {
        // Stale (someone saved since this page was opened) or locked: the text stays here.
        say(interpolate(gettext("Not saved: %(reason)s Your text is kept in the editor; copy it, reload the page to see their version, and merge."), { reason: data.message || gettext("the server refused the save.") }, true), "error");
      }
    }

    var holder = document.createElement("div");
    holder.className = "docmode-editor";
    textarea.parentNode.insertBefore(holder, textarea);
    textarea.hidden = true;
    var label = form.querySelector("label[for=docmode-text]");
    var view = window.DocmodeEditor.create({
      parent: holder,
      doc: textarea.value,
      label: label ? label.textContent : gettext("Document"),
      readOnly: textarea.readOnly,
      delay: 400,
      nonce: nonce,
      check: check,
      onChange: function (text) { textarea.value = text; if (!saving) say(gettext("Not saved yet.")); },
      onSave: function () { if (saveButton) save(); },
      onEscape: function () { (saveButton || preview).focus(); },
    });
    if (label) {
      label.removeAttribute("for");
      label.id = "docmode-label";
      view.contentDOM.setAttribute("aria-labelledby", "docmode-label");
    }
    view.contentDOM.setAttribute("aria-describedby", "docmode-status");
    document.querySelectorAll(".docmode-keys").forEach(function (el) { el.hidden = false; });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (event.submitter === checkButton) {
        window.DocmodeEditor.forceLinting(view);
        view.focus();
      } else {
        save();
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (view.state.doc.toString() !== saved) event.preventDefault();
    });
    window.docmodeView = view; // for the browser tests
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
