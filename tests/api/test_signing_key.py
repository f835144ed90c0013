"""The live app, started like a default install (no SECRET_KEY), signs links with a key of its own."""

from __future__ import annotations

import hashlib
import hmac
import stat
import time

import httpx
import pytest

from interview_app.settings import DEV_SECRET_KEY
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e


def _sign(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def test_the_app_made_a_private_key_and_refuses_links_forged_with_the_public_one(live: LiveServer):
    path = live.data_dir / "secret_key"
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
    own = live.secret_key()
    assert own != DEV_SECRET_KEY and len(own) >= 32
    expires = int(time.time()) + 3600
    with httpx.Client(base_url=live.url, timeout=10) as client:
        for user_id in (1, 2):
            media = f"/api/v1/recordings/media/1?u={user_id}&e={expires}"
            export = f"/api/v1/exports/1/download?u={user_id}&e={expires}"
            assert client.get(f"{media}&s={_sign(DEV_SECRET_KEY, f'media:1:{user_id}:{expires}')}").status_code == 403
            forged = _sign(DEV_SECRET_KEY, f"export:1:{user_id}:{expires}")
            assert client.get(f"{export}&s={forged}").status_code == 403
            # The app's own key passes the signature check; nothing is behind these ids, hence 404.
            assert client.get(f"{media}&s={_sign(own, f'media:1:{user_id}:{expires}')}").status_code == 404
