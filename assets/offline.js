/* The offline page's behaviour (a file, not an inline script: the page is shown from the service worker's
 * cache, and an external script from 'self' runs under any Content-Security-Policy the copy was stored with). */
// This file is served in place of any page: say what applies to the one the user asked for.
if (location.pathname.startsWith("/interview/")) {
  document.getElementById("offline-text").textContent =
    "Your interview waits where you left it, with the draft saved before the connection dropped. " +
    "It opens again by itself as soon as you are back online.";
}
// Reload the page the user asked for (this file is served in its place).
document.getElementById("retry").addEventListener("click", () => location.reload());
// Come back on our own as soon as the connection returns.
window.addEventListener("online", () => {
  document.getElementById("state").textContent = "Reconnecting…";
  location.reload();
});
