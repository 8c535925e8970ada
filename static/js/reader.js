// The article page (templates/articles/detail.html). Without this script everything still
// works: the audience form reloads the page at the form, the contents list opens with a click.
(function () {
  "use strict";

  var WIDE = "(min-width: 64rem)";
  // The parts of the page whose text depends on the audience.
  var REGIONS = [".article-lead", ".article-body", ".disclaimer"];

  function openContentsOnWideScreens() {
    var contents = document.getElementById("contents");
    if (contents && window.matchMedia(WIDE).matches) {
      contents.open = true;
    }
  }

  // The element at the top of the window that the reader is reading: a claim, a heading.
  function readingPlace() {
    var candidates = document.querySelectorAll(
      ".article-lead [id], .article-body [id], .article-rest h2[id], .article-rest h3[id]"
    );
    for (var i = 0; i < candidates.length; i++) {
      var box = candidates[i].getBoundingClientRect();
      if (box.bottom > 0) {
        return { id: candidates[i].id, top: box.top };
      }
    }
    return null;
  }

  function keepPlace(place) {
    if (!place) {
      return;
    }
    var element = document.getElementById(place.id);
    if (element) {
      window.scrollBy(0, element.getBoundingClientRect().top - place.top);
    }
  }

  function swap(fresh) {
    REGIONS.forEach(function (selector) {
      var now = document.querySelector(selector);
      var then = fresh.querySelector(selector);
      if (now && then) {
        now.innerHTML = then.innerHTML;
      }
    });
    ["link[rel=canonical]", "meta[name=description]", "meta[property='og:url']"].forEach(
      function (selector) {
        var now = document.head.querySelector(selector);
        var then = fresh.head.querySelector(selector);
        if (now && then) {
          now.replaceWith(then.cloneNode(true));
        }
      }
    );
    var audienceField = document.querySelector(".follow-up input[name=audience]");
    var freshField = fresh.querySelector(".follow-up input[name=audience]");
    if (audienceField && freshField) {
      audienceField.value = freshField.value;
    }
  }

  function showAudience(form, input) {
    var url = new URL(window.location.href);
    url.searchParams.set("audience", input.value);
    url.hash = "";
    var status = document.getElementById("audience-status");
    // The same address the form would load: it answers from the page cache and sets the
    // cookie that remembers the choice.
    return fetch(url.pathname + url.search, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var place = readingPlace();
        swap(fresh);
        keepPlace(place);
        window.history.replaceState(null, "", url.pathname + url.search + window.location.hash);
        if (status) {
          // The sentence comes from the page, in its language (data-announce).
          status.textContent = (status.dataset.announce || "Now showing the text for:") + " " + input.parentNode.textContent.trim() + ".";
        }
      })
      .catch(function () {
        // Fall back to what the form does without a script.
        form.submit();
      });
  }

  function setUpAudienceSwitch() {
    var form = document.querySelector(".audience-form");
    if (!form || !window.fetch || !window.DOMParser) {
      return;
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "audience") {
        showAudience(form, event.target);
      }
    });
    form.addEventListener("submit", function (event) {
      var checked = form.querySelector("input[name=audience]:checked");
      if (checked) {
        event.preventDefault();
        showAudience(form, checked);
      }
    });
  }

  openContentsOnWideScreens();
  setUpAudienceSwitch();
})();
