"""Head tags that make the app installable: manifest, icons, theme colour, service worker."""

import reflex as rx

from interview_app import styles

SERVICE_WORKER_SCRIPT = """
if (typeof window !== 'undefined' && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', {scope: '/'}).then(
    function (r) { window.__swScope = r.scope; },
    function (e) { window.__swError = String(e); }
  );
}
"""


def head_components() -> list[rx.Component]:
    """The tags every page's <head> gets."""
    return [
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.meta(name="theme-color", content=styles.THEME_COLOR),
        rx.el.meta(name="application-name", content="Interview Coach"),
        rx.el.meta(name="apple-mobile-web-app-capable", content="yes"),
        rx.el.meta(name="apple-mobile-web-app-title", content="Coach"),
        rx.el.link(rel="icon", href="/favicon.ico", sizes="any"),
        rx.el.link(rel="icon", href="/icons/icon.svg", type="image/svg+xml"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        rx.el.script(SERVICE_WORKER_SCRIPT),
        # Recorded answers (WebM) show their length in every player (assets/enhance.js).
        rx.el.script(src="/enhance.js", defer=True),
    ]
