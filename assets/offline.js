/* The offline page's buttons (a file, not an inline script: the page is shown from the service worker's
 * cache, and an external script from 'self' runs under any Content-Security-Policy the copy was stored with).
 * What the page says for an interview is put in by the service worker (sw.js, offlinePage). */
// Reload the page the user asked for (this file is served in its place).
document.getElementById("retry").addEventListener("click", () => location.reload());
// Come back on our own as soon as the connection returns.
window.addEventListener("online", () => {
  document.getElementById("state").textContent = "Reconnecting…";
  location.reload();
});
