"""Reading a job advert from its URL on the server, when an admin switched it on (`fetch_switch`).

Off by default: candidates paste the text; JOB_URL_FETCH=off refuses it here whatever the switch says. When on,
only http and https, only hosts whose every address is public (no loopback, private, link-local, reserved or
multicast address, so the server cannot be pointed at itself or its network; an operator may trust networks of
their own with JOB_URL_ALLOWED_NETWORKS), at most JOB_URL_MAX_BYTES read within JOB_URL_TIMEOUT_SECONDS in all,
and at most three redirects, each target checked the same way.

The name is resolved once per hop and the connection goes to an address that was checked (the URL's host is
replaced by it; the Host header and, for https, the TLS server name and certificate check keep the name), so
a name that answers differently the second time it is asked (DNS rebinding) cannot slip a private address in
between the check and the connection. The page's visible text is returned (scripts and styles dropped).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx

from interview_app.settings import get_settings

MAX_REDIRECTS = 3
Resolver = Callable[[str, int], list[str]]
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


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


def allowed_networks() -> list[Network]:
    """The networks the operator trusts although they are not public (JOB_URL_ALLOWED_NETWORKS)."""
    return [ipaddress.ip_network(part, strict=False) for part in get_settings().job_url_allowed_network_list]


def _is_public(ip: Address, trusted: Sequence[Network]) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if any(ip.version == net.version and ip in net for net in trusted):
        return True
    return ip.is_global and not ip.is_multicast


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError):
        raise FetchError("url_bad") from None
    if parsed.scheme not in ("http", "https") or not parsed.host or parsed.userinfo:
        raise FetchError("url_bad")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise FetchError("url_bad")
    return parsed


def check_url(url: str, resolver: Resolver = resolve) -> list[str]:
    """The addresses to connect to for `url`: http(s) only, and every address the host has must be public.

    The host is resolved once here; the caller connects to one of the returned addresses and never resolves
    the name again.

    Raises:
        FetchError: `url_bad` (not http(s), credentials, no host), `url_failed` (the name does not resolve),
            `url_private` (an address is not public).

    """
    parsed = _parse(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    host = parsed.raw_host.decode("ascii")  # an international name in its IDNA form
    try:
        literal: Address | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    addresses = [str(literal)] if literal is not None else resolver(host, port)
    if not addresses:
        raise FetchError("url_failed")
    trusted = allowed_networks()
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address.split("%")[0])
        except ValueError:
            raise FetchError("url_failed") from None
        if not _is_public(ip, trusted):
            raise FetchError("url_private")
    return addresses


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


def _pinned_request(client: httpx.Client, url: httpx.URL, address: str, timeout: float) -> httpx.Request:
    """GET `url` sent to `address`: the name stays in the Host header and, for https, in the TLS handshake."""
    extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else {}
    return client.build_request(
        "GET",
        url.copy_with(host=address.split("%")[0]),
        headers={"Host": url.netloc.decode("ascii")},
        timeout=timeout,
        extensions=extensions,
    )


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError("url_too_slow")
    return left


def _connect(client: httpx.Client, url: str, addresses: list[str], deadline: float) -> httpx.Response:
    """The answer from the first of the checked addresses that takes the connection."""
    parsed = _parse(url)
    failure: Exception | None = None
    for address in addresses:
        request = _pinned_request(client, parsed, address, _left(deadline))
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError as exc:  # the next address of the same name, already checked
            failure = exc
        except httpx.TimeoutException as exc:
            raise FetchError("url_too_slow") from exc
        except httpx.HTTPError as exc:
            raise FetchError("url_failed") from exc
    raise FetchError("url_failed") from failure


def _read(response: httpx.Response, limit: int, deadline: float) -> str:
    if response.status_code != 200:
        raise FetchError("url_failed")
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("text/html", "text/plain", "application/xhtml+xml", ""):
        raise FetchError("url_not_text")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError("url_too_large")
    body = bytearray()
    try:
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                raise FetchError("url_too_large")
            _left(deadline)
    except httpx.TimeoutException as exc:
        raise FetchError("url_too_slow") from exc
    except httpx.HTTPError as exc:
        raise FetchError("url_failed") from exc
    text = body.decode(response.encoding or "utf-8", errors="replace")
    return html_text(text) if kind != "text/plain" else text


def fetch_job_text(url: str, *, resolver: Resolver = resolve, transport: httpx.BaseTransport | None = None) -> str:
    """The text of the job advert at `url`.

    Each hop (the address, then up to MAX_REDIRECTS redirect targets) is resolved and checked once, and the
    connection goes to a checked address.

    Raises:
        FetchError: `url_disabled`, `url_bad`, `url_private`, `url_failed`, `url_too_large`, `url_too_slow`,
            `url_not_text`.

    """
    settings = get_settings()
    if settings.job_url_fetch == "off":  # the operator's ceiling; the admin switch is checked by the caller
        raise FetchError("url_disabled")
    deadline = time.monotonic() + settings.job_url_timeout_seconds
    limit = settings.job_url_max_bytes
    headers = {"Accept": "text/html, text/plain;q=0.9", "User-Agent": "InterviewCoach/1 (job description reader)"}
    # No proxies from the environment: the connection must go to the address that was checked.
    with httpx.Client(follow_redirects=False, transport=transport, headers=headers, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            addresses = check_url(url, resolver)
            response = _connect(client, url, addresses, deadline)
            try:
                if response.is_redirect and response.headers.get("location"):
                    url = urljoin(str(url), response.headers["location"])
                    continue
                return _read(response, limit, deadline)
            finally:
                response.close()
    raise FetchError("url_failed")
