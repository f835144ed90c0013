"""The web origins the app answers to: PUBLIC_URL's origin plus ALLOWED_ORIGINS, never "any"."""

from __future__ import annotations

from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def origin_of(url: str) -> str:
    """The origin a browser sends for pages under `url` (scheme://host[:port], default port dropped).

    Raises:
        ValueError: If `url` is not an absolute http(s) address.

    """
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) address like https://coach.example.com")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    port = parts.port
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != DEFAULT_PORTS[parts.scheme] else "")


def parse_extra(csv: str) -> list[str]:
    """The origins listed in ALLOWED_ORIGINS (comma-separated), each exactly an origin.

    Raises:
        ValueError: Naming the entry, if one is a wildcard, `null`, or has a path, query or fragment.

    """
    origins = []
    for entry in (e.strip() for e in csv.split(",")):
        if not entry:
            continue
        parts = urlsplit(entry)
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValueError(f"ALLOWED_ORIGINS: {entry!r} is not an origin like https://coach.example.com")
        try:
            origins.append(origin_of(entry))
        except ValueError:
            raise ValueError(f"ALLOWED_ORIGINS: {entry!r} is not an origin like https://coach.example.com") from None
    return origins


def allowed_origins(public_url: str, extra_csv: str, *, loopback_aliases: bool) -> list[str]:
    """PUBLIC_URL's origin first, then ALLOWED_ORIGINS, without repeats.

    With `loopback_aliases` (development and tests) a PUBLIC_URL on localhost, 127.0.0.1 or [::1] also
    allows the other two names on the same port, since all three reach the same local app.
    """
    own = origin_of(public_url)
    found = [own]
    parts = urlsplit(own)
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
    if loopback_aliases and host in LOOPBACK_HOSTS:
        port = f":{parts.port}" if parts.port else ""
        found += [f"{parts.scheme}://{alias}{port}" for alias in LOOPBACK_HOSTS]
    found += parse_extra(extra_csv)
    return list(dict.fromkeys(found))
