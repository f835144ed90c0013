// Interview Coach web push: turn reminders to this device (the installed app) on and off.
//
// window.icPush.supported()  -> true when this browser can receive push messages here
// window.icPush.status()     -> Promise of {state, message}; state is "unsupported", "denied",
//                               "enabled" or "disabled"
// window.icPush.enable()     -> asks for permission (call it from a click), subscribes with the server's
//                               VAPID key and registers the subscription; Promise of {ok, state, message}
// window.icPush.disable()    -> unsubscribes and tells the server; Promise of {ok, state, message}
// The page shows `message` (or looks up "push.<state>" in its own strings). The session token is the one
// the app keeps in localStorage ("ic_session"), sent as a Bearer token like assets/recorder.js does.
(function () {
  "use strict";
  const API = "/api/v1/push";
  const SW_URL = "/sw.js";
  const MESSAGES = {
    unsupported:
      "This browser cannot show push notifications. On iPhone and iPad, add Interview Coach to the Home " +
      "Screen first and open it from there.",
    denied: "Notifications are blocked for this site. Allow them in the browser's site settings, then try again.",
    enabled: "Push notifications are on for this device.",
    disabled: "Push notifications are off for this device.",
    failed: "Push notifications could not be turned on. Check the connection and try again.",
    signed_out: "You are signed out. Sign in again to turn on push notifications.",
  };

  function token() {
    return window.localStorage.getItem("ic_session") || "";
  }

  function result(ok, state, message) {
    return { ok: ok, state: state, message: message || MESSAGES[state] || MESSAGES.failed };
  }

  function supported() {
    return (
      typeof window !== "undefined" &&
      window.isSecureContext === true &&
      "serviceWorker" in navigator &&
      "PushManager" in window &&
      "Notification" in window
    );
  }

  // The server key arrives as unpadded base64url; pushManager.subscribe wants the raw bytes.
  function keyBytes(base64url) {
    const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    const raw = window.atob(padded);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function sameKey(subscription, bytes) {
    const current = subscription.options && subscription.options.applicationServerKey;
    if (!current) return true; // the browser does not tell: assume it is ours
    const had = new Uint8Array(current);
    return had.length === bytes.length && had.every(function (b, i) { return b === bytes[i]; });
  }

  async function registration() {
    const existing = await navigator.serviceWorker.getRegistration("/");
    if (!existing) await navigator.serviceWorker.register(SW_URL, { scope: "/" });
    return navigator.serviceWorker.ready;
  }

  async function request(method, path, body) {
    const res = await fetch(API + path, {
      method: method,
      headers: { Authorization: "Bearer " + token(), "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    let data = {};
    try {
      data = await res.json();
    } catch (e) {
      data = {};
    }
    return { status: res.status, data: data };
  }

  async function status() {
    if (!supported()) return result(false, "unsupported");
    if (Notification.permission === "denied") return result(false, "denied");
    const reg = await navigator.serviceWorker.getRegistration("/");
    const subscription = reg ? await reg.pushManager.getSubscription() : null;
    const on = Boolean(subscription) && Notification.permission === "granted";
    return result(true, on ? "enabled" : "disabled");
  }

  async function enable() {
    if (!supported()) return result(false, "unsupported");
    if (!token()) return result(false, "signed_out");
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") return result(false, permission === "denied" ? "denied" : "disabled");
      const keyRes = await fetch(API + "/key", { credentials: "same-origin" });
      if (!keyRes.ok) return result(false, "failed");
      const key = keyBytes((await keyRes.json()).publicKey);
      const reg = await registration();
      let subscription = await reg.pushManager.getSubscription();
      if (subscription && !sameKey(subscription, key)) {
        await subscription.unsubscribe(); // made with another server key: it would be refused
        subscription = null;
      }
      if (!subscription) {
        subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      }
      const res = await request("POST", "/subscriptions", subscription.toJSON());
      if (res.status === 201) return result(true, "enabled");
      // A refusal's body is {"error": {"code", "message", "request_id", "details"}} (docs/api.md).
      const message = res.data && res.data.error && res.data.error.message;
      if (res.status === 401) return result(false, "signed_out", message);
      return result(false, "failed", message);
    } catch (err) {
      const denied = typeof Notification !== "undefined" && Notification.permission === "denied";
      return result(false, denied ? "denied" : "failed");
    }
  }

  async function disable() {
    if (!supported()) return result(false, "unsupported");
    try {
      const reg = await navigator.serviceWorker.getRegistration("/");
      const subscription = reg ? await reg.pushManager.getSubscription() : null;
      if (subscription) {
        const endpoint = subscription.endpoint;
        await subscription.unsubscribe();
        if (token()) await request("DELETE", "/subscriptions", { endpoint: endpoint });
      }
      return result(true, "disabled");
    } catch (err) {
      return result(false, "failed");
    }
  }

  window.icPush = { supported: supported, status: status, enable: enable, disable: disable };
})();
