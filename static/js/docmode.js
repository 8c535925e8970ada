// Document mode (templates/editor/document.html): replaces the textarea with the CodeMirror
// editor (static/vendor/codemirror/docmode-editor.js), checks the document on the server as
// it is typed (problems shown at their line), refreshes the preview, and saves with
// Ctrl/Cmd+S or the Save button without leaving the page. Without this script the page is
// a plain form that checks and saves the same way.
(function () {
  "use strict";
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
        where.textContent = "Line " + problem.line + ":";
        item.appendChild(where);
        item.appendChild(document.createTextNode(" " + (problem.severity === "warning" ? "(warning) " : "") + problem.message));
        list.appendChild(item);
      });
      heading.textContent = title;
      panel.hidden = problems.length === 0;
    }

    function bytes(text) {
      return new Blob([text]).size;
    }

    async function check(text) {
      if (bytes(text) > maxBytes) {
        var message = "The document is " + bytes(text).toLocaleString("en") + " bytes; the limit is " + maxBytes.toLocaleString("en") + " bytes.";
        showProblems([{ line: 1, message: message }], "1 problem in the document");
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
        say("The document could not be checked (no connection). Your text is kept.", "error");
        return null;
      }
      var data = await response.json().catch(function () { return {}; });
      if (!response.ok) {
        say(data.message || (response.status === 413 ? "The document is too large to check." : "The document could not be checked."), "error");
        return null;
      }
      var problems = data.errors.map(function (e) { return { line: e.line, message: e.message, severity: "error" }; })
        .concat(data.warnings.map(function (w) { return { line: w.line, message: w.message, severity: "warning" }; }));
      var errors = data.errors.length;
      showProblems(problems, errors ? errors + " problem" + (errors === 1 ? "" : "s") + " in the document" : "Warnings");
      if (errors === 0) {
        preview.innerHTML = data.preview; // rendered and sanitised on the server (articles/rendering.py)
        if (!saving) say(text === saved ? "No problems found." : "No problems found. Not saved yet.");
      } else if (!saving) {
        say(errors + " problem" + (errors === 1 ? "" : "s") + " in the document; the preview shows the last good version.", "error");
      }
      return problems;
    }

    async function save() {
      var text = view.state.doc.toString();
      textarea.value = text;
      saving = true;
      say("Saving…");
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
        say("Not saved: no connection. Your text is kept; try again.", "error");
        return;
      }
      var data = await response.json().catch(function () { return {}; });
      saving = false;
      if (response.ok) {
        version.value = data.version;
        saved = text;
        say(data.message + " (" + new Date().toLocaleTimeString() + ")", "ok");
      } else if (data.errors) {
        say("Not saved: " + data.errors.length + " problem" + (data.errors.length === 1 ? "" : "s") + " in the document. Your text is kept.", "error");
        window.DocmodeEditor.forceLinting(view);
      } else {
        // Stale (someone saved since this page was opened) or locked: the text stays here.
        say("Not saved: " + (data.message || "the server refused the save.") + " Your text is kept in the editor; copy it, reload the page to see their version, and merge.", "error");
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
      label: label ? label.textContent : "Document",
      readOnly: textarea.readOnly,
      delay: 400,
      nonce: nonce,
      check: check,
      onChange: function (text) { textarea.value = text; if (!saving) say("Not saved yet."); },
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
