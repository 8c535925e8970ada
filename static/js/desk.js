/*
 * The editors' desk, in place (docs/editor.md). htmx sends each form and swaps in the piece
 * of the page the server answers with (desk/views/inplace.py); this file adds what htmx
 * does not know about the desk:
 *  - nothing typed is lost: an open claim saves when the focus leaves it, Ctrl/Cmd+S saves
 *    it, a page with unsaved text warns before it is left, a refusal is shown beside the form
 *    and leaves the form as it was, and a stale save comes back with the editor's text kept;
 *  - the keyboard: Enter opens a claim; Enter at the end of a claim's text starts the next
 *    claim below it; Alt+C goes to the citation box; Alt+Up/Down moves the claim; Esc
 *    closes it; the focus lands on a predictable place after each action;
 *  - the fresh version tokens (X-Desk-Versions) and the new place of a moved claim or
 *    section (X-Desk-Place), so nothing else on the page is redrawn;
 *  - the confirmation shown where the change happened (X-Desk-Done: the slot of the claim,
 *    section or form, as a page load shows it; articles/placed_messages.py);
 *  - every open claim's "Move to" list, rebuilt from the sections on the page after each
 *    change, so a section added, renamed or deleted in place is there at once.
 * Every form still works without this file (and without htmx) as a plain POST.
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

  var desk = document.querySelector("[data-desk]");
  if (!desk || !window.htmx) {
    return;
  }
  var htmx = window.htmx;
  var status = document.getElementById("desk-status");
  var moving = false;
  var quietIds = {};
  var quietAdd = false;

  // --- Helpers -----------------------------------------------------------------------------

  function say(text) {
    if (!status) {
      return;
    }
    status.textContent = "";
    var p = document.createElement("p");
    p.className = "desk-toast";
    p.textContent = text;
    status.appendChild(p);
  }

  function claimOf(element) {
    return element && element.closest ? element.closest("li.editor-claim") : null;
  }

  function formChanged(form) {
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") {
        return false;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        return field.checked !== field.defaultChecked;
      }
      if (field.tagName === "SELECT") {
        return Array.prototype.some.call(field.options, function (option) {
          return option.selected !== option.defaultSelected;
        });
      }
      return field.value !== field.defaultValue;
    });
  }

  function markSaved(form) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        field.defaultChecked = field.checked;
      } else if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.defaultSelected = option.selected;
        });
      } else if (field.type !== "hidden") {
        field.defaultValue = field.value;
      }
    });
  }

  function hasText(form) {
    var text = form.querySelector("[data-default-text]");
    return Boolean(text && text.value.trim());
  }

  function unsaved() {
    return Array.prototype.some.call(desk.querySelectorAll("form"), function (form) {
      if (form.matches("[data-claim-form]") || form.closest("[data-new-claim]")) {
        return formChanged(form);
      }
      if (form.matches("[data-composer]")) {
        return hasText(form);
      }
      return false;
    });
  }

  function focusEnd(field) {
    field.focus();
    if (typeof field.setSelectionRange === "function" && field.value !== undefined) {
      var end = field.value.length;
      try {
        field.setSelectionRange(end, end);
      } catch (ignored) {
        /* Not every field has a selection. */
      }
    }
  }

  function focusClaim(li) {
    if (!li || !li.isConnected) {
      return;
    }
    var target = li.querySelector("[data-default-text]") || li.querySelector(".claim-open");
    if (target) {
      focusEnd(target);
    }
  }

  function claimUrl(li) {
    var form = li.querySelector("[data-claim-form]");
    if (form) {
      return form.getAttribute("action");
    }
    var link = li.querySelector(".claim-open");
    return link ? link.getAttribute("data-hx-get").split("?")[0] : null;
  }

  // Requests started by the desk itself (not by a person pressing a button) swap quietly:
  // the focus stays wherever the person has gone since.
  function send(verb, url, options) {
    return htmx.ajax(verb, url, options);
  }

  function save(li, options) {
    var form = li.querySelector("[data-claim-form]");
    li.dataset.sending = "1";
    quietIds[li.id] = Boolean(options && options.quiet);
    return send("POST", form.getAttribute("action"), {
      source: form,
      target: li,
      swap: "outerHTML",
    });
  }

  function close(li, options) {
    li.dataset.sending = "1";
    quietIds[li.id] = Boolean(options && options.quiet);
    return send("GET", claimUrl(li), { source: li, target: li, swap: "outerHTML" });
  }

  // As a person's Enter in a field would: the browser checks the form, then htmx sends it
  // (or, were htmx missing, the browser posts it as a plain form).
  function submit(form) {
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      htmx.trigger(form, "submit");
    }
  }

  function submitNew(li) {
    li.dataset.sending = "1";
    submit(li.querySelector("form"));
  }

  function saveAndKeepEditing(li) {
    var form = li.querySelector("[data-claim-form]");
    return send("POST", form.getAttribute("action"), {
      source: form,
      target: li,
      swap: "none",
      values: { keep: "1" },
    }).then(function () {
      markSaved(form);
    });
  }

  // The next claim's empty form, made here from the section's own "Add a claim" form so
  // that it is there at once: what is typed right after Enter goes into it, never into a
  // form that a slower answer is about to replace.
  var fresh = 0;
  function freshClaimAfter(li, afterPk) {
    var section = li.closest(".editor-section");
    var composer = section && section.querySelector("form[data-composer]");
    if (!composer) {
      return null;
    }
    fresh += 1;
    var prefix = "next" + fresh + "-";
    var form = composer.cloneNode(true);
    form.removeAttribute("data-composer");
    form.removeAttribute("data-next");
    form.setAttribute("data-hx-target", "closest li");
    form.setAttribute("data-hx-swap", "outerHTML");
    form.querySelectorAll("[id]").forEach(function (element) {
      element.id = prefix + element.id;
    });
    form.querySelectorAll("label[for]").forEach(function (label) {
      label.htmlFor = prefix + label.htmlFor;
    });
    form.querySelectorAll("[data-readability-output]").forEach(function (field) {
      field.setAttribute("data-readability-output", prefix + field.getAttribute("data-readability-output"));
    });
    form.querySelectorAll("textarea").forEach(function (field) {
      field.value = "";
      field.defaultValue = "";
    });
    form.querySelectorAll("output").forEach(function (output) {
      output.textContent = "";
    });
    var after = document.createElement("input");
    after.type = "hidden";
    after.name = "after";
    after.value = afterPk || "";
    form.insertBefore(after, form.firstChild);
    var cancel = document.createElement("p");
    cancel.className = "small";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.setAttribute("data-cancel", "");
    button.textContent = gettext("Cancel");
    cancel.appendChild(button);
    cancel.appendChild(document.createTextNode(" (Esc)"));
    form.appendChild(cancel);
    var item = document.createElement("li");
    item.className = "editor-claim claim-new is-editing";
    item.setAttribute("data-new-claim", "");
    item.appendChild(form);
    li.parentNode.insertBefore(item, li.nextSibling);
    htmx.process(item);
    item.querySelector("[data-default-text]").focus();
    return item;
  }

  function leave(li) {
    // The focus left an open claim: keep what was typed, then show it compact.
    if (!li.isConnected || li.contains(document.activeElement) || moving || li.dataset.sending) {
      return;
    }
    if (li.hasAttribute("data-new-claim")) {
      var newForm = li.querySelector("form");
      if (hasText(newForm)) {
        quietAdd = true;
        submitNew(li);
      } else if (!formChanged(newForm)) {
        li.remove();
      }
      return;
    }
    var form = li.querySelector("[data-claim-form]");
    if (!form || li.querySelector(".conflict")) {
      return; // A conflict is settled by the editor, never by leaving it.
    }
    if (formChanged(form)) {
      save(li, { quiet: true });
    } else {
      close(li, { quiet: true });
    }
  }

  // --- Answers from the server ---------------------------------------------------------------

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
      event.detail.shouldSwap = false;
      say(gettext("You were signed out. Sign in again in another tab, then save: your text is still here."));
      return;
    }
    if (xhr.status < 400) {
      return;
    }
    var refusal = xhr.getResponseHeader("X-Desk-Refusal");
    if (refusal) {
      var place = source && source.closest("li.editor-claim, .section-head, form, .editor-section");
      var alert = place && place.querySelector("[data-desk-alert]");
      alert = alert || (place && place.parentElement && place.parentElement.querySelector("[data-desk-alert]"));
      if (alert) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
        event.detail.target = alert;
        event.detail.swapOverride = "innerHTML";
        return;
      }
    } else if (xhr.status === 409 && /class="conflict"/.test(xhr.responseText)) {
      event.detail.shouldSwap = true; // the claim again, with the editor's text kept
      event.detail.isError = false;
      return;
    }
    event.detail.shouldSwap = false;
    say(interpolate(gettext("Not saved (the server answered %(status)s). What you typed is still here; try again or reload the page in another tab."), { status: xhr.status }, true));
  });

  document.body.addEventListener("htmx:sendError", function () {
    say(gettext("The server could not be reached. Nothing was saved and nothing you typed is lost; try again."));
  });

  function applyVersions(xhr) {
    var header = xhr.getResponseHeader("X-Desk-Versions");
    if (!header) {
      return;
    }
    var tokens = JSON.parse(header);
    Object.keys(tokens).forEach(function (key) {
      desk.querySelectorAll('[data-version-of="' + key + '"]').forEach(function (input) {
        input.value = tokens[key];
        input.defaultValue = tokens[key];
      });
    });
  }

  function applyPlace(xhr) {
    var header = xhr.getResponseHeader("X-Desk-Place");
    if (!header) {
      return;
    }
    var place = JSON.parse(header);
    var focused = document.activeElement;
    var node, parent, siblings;
    if (place.claim) {
      node = document.getElementById(place.claim);
      parent = document.getElementById(place.section + "-claims");
      if (!node || !parent) {
        return;
      }
      siblings = Array.prototype.filter.call(parent.children, function (child) {
        return child !== node && child.matches("li.editor-claim:not(.claim-new)");
      });
      node.dataset.section = place.section.replace("section-", "");
    } else if (place.section && typeof place.index === "number") {
      node = document.getElementById(place.section);
      parent = document.getElementById("section-list");
      if (!node || !parent) {
        return;
      }
      siblings = Array.prototype.filter.call(parent.children, function (child) {
        return child !== node && child.matches(".editor-section:not(.editor-lead)");
      });
    } else {
      return;
    }
    moving = true;
    parent.insertBefore(node, siblings[place.index] || null);
    if (focused && focused.isConnected && focused !== document.activeElement) {
      focused.focus();
    }
    node.scrollIntoView({ block: "nearest" });
    moving = false;
  }

  // One confirmation at a time, in the slot of the place that changed.
  function applyDone(xhr) {
    var header = xhr.getResponseHeader("X-Desk-Done");
    if (!header) {
      return;
    }
    var done = JSON.parse(header);
    var slot = desk.querySelector('[data-placed="' + CSS.escape(done.place) + '"]');
    desk.querySelectorAll("[data-placed]").forEach(function (other) {
      if (other.firstChild) {
        other.textContent = "";
        other.removeAttribute("role");
      }
    });
    if (!slot) {
      return;
    }
    var line = document.createElement("p");
    line.className = "message message-success";
    line.textContent = done.message;
    slot.appendChild(line);
  }

  // Every open claim's "Move to": the page's sections but its own, in the page's order.
  function refreshMoveTo() {
    var sections = Array.prototype.map.call(
      document.querySelectorAll("#section-list > .editor-section"),
      function (section) {
        var heading = section.querySelector(".section-head h3");
        return { pk: section.getAttribute("data-section"), label: heading ? heading.textContent.trim() : "" };
      }
    );
    desk.querySelectorAll("select[data-move-to]").forEach(function (select) {
      var own = select.closest(".editor-section");
      var ownPk = own ? own.getAttribute("data-section") : null;
      var chosen = select.value;
      select.textContent = "";
      sections.forEach(function (section) {
        if (section.pk === ownPk) {
          return;
        }
        var option = document.createElement("option");
        option.value = section.pk;
        option.textContent = section.label;
        option.selected = section.pk === chosen;
        select.appendChild(option);
      });
      select.form.hidden = select.options.length === 0;
    });
  }

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var sender = claimOf(event.detail.elt);
    if (sender && sender.isConnected) {
      delete sender.dataset.sending; // refused: the claim is the editor's again
    }
    var xhr = event.detail.xhr;
    if (!xhr || !event.detail.successful) {
      return;
    }
    applyVersions(xhr);
    applyPlace(xhr);
    applyDone(xhr);
    refreshMoveTo();
    var elt = event.detail.elt;
    if (elt && elt.matches && elt.matches("[data-composer]")) {
      elt.reset();
      elt.querySelectorAll("output.readability").forEach(function (output) {
        output.textContent = "";
      });
      if (elt.dataset.next === "1") {
        // Enter at the end: the composer stays open for the next claim.
        elt.dataset.next = "";
        focusEnd(elt.querySelector("[data-default-text]"));
      } else {
        elt.closest("details").open = false;
        var added = elt.closest(".editor-section").querySelector(".editor-claims > li:last-child .claim-open");
        if (added) {
          added.focus();
        }
      }
    }
    var sources = event.detail.target;
    if (sources && sources.classList && sources.classList.contains("claim-sources")) {
      // After the citation box answers: a looked-up source's confirm button, else the
      // first library match, else the box again.
      var next =
        sources.querySelector(".found-source button") ||
        sources.querySelector(".picker-choices button") ||
        sources.querySelector("[data-reference-picker]");
      if (next) {
        next.focus();
      }
    }
  });

  // Which claim a delete removes, so the focus can go to its neighbour.
  var neighbour = null;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var li = claimOf(elt);
    neighbour = null;
    if (li && elt.matches && elt.matches("form") && /\/delete\/$/.test(elt.getAttribute("action") || "")) {
      neighbour = li.nextElementSibling || li.previousElementSibling || li.closest(".editor-section").querySelector(".add-claim summary");
    }
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target.isConnected && neighbour) {
      if (neighbour.matches("li")) {
        focusClaim(neighbour);
      } else {
        neighbour.focus();
      }
      neighbour = null;
    }
  });

  // New content: a claim (opened, saved, closed, added) gets the focus unless the desk
  // swapped it quietly because the person had already gone elsewhere; a claim added with
  // Enter at its end starts the next one below it.
  var composing = false;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    composing = Boolean(elt && elt.matches && elt.matches("[data-composer]"));
  });

  htmx.onLoad(function (element) {
    if (element === document.body) {
      // htmx has read the whole page (after DOMContentLoaded): every form is now sent in
      // place. What a browser test waits for before it clicks or types; marked any
      // earlier, a click could still post a plain form.
      desk.setAttribute("data-desk-ready", "");
      return;
    }
    if (!element.matches) {
      return;
    }
    var wanted = element.matches("[data-focus]") ? element : element.querySelector("[data-focus]");
    if (element.matches("li.editor-claim") && !element.hasAttribute("data-new-claim")) {
      var quiet = quietIds[element.id] || quietAdd || composing;
      delete quietIds[element.id];
      quietAdd = false;
      var next = element.nextElementSibling;
      var after = next && next.hasAttribute("data-new-claim") && next.querySelector("input[name=after]");
      if (after && !after.value) {
        after.value = element.dataset.claim; // the claim it follows now exists
      }
      if (!quiet) {
        focusClaim(element);
      }
      return;
    }
    if (wanted) {
      wanted.removeAttribute("data-focus");
      focusEnd(wanted);
      return;
    }
    if (element.matches(".section-head")) {
      var summary = element.querySelector("summary");
      if (summary) {
        summary.focus();
      }
    }
  });

  // --- Leaving a claim, or the page ---------------------------------------------------------

  desk.addEventListener("focusout", function (event) {
    var li = claimOf(event.target);
    if (!li || !li.classList.contains("is-editing")) {
      return;
    }
    window.setTimeout(function () {
      leave(li);
    }, 0);
  });

  window.addEventListener("beforeunload", function (event) {
    if (unsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // --- Mouse --------------------------------------------------------------------------------

  desk.addEventListener("click", function (event) {
    var take = event.target.closest("[data-take-theirs]");
    if (take) {
      var field = document.getElementById(take.getAttribute("data-take-theirs"));
      if (field) {
        field.value = take.getAttribute("data-text");
        field.dispatchEvent(new Event("input", { bubbles: true }));
        focusEnd(field);
      }
      return;
    }
    var cancel = event.target.closest("[data-cancel]");
    if (cancel) {
      var li = claimOf(cancel);
      var previous = li.previousElementSibling;
      li.remove();
      focusClaim(previous);
      return;
    }
    // A click anywhere on a compact claim opens it, as a click on its text does.
    var compact = event.target.closest(".claim-compact");
    if (compact && !event.target.closest("a, button")) {
      var open = compact.querySelector("a.claim-open");
      if (open) {
        open.click();
      }
    }
  });

  // --- Keyboard -------------------------------------------------------------------------------

  function atEnd(field) {
    return (
      field.selectionStart === field.value.length &&
      field.selectionEnd === field.value.length &&
      field.value.trim() !== ""
    );
  }

  function onEnter(event, field, li) {
    event.preventDefault();
    var form = field.form;
    if (form.matches("[data-claim-form]")) {
      if (formChanged(form)) {
        save(li, { quiet: true });
      } else {
        close(li, { quiet: true });
      }
      freshClaimAfter(li, li.dataset.claim);
    } else if (form.matches("[data-composer]")) {
      form.dataset.next = "1";
      submit(form);
    } else {
      quietAdd = true;
      submitNew(li);
      freshClaimAfter(li, null);
    }
  }

  function move(li, direction) {
    var button = li.querySelector(".move-" + direction);
    if (button && button.offsetParent !== null) {
      button.click();
    } else {
      say(direction === "up" ? gettext("This claim is already the first.") : gettext("This claim is already the last."));
    }
  }

  desk.addEventListener("keydown", function (event) {
    var field = event.target;
    var li = claimOf(field);
    var mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && (event.key === "s" || event.key === "S")) {
      var form = field.form || (li && li.querySelector("form"));
      if (!form || !desk.contains(form)) {
        return;
      }
      event.preventDefault();
      if (form.matches("[data-claim-form]")) {
        saveAndKeepEditing(li);
      } else if (form.matches("[data-composer]") || form.closest("[data-new-claim]")) {
        submit(form);
      } else if (form.hasAttribute("data-hx-post")) {
        submit(form);
      }
      return;
    }
    var composer = Boolean(field.form && field.form.matches("[data-composer]"));
    if (!li && !composer) {
      return;
    }
    if (
      event.key === "Enter" && !event.shiftKey && !mod && !event.altKey &&
      field.matches("textarea[data-default-text]") && atEnd(field)
    ) {
      onEnter(event, field, li);
      return;
    }
    if (composer) {
      return;
    }
    if (event.altKey && !mod && event.code === "KeyC" && li.classList.contains("is-editing")) {
      var cite = li.querySelector("[data-reference-picker]");
      if (cite) {
        event.preventDefault();
        cite.focus();
      }
      return;
    }
    if (event.altKey && !mod && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      event.preventDefault();
      if (li.classList.contains("is-editing") && !li.hasAttribute("data-new-claim")) {
        move(li, event.key === "ArrowUp" ? "up" : "down");
      }
      return;
    }
    if (event.key === "Escape" && li.classList.contains("is-editing")) {
      event.preventDefault();
      if (li.hasAttribute("data-new-claim")) {
        var newForm = li.querySelector("form");
        if (hasText(newForm)) {
          submitNew(li);
        } else {
          var before = li.previousElementSibling;
          li.remove();
          focusClaim(before);
        }
      } else if (!li.querySelector(".conflict")) {
        var claimForm = li.querySelector("[data-claim-form]");
        (claimForm && formChanged(claimForm) ? save(li) : close(li));
      }
    }
  });
})();
