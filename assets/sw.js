/* Interview Coach service worker (plain ES2020, no build step).
 * - Pre-caches the offline page, manifest and icons (the "shell").
 * - Pages: network-first, falling back to a cached copy, then /offline.html.
 * - Static assets: stale-while-revalidate.
 * - Never touches the Reflex backend (/_event websocket, /_upload, /api, ...).
 * Bump CACHE when the shell list changes; old caches are deleted on activate. */
const CACHE = "ic-shell-v2";
const OFFLINE_URL = "/offline.html";
const SHELL = [
  OFFLINE_URL,
  "/offline.js",
  "/manifest.webmanifest",
  "/favicon.ico",
  "/icons/icon.svg",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/maskable-192.png",
  "/icons/maskable-512.png",
  "/icons/apple-touch-icon.png",
  "/icons/favicon-32.png",
];
// The app's own /offline page is optional: if it is missing it must not break install.
const OPTIONAL = ["/offline"];
const BYPASS = ["/_event", "/_upload", "/api", "/_health", "/ping", "/socket.io"];
const STATIC_EXT = /\.(?:js|css|png|svg|woff2)$/i;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL); // all-or-nothing for the required shell
    await Promise.allSettled(OPTIONAL.map((url) => cache.add(url)));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k.startsWith("ic-") && k !== CACHE).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

const cacheable = (res) => res && res.ok && res.type === "basic";

// Network-first for page loads. Pages are cached by path only (query stripped),
// so one-time tokens such as /reset-password?token=... never land in the cache.
async function handleNavigation(request, url) {
  const key = url.origin + url.pathname;
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (cacheable(res)) cache.put(key, res.clone());
    return res;
  } catch (err) {
    return (await cache.match(key)) || (await offlinePage(url, cache)) || Response.error();
  }
}

// The offline page says what is true of the page asked for: an interview keeps its place and its draft. The
// text is put in here, by the worker, so the page needs no script to say it.
const INTERVIEW_OFFLINE_TEXT =
  "Your interview waits where you left it, with the draft saved before the connection dropped. " +
  "It opens again by itself as soon as you are back online.";

async function offlinePage(url, cache) {
  const page = await cache.match(OFFLINE_URL);
  if (!page || !url.pathname.startsWith("/interview/")) return page;
  const html = (await page.text()).replace(
    /(<p id="offline-text">)[^<]*(<\/p>)/,
    (_, open, close) => open + INTERVIEW_OFFLINE_TEXT + close,
  );
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8" });
  const policy = page.headers.get("Content-Security-Policy");
  if (policy) headers.set("Content-Security-Policy", policy);
  return new Response(html, { status: 200, headers });
}

// Stale-while-revalidate: answer from cache at once, refresh it in the background.
async function handleStatic(event) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(event.request);
  const network = fetch(event.request).then((res) => {
    if (cacheable(res)) cache.put(event.request, res.clone());
    return res;
  });
  if (cached) {
    event.waitUntil(network.catch(() => undefined)); // keep the SW alive for the update
    return cached;
  }
  return network;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return; // pass through
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.protocol.startsWith("ws") || request.headers.get("Upgrade") === "websocket") return;
  if (BYPASS.some((p) => url.pathname.startsWith(p))) return; // backend: never intercept

  if (request.mode === "navigate") {
    event.respondWith(handleNavigation(request, url));
  } else if (url.pathname.startsWith("/assets/") || url.pathname.startsWith("/icons/") || STATIC_EXT.test(url.pathname)) {
    event.respondWith(handleStatic(event));
  } // everything else: default network handling
});

// Web push: payload is JSON {title, body, url, tag}; tolerate missing/plain-text data.
// One notification per tag (the server sends "quiz-<day>"): a second reminder the same day replaces the first.
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch { data = { body: event.data.text() }; }
  const tag = data.tag || "ic-" + new Date().toISOString().slice(0, 10);
  event.waitUntil(self.registration.showNotification(data.title || "Interview Coach", {
    body: data.body || "",
    icon: "/icons/icon-192.png",
    badge: "/icons/favicon-32.png",
    tag: tag,
    data: { url: data.url || "/dashboard" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  // Only follow same-origin links from a push payload.
  let target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) target = new URL("/", self.location.origin);
  event.waitUntil((async () => {
    const wins = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const same = wins.find((c) => c.url === target.href) || wins.find((c) => new URL(c.url).origin === target.origin);
    if (same) {
      const client = await same.focus(); // focus first, while the click still counts
      if (client.url !== target.href && "navigate" in client) await client.navigate(target.href).catch(() => undefined);
      return client;
    }
    return self.clients.openWindow(target.href);
  })());
});
