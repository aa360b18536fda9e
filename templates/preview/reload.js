// reload.js: served only by `primed serve`, never part of a site. It
// reloads the page when the site is rebuilt, or when the report folder's
// problems change. Its own address carries the build the page came from.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = new URL(me.src).searchParams.get("build");
  var events = new EventSource("/_primed/events");
  events.onmessage = function (e) {
    if (e.data !== build) {
      events.close();
      location.reload();
    }
  };
})();
