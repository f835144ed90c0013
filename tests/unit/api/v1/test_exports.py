"""/api/v1/exports in process: request, status with the signed download link, limits, only one's own."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from interview_app import background
from interview_app.services.privacy import privacy
from tests.support.api_tokens import bearer

BASE = "/api/v1/exports"


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    jobs: list[tuple] = []
    monkeypatch.setattr(background, "enqueue", lambda *args: jobs.append(args))
    return jobs


def test_an_export_is_requested_built_and_downloaded_with_its_link(
    session: Session, client: TestClient, make_user, queued, override_settings, tmp_path
):
    override_settings(data_dir=tmp_path)
    ada = make_user()
    headers = bearer(session, ada)
    asked = client.post(BASE, headers=headers)
    assert asked.status_code == 202, asked.text
    export = asked.json()
    assert export["status"] == "queued" and export["download_url"] is None
    assert queued == [(background.EXPORT_USER_DATA, export["id"])]
    again = client.post(BASE, headers=headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "in_progress"
    assert privacy.build_export(export["id"]) == "ready"
    ready = client.get(f"{BASE}/{export['id']}", headers=headers).json()
    assert ready["status"] == "ready" and ready["size_bytes"] > 0 and ready["download_url"]
    download = client.get(ready["download_url"])
    assert download.status_code == 200 and download.headers["content-type"] == "application/zip"
    assert [e["id"] for e in client.get(BASE, headers=headers).json()["items"]] == [export["id"]]
    retry = client.post(f"{BASE}/{export['id']}/retry", headers=headers)
    assert retry.status_code == 409 and retry.json()["error"]["code"] == "not_failed"


def test_another_users_export_is_not_found_and_the_hourly_limit_answers_429(
    session: Session, client: TestClient, make_user, queued, override_settings, tmp_path
):
    override_settings(data_dir=tmp_path, exports_per_hour=1)
    ada, bob = make_user(), make_user("bob@example.com")
    export = client.post(BASE, headers=bearer(session, ada)).json()
    bob_headers = bearer(session, bob)
    for response in (
        client.get(f"{BASE}/{export['id']}", headers=bob_headers),
        client.post(f"{BASE}/{export['id']}/retry", headers=bob_headers),
    ):
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert privacy.build_export(export["id"]) == "ready"
    limited = client.post(BASE, headers=bearer(session, ada))
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert limited.json()["error"]["details"]["retry_after"] > 0
