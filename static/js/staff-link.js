// Shows the header's "Staff area" link in a browser where staff signed in. The page itself
// is the same for everyone (so caches can share it); config/staff.py sets the cookie.
(function () {
  "use strict";
  if (!/(?:^|;\s*)staff_hint=1(?:;|$)/.test(document.cookie)) return;
  document.querySelectorAll(".staff-link").forEach(function (item) {
    item.hidden = false;
  });
})();
