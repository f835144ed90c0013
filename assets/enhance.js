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

  // 2. A Radix slider names its root but not its thumb, the part that takes focus and that screen readers
  // announce: copy the root's data-thumb-label onto each thumb (also when React renders it later).
  function labelThumbs() {
    var roots = document.querySelectorAll("[data-thumb-label]");
    for (var i = 0; i < roots.length; i++) {
      var thumbs = roots[i].querySelectorAll("[role=slider]:not([aria-label])");
      for (var j = 0; j < thumbs.length; j++) thumbs[j].setAttribute("aria-label", roots[i].dataset.thumbLabel);
    }
  }
  function watch() {
    labelThumbs();
    new MutationObserver(labelThumbs).observe(document.body, { childList: true, subtree: true });
  }
  if (document.body) watch();
  else document.addEventListener("DOMContentLoaded", watch);
})();
