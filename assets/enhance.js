// Small fixes the components cannot make themselves, for every page (loaded from the <head>, deferred).
(function () {
  if (typeof window === "undefined" || window.__icEnhance) return;
  window.__icEnhance = true;

  // 1. Recordings made with MediaRecorder (WebM) carry no duration in their header, so a player shows
  // "0:00 / 0:00" until the browser has read the whole file. For any <audio> or <video> whose length is
  // unknown once its metadata loads, seek far past the end once: the browser reads to the end, reports
  // the real length (durationchange) and the player goes back to the start.
  function probe(media) {
    if (isFinite(media.duration) || media.dataset.icProbing === "1") return;
    media.dataset.icProbing = "1";
    var settle = function () {
      if (!isFinite(media.duration)) return;
      media.removeEventListener("durationchange", settle);
      media.removeEventListener("timeupdate", settle);
      media.currentTime = 0;
      media.dataset.icProbing = "";
    };
    media.addEventListener("durationchange", settle);
    media.addEventListener("timeupdate", settle);
    media.currentTime = 1e101;
  }
  // loadedmetadata does not bubble: listen in the capture phase, so players added later are covered too.
  document.addEventListener(
    "loadedmetadata",
    function (event) {
      if (event.target instanceof HTMLMediaElement) probe(event.target);
    },
    true
  );

  // 2. What components render without a name or keyboard access, fixed as React renders them:
  // - a Radix slider names its root, not its thumb (the part that takes focus): the root's data-thumb-label;
  // - an upload's file input has no label: its drop zone's data-input-label;
  // - a wide table scrolls sideways on phones inside a viewport the keyboard cannot reach: make it focusable.
  function name(attribute, inner) {
    var roots = document.querySelectorAll("[" + attribute + "]");
    for (var i = 0; i < roots.length; i++) {
      var found = roots[i].querySelectorAll(inner + ":not([aria-label])");
      for (var j = 0; j < found.length; j++) found[j].setAttribute("aria-label", roots[i].getAttribute(attribute));
    }
  }
  function fix() {
    name("data-thumb-label", "[role=slider]");
    name("data-input-label", "input[type=file]");
    var viewports = document.querySelectorAll(".rt-TableRoot .rt-ScrollAreaViewport:not([tabindex])");
    for (var k = 0; k < viewports.length; k++) viewports[k].setAttribute("tabindex", "0");
  }
  function watch() {
    fix();
    new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  }
  if (document.body) watch();
  else document.addEventListener("DOMContentLoaded", watch);
})();
