"""A whole interview through the HTTP API only (httpx against the running app, no browser, no database writes):
register, confirm the address from the e-mailed link, sign in, browse the bank, set up an interview, answer
every question (draft, typed answer with its feedback, follow-ups), read the report as JSON and the PDF; then
a spoken answer: pieces of a real recording uploaded and handed in with the access token, transcribed, scored.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from tests.support.journeys import PASSWORD, outbox_link, unique_email
from tests.support.live_server import LiveServer
from tests.support.voice import ANSWER_TEXT, speech_wav

pytestmark = pytest.mark.e2e

V1 = "/api/v1"
ANSWER = (
    "In my last team we disagreed about moving our billing jobs to a queue. I collected a week of latency data, "
    "showed that the nightly batch delayed invoices by two hours, and proposed a small trial on one customer "
    "segment. We ran it for two weeks, the delay dropped to ten minutes, and the team adopted the queue. I "
    "learned to settle a technical disagreement with data and a reversible experiment rather than opinion."
)


@pytest.fixture
def client(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.url + V1, timeout=60) as http:
        yield http


def ok(response: httpx.Response, status: int = 200) -> dict:
    assert response.status_code == status, f"{response.request.method} {response.request.url}: {response.text}"
    return response.json() if response.content else {}


def signed_up(client: httpx.Client, live: LiveServer) -> dict[str, str]:
    """Register, confirm the address with the e-mailed token, sign in: the bearer header of the new account."""
    email = unique_email("api-journey")
    ok(client.post("/auth/register", json={"name": "Ada Lovelace", "email": email, "password": PASSWORD}), 202)
    link = outbox_link(live.url, email, "/verify-email")
    token = parse_qs(urlparse(link).query)["token"][0]
    ok(client.post("/auth/verify-email", json={"token": token}))
    tokens = ok(client.post("/auth/sign-in", json={"email": email, "password": PASSWORD}))
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    me = ok(client.get("/me", headers=headers))
    assert me["email"] == email and me["email_verified"] is True
    return headers


def test_a_whole_interview_from_register_to_the_pdf(live, client):
    auth = signed_up(client, live)
    started = time.monotonic()

    # The bank, with its ETag.
    bank = client.get("/questions", params={"type": "behavioural", "limit": 5}, headers=auth)
    page = ok(bank)
    assert page["total"] > 0 and all(q["type"] == "behavioural" for q in page["items"])
    assert (
        client.get(
            "/questions",
            params={"type": "behavioural", "limit": 5},
            headers={
                **auth,
                "If-None-Match": bank.headers["etag"],
            },
        ).status_code
        == 304
    )

    # Set up: the page's refusals first, then a real one.
    bad = client.post("/interviews", json={"interview_type": "chat"}, headers=auth)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_type"
    setup = {"interview_type": "behavioural", "difficulty": "medium", "question_count": 3, "time_limit_seconds": 300}
    interview = ok(client.post("/interviews", json=setup, headers=auth), 201)
    iid = interview["id"]
    assert interview["status"] == "in_progress" and interview["current_question_id"]

    feedback_seen = 0
    follow_ups = 0
    latencies: list[float] = []
    answers_left, preparing_until = 10, time.monotonic() + 120
    while answers_left:
        now = client.get(f"/interviews/{iid}/current", headers=auth)
        if now.status_code == 409:
            assert now.json()["error"]["code"] == "session_over"
            break
        if ok(now)["preparing"]:  # the job is still deciding the follow-up (it was not within `wait`)
            assert now.headers["retry-after"] == "1" and time.monotonic() < preparing_until
            time.sleep(0.2)
            continue
        answers_left -= 1
        question = ok(now)
        qid = question["id"]
        ok(client.put(f"/interviews/{iid}/questions/{qid}/draft", json={"text": ANSWER[:60]}, headers=auth))
        assert ok(client.get(f"/interviews/{iid}/current", headers=auth))["draft"] == ANSWER[:60]
        sent = time.monotonic()
        step = ok(
            client.post(
                f"/interviews/{iid}/questions/{qid}/answer", params={"wait": 15}, json={"text": ANSWER}, headers=auth
            ),
            201,
        )
        answered = step["answered"]
        latencies.append(time.monotonic() - sent)
        if answered["feedback"] is not None:
            feedback_seen += 1
            fb = answered["feedback"]
            assert 0 <= fb["total"] <= 100 and len(fb["dimensions"]) == 4 and fb["summary"]
            assert fb["strengths"] or fb["improvements"]
        follow_ups += bool(step["follow_up"])
        if step["finished"]:
            break
        preparing_until = time.monotonic() + 120
    else:
        pytest.fail("the interview never ended")
    assert feedback_seen >= 1, "no answer was scored within 15 seconds"

    report = {}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        report = ok(client.get(f"/interviews/{iid}/report", headers=auth))
        if report["pending"] == 0 and report["overall"] is not None:
            break
        time.sleep(1)
    assert report["status"] == "completed" and report["overall"] is not None, report
    assert report["counted"] == 3 and report["recommendations"]
    assert all(item["feedback"] is not None for item in report["items"])
    assert all(item["feedback"]["model_answer"] for item in report["items"] if item["kind"] == "main")

    pdf = client.get(f"/interviews/{iid}/report.pdf", headers=auth)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and len(pdf.content) > 2000

    history = ok(client.get("/interviews", params={"status": "completed"}, headers=auth))
    assert [row["id"] for row in history["items"]] == [iid] and history["items"][0]["overall_score"] == report[
        "overall"
    ]
    print(
        f"API journey: {len(report['items'])} questions ({follow_ups} follow-ups), overall {report['overall']}, "
        f"PDF {len(pdf.content)} bytes, {time.monotonic() - started:.1f} s; typed answer with its feedback: "
        f"{', '.join(f'{x:.2f}' for x in latencies)} s ({feedback_seen} of {len(latencies)} scored within the wait)"
    )


def webm_of(folder: Path) -> bytes:
    """A spoken answer as the browser's recorder makes it: WebM/Opus."""
    wav = speech_wav(folder, "api-answer", ANSWER_TEXT, 1.0)
    out = folder / "api-answer.webm"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-c:a", "libopus", "-b:a", "32k", str(out)], check=True
    )
    return out.read_bytes()


def test_a_spoken_answer_uploaded_and_handed_in_with_the_access_token(live, client, tmp_path):
    auth = signed_up(client, live)
    setup = {"interview_type": "behavioural", "question_count": 3, "answer_mode": "audio", "timer_enabled": False}
    iid = ok(client.post("/interviews", json=setup, headers=auth), 201)["id"]
    qid = ok(client.get(f"/interviews/{iid}/current", headers=auth))["id"]
    audio = webm_of(tmp_path)
    size = -(-len(audio) // 3)
    pieces = [audio[i : i + size] for i in range(0, len(audio), size)]
    for seq, piece in enumerate(pieces):
        last = {"last": "1"} if seq == len(pieces) - 1 else {}
        ack = ok(client.put(f"/recordings/{qid}/pieces/{seq}", params=last, content=piece, headers=auth))
        assert ack["received"] == seq + 1
    assert ok(client.get(f"/recordings/{qid}", headers=auth))["received"] == len(pieces)
    handed = ok(client.post(f"/recordings/{qid}/finish", json={"pieces": len(pieces)}, headers=auth))
    assert handed["answer_id"]

    answered: dict = {}
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        answered = ok(client.get(f"/interviews/{iid}/questions/{qid}", headers=auth))
        if answered["status"] in ("scored", "failed"):
            break
        time.sleep(1)
    assert answered["status"] == "scored", answered
    assert "billing" in answered["answer"].lower() and answered["mode"] == "audio" and answered["media_url"]
    assert answered["feedback"]["total"] >= 0
    step = ok(client.post(f"/interviews/{iid}/questions/{qid}/continue", headers=auth))
    assert step["next_question"] is not None and step["next_question"]["id"] != qid
    ended = ok(client.post(f"/interviews/{iid}/end", headers=auth))
    assert ended["status"] == "completed"
    media = httpx.get(live.url + answered["media_url"], timeout=30)
    assert media.status_code == 200 and media.content[:4] == audio[:4]


# ---------------------------------------------------------------- schemathesis on the interview endpoints

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "tests" / "api" / "schemathesis.toml"
MINE = r"^/api/v1/(interviews|questions)"
ONE_INTERVIEW = r"^/api/v1/interviews/\{interview_id\}"


def schemathesis(live: LiveServer, token: str, config: Path, *options: str) -> int:
    """Schemathesis with every check as the holder of `token`; the number of cases (asserts zero failures)."""
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(config),
        "run",
        f"{live.url}{V1}/openapi.json",
        "--checks",
        "all",
        "--workers",
        "1",
        "--seed",
        "13",
        "--max-examples",
        "40",
        *options,
    ]
    env = {**os.environ, "IC_SESSION_TOKEN": token, "NO_COLOR": "1"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
    summary = done.stdout[done.stdout.find("SUMMARY") :] if "SUMMARY" in done.stdout else done.stdout[-3000:]
    print(summary)
    found = re.search(r"(\d+) generated", done.stdout)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "Failures:" not in summary and "Errors:" not in summary
    return int(found.group(1)) if found else 0


def test_schemathesis_finds_nothing_on_the_interview_endpoints(live, client, tmp_path):
    """The bank and interview operations signed in as a candidate: first with the ids schemathesis makes up, then
    pinned to a real interview of the candidate (drafts, answers, skips, pause, end reach the services)."""
    auth = signed_up(client, live)
    token = auth["Authorization"].removeprefix("Bearer ")
    cases = schemathesis(live, token, CONFIG, "--include-path-regex", MINE)
    interview = ok(
        client.post("/interviews", json={"interview_type": "behavioural", "question_count": 3}, headers=auth), 201
    )
    pinned = tmp_path / "schemathesis.toml"
    pinned.write_text(
        CONFIG.read_text()
        + "\n[[operations]]\n"
        + f'include-path-regex = "{ONE_INTERVIEW.replace(chr(92), chr(92) * 2)}"\n'
        + f'parameters = {{ "interview_id" = {interview["id"]}, "question_id" = {interview["current_question_id"]} }}\n'
    )
    # Deleting the interview would leave every other operation a 404: DELETE has its own tests.
    real = schemathesis(live, token, pinned, "--include-path-regex", ONE_INTERVIEW, "--exclude-method", "DELETE")
    report = ok(client.get(f"/interviews/{interview['id']}/report", headers=auth))
    print(f"schemathesis: {cases} cases on the bank and interviews, {real} on one real interview ({report['status']})")
    assert cases > 1000 and real > 500
    assert report["status"] == "completed"  # the run reached the end of the real interview
