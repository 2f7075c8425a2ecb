"""Fetch one article by its link, safely: http(s) only, public addresses only, bounded.

A page's link can point anywhere, and the page may run on a server inside an organisation's
network, so by default a link whose host is (or resolves to, or redirects to) a private,
loopback, link-local, multicast or reserved address is refused: the address checked is the
one actually connected to, so a name that resolves differently on a second lookup cannot slip
through. The download stops at the size cap and the timeout. Proxies from the environment are
not used. Every failure is one ``InputError`` naming the link.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from .errors import InputError, option

SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
USER_AGENT = "summarizer/0.1 (+https://github.com/; article reader)"
_CHUNK = 1 << 16
# Content types read as such; anything else is sniffed by its first bytes.
_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "text",
    "text/markdown": "text",
}


@dataclass(frozen=True)
class Fetched:
    """What a link returned: the final URL, its bytes, kind by content type, and charset."""

    url: str
    data: bytes
    kind: str | None
    charset: str | None


class RefusedAddress(OSError):
    """The connection went to an address the caller did not allow."""


def public_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local…)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _refused(host: str, address: str) -> RefusedAddress:
    where = host if host.strip("[]") == address else f"{host} is at {address}, which"
    return RefusedAddress(f"{where} is a private or local address")


def _check_peer(sock: socket.socket, host: str) -> None:
    address = sock.getpeername()[0]
    if not public_address(address):
        raise _refused(host, address)


def check_host(host: str, port: int) -> None:
    """Refuse a host that is, or resolves to, a non-public address (before connecting)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return  # the connection attempt reports it
    for info in infos:
        address = str(info[4][0])
        if not public_address(address):
            raise _refused(host, address)


class _GuardedHTTP(http.client.HTTPConnection):
    def connect(self) -> None:
        check_host(self.host, self.port)
        super().connect()
        _check_peer(self.sock, self.host)


class _GuardedHTTPS(http.client.HTTPSConnection):
    def connect(self) -> None:
        check_host(self.host, self.port)
        super().connect()
        _check_peer(self.sock, self.host)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, guarded: bool) -> None:
        super().__init__()
        self.guarded = guarded

    def http_open(self, req: Any) -> Any:
        return self.do_open(_GuardedHTTP if self.guarded else http.client.HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, guarded: bool) -> None:
        super().__init__()
        self.guarded = guarded

    def https_open(self, req: Any) -> Any:
        conn = _GuardedHTTPS if self.guarded else http.client.HTTPSConnection
        return self.do_open(conn, req, context=getattr(self, "_context", None))


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, to http(s) links only."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        target = headers.get("location") or headers.get("uri")
        if target:
            newurl = urljoin(req.full_url, target)
            scheme = urlsplit(newurl).scheme.lower()
            if scheme not in SCHEMES:
                raise InputError(
                    f"{req.full_url}: the link redirects to a {scheme}: address ({newurl}); "
                    "only http and https links are read."
                )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def check_url(url: str) -> None:
    """Refuse what is not an http(s) link with a host, before any network access."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        what = f"{scheme}: links are" if scheme else "links without http:// or https:// are"
        raise InputError(f"{url}: {what} not read; give an http:// or https:// link.")
    if not parts.hostname:
        raise InputError(f"{url}: the link has no host name.")


def fetch(url: str, *, max_bytes: int, timeout: float, allow_private: bool = False) -> Fetched:
    """GET ``url`` (following up to 5 redirects) within ``max_bytes`` and ``timeout`` seconds."""
    check_url(url)
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.UnknownHandler(),
        _HTTPHandler(guarded=not allow_private),
        _HTTPSHandler(guarded=not allow_private),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5",
        },
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            final = response.geturl()
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise InputError(_too_big(url, max_bytes, int(length)))
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise InputError(
                        f"{url}: the page did not finish downloading within {timeout:g} s; "
                        "try again later, or save the page and give the file."
                    )
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(_too_big(url, max_bytes))
                chunks.append(chunk)
            content_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise InputError(
            f"{url}: the site answered {exc.code} {exc.reason}; check the link."
        ) from exc
    except urllib.error.URLError as exc:
        raise InputError(_network_error(url, exc.reason)) from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise InputError(_network_error(url, exc)) from exc
    return Fetched(final, b"".join(chunks), _KINDS.get(content_type), charset)


def _too_big(url: str, max_bytes: int, size: int | None = None) -> str:
    what = f"is {size:,} bytes" if size is not None else "is larger than that"
    return (
        f"{url}: the page {what}, over the {max_bytes:,}-byte limit; save the article text "
        f"and give the file, or raise the limit with {option('max_input_bytes')}."
    )


def _network_error(url: str, reason: object) -> str:
    if isinstance(reason, RefusedAddress):
        return (
            f"{url}: refused: {reason}; links to private or local networks are read only "
            f"with {option('allow_private_urls')}."
        )
    if isinstance(reason, socket.timeout | TimeoutError):
        return f"{url}: the site did not answer in time; try again later."
    if isinstance(reason, socket.gaierror):
        return f"{url}: the host name cannot be found; check the link and the network."
    text = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    return f"{url}: the page cannot be fetched ({text})."
