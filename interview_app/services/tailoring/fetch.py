"""Reading a job advert from its URL on the server, when the operator allows it (JOB_URL_FETCH=true).

Off by default: candidates paste the text. When on, only http and https, only hosts whose every address is
public (no loopback, private, link-local, reserved or multicast address, so the server cannot be pointed at
itself or its network), at most JOB_URL_MAX_BYTES read within JOB_URL_TIMEOUT_SECONDS, and at most three
redirects, each target checked the same way. The page's visible text is returned (scripts and styles dropped).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx

from interview_app.settings import get_settings

MAX_REDIRECTS = 3
Resolver = Callable[[str, int], list[str]]


class FetchError(ValueError):
    """A URL we will not or could not read; `code` is a key under strings `tailor.error.*`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to."""
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})
    except (OSError, UnicodeError):
        return []


def check_url(url: str, resolver: Resolver = resolve) -> None:
    """Refuse anything but http(s) to a host whose addresses are all public."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        raise FetchError("url_bad")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError("url_bad") from None
    addresses = resolver(parts.hostname, port)
    if not addresses:
        raise FetchError("url_failed")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise FetchError("url_private")


class _Text(HTMLParser):
    SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    BLOCK = frozenset({"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML page, one block a line, list items as "- " bullets."""
    parser = _Text()
    parser.feed(html)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line and line != "-")


def fetch_job_text(url: str, *, resolver: Resolver = resolve, transport: httpx.BaseTransport | None = None) -> str:
    """The text of the job advert at `url`.

    Raises:
        FetchError: `url_disabled`, `url_bad`, `url_private`, `url_failed`, `url_too_large`, `url_not_text`.

    """
    settings = get_settings()
    if not settings.job_url_fetch:
        raise FetchError("url_disabled")
    deadline = time.monotonic() + settings.job_url_timeout_seconds
    limit = settings.job_url_max_bytes
    headers = {"Accept": "text/html, text/plain;q=0.9", "User-Agent": "InterviewCoach/1 (job description reader)"}
    timeout = httpx.Timeout(settings.job_url_timeout_seconds)
    with httpx.Client(timeout=timeout, follow_redirects=False, transport=transport, headers=headers) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, resolver)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect and response.headers.get("location"):
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code != 200:
                        raise FetchError("url_failed")
                    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if kind not in ("text/html", "text/plain", "application/xhtml+xml", ""):
                        raise FetchError("url_not_text")
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > limit:
                        raise FetchError("url_too_large")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > limit:
                            raise FetchError("url_too_large")
                        if time.monotonic() > deadline:
                            raise FetchError("url_failed")
                    text = body.decode(response.encoding or "utf-8", errors="replace")
                    return html_text(text) if kind != "text/plain" else text
            except httpx.HTTPError as exc:
                raise FetchError("url_failed") from exc
    raise FetchError("url_failed")
