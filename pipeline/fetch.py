"""Reading one file from a public link, safely on a shared server.

    >>> name, data = fetch("https://docs.google.com/spreadsheets/d/e/…/pub?output=csv")
    >>> loaded = load_url("https://raw.githubusercontent.com/…/articles.jsonl")

A link may hold articles (CSV, JSON, JSON Lines, text, HTML), a Chronicle
project (``.chronicle.json``) or anything else :func:`pipeline.articles.load_bytes`
reads; the file type comes from the link's path ending, else from the
server's Content-Type (a Google Sheet published as CSV ends in ``output=csv``).

The server running Chronicle must not become a way into its own network, so:

* ``https`` only (``http`` too when ``CHRONICLE_ALLOW_HTTP_SOURCES=1``); no
  user name or password in the link;
* the host is resolved once (``socket.getaddrinfo``) and *every* address is
  checked: loopback and private addresses are refused unless
  ``CHRONICLE_ALLOW_LOCAL_SOURCES=1``; link-local (169.254.169.254, the
  cloud metadata address), multicast, reserved, unspecified and other
  non-public addresses always;
* the connection goes to the checked address itself (pinned, so a DNS answer
  changed between check and connect cannot reach another address), with the
  link's host name in the Host header and, for https, for SNI and the
  certificate check;
* redirects are followed by hand, at most :data:`MAX_REDIRECTS`, each hop
  checked as the first one; a loop is named;
* one timeout covers it all (name look-ups, connections, redirects and the
  download): past it, the connection is shut;
* the body is read in chunks and refused past ``max_bytes``.

Every failure raises :class:`FetchError` with one line for people.
"""
from __future__ import annotations

import http.client
import ipaddress
import os
import re
import socket
import ssl
import threading
import time
import zlib
from typing import Optional
from urllib.parse import parse_qs, quote, unquote, urljoin, urlsplit

from .articles import SUFFIXES, Loaded, Problem, display_name, load_bytes

#: The largest file read from a link (bytes); larger ones are refused.
MAX_BYTES = 20 * 1024 * 1024
#: Seconds for the whole fetch: look-ups, connections, redirects and the download.
TIMEOUT = 15.0
#: The most redirects followed.
MAX_REDIRECTS = 5
#: The longest link accepted (characters).
MAX_URL_CHARS = 4096

ALLOW_HTTP_ENV = "CHRONICLE_ALLOW_HTTP_SOURCES"
ALLOW_LOCAL_ENV = "CHRONICLE_ALLOW_LOCAL_SOURCES"

USER_AGENT = "Chronicle/1 (news timelines; reads one file from a link)"
CHUNK = 64 * 1024

#: File type from the Content-Type, when the link's path does not give one.
CONTENT_TYPES = {
    "text/csv": ".csv", "application/csv": ".csv", "text/tab-separated-values": ".csv",
    "application/json": ".json", "text/json": ".json",
    "application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl", "application/jsonlines": ".jsonl",
    "text/html": ".html", "application/xhtml+xml": ".html",
    "text/plain": ".txt", "text/markdown": ".md",
}

_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_REDIRECTS = (301, 302, 303, 307, 308)
_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\\]")


class FetchError(Exception):
    """Why a link could not be read: one line for people."""

    def __init__(self, message: str):
        message = display_name(" ".join(str(message).split()))
        super().__init__(message[:500])


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def short(url: str, limit: int = 120) -> str:
    """``url`` made safe for one line of a message, long ones cut short."""
    text = display_name(str(url))
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ------------------------------------------------------------------- the link

class _Target:
    """One checked link: scheme, host (ASCII), port, request path and Host header."""

    def __init__(self, url: str):
        if not isinstance(url, str) or not url.strip():
            raise FetchError("no link given (an https:// link is needed)")
        url = url.strip()
        if len(url) > MAX_URL_CHARS:
            raise FetchError(f"the link is too long ({len(url):,} characters; at most {MAX_URL_CHARS:,})")
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        allowed = ("https", "http") if _flag(ALLOW_HTTP_ENV) else ("https",)
        if scheme not in allowed:
            got = f"this one is {scheme}:" if re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme) else "no https:// at its start"
            raise FetchError(f"only {' and '.join(s + '://' for s in allowed)} links can be read ({got})")
        if _UNSAFE_CHARS.search(url):
            raise FetchError("the link holds spaces, backslashes or control characters")
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchError(f"not a valid link ({exc})") from None
        if parts.username is not None or parts.password is not None:
            raise FetchError("links with a user name or password are not read")
        host = parts.hostname or ""
        if not host:
            raise FetchError("the link names no host")
        try:
            self.ip = ipaddress.ip_address(host)
        except ValueError:
            self.ip = None
        if self.ip is None:
            try:
                host = host.encode("idna").decode("ascii") if not host.isascii() else host
            except UnicodeError:
                raise FetchError(f"not a valid host name: {short(host)}") from None
            if not re.fullmatch(r"[a-z0-9._-]+", host) or len(host) > 253:
                raise FetchError(f"not a valid host name: {short(host)}")
        self.url = url
        self.scheme = scheme
        self.host = host
        self.port = port or (443 if scheme == "https" else 80)
        path = quote(parts.path or "/", safe="/%!$&'()*+,;=:@~")
        query = quote(parts.query, safe="/%!$&'()*+,;=:@~?")
        self.target = path + ("?" + query if query else "")
        shown = f"[{host}]" if self.ip is not None and self.ip.version == 6 else host
        default = 443 if scheme == "https" else 80
        self.host_header = shown if self.port == default else f"{shown}:{self.port}"


def _address_problem(ip: ipaddress._BaseAddress, allow_local: bool) -> Optional[str]:
    """Why ``ip`` may not be reached (None when it may)."""
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return _address_problem(embedded, allow_local)
    if ip.is_unspecified or (ip.version == 4 and ip in _THIS_NETWORK):
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_loopback:
        return None if allow_local else "a loopback address"
    if ip.is_reserved:
        return "a reserved address"
    private = ip.is_private or (ip.version == 4 and ip in _SHARED)
    if private:
        return None if allow_local else "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


def _resolve(target: _Target, deadline: float) -> list[tuple[int, str]]:
    """The checked addresses of the target's host, as ``(family, address)``.

    Every address the name resolves to is checked, so a name that gives one
    public and one internal address is refused whole."""
    if target.ip is not None:
        infos = [(socket.AF_INET6 if target.ip.version == 6 else socket.AF_INET, str(target.ip))]
    else:
        box: dict = {}

        def run() -> None:
            try:
                box["infos"] = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM,
                                                  proto=socket.IPPROTO_TCP)
            except BaseException as exc:  # handed to the caller
                box["error"] = exc

        worker = threading.Thread(target=run, name="chronicle-resolve", daemon=True)
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            raise FetchError(f"timed out looking up {short(target.host)}")
        if "error" in box or not box.get("infos"):
            raise FetchError(f"cannot find the host {short(target.host)} (no such name, or no network)")
        infos = [(info[0], str(info[4][0]).split("%", 1)[0]) for info in box["infos"]]
    allow_local = _flag(ALLOW_LOCAL_ENV)
    checked: list[tuple[int, str]] = []
    for family, address in infos:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            raise FetchError(f"{short(target.host)} resolves to something not an address") from None
        problem = _address_problem(ip, allow_local)
        if problem:
            where = (f"{short(target.host)} is" if target.ip is not None
                     else f"{short(target.host)} resolves to {ip},")
            raise FetchError(f"refused: {where} {problem}, not a public server")
        if (family, str(ip)) not in checked:
            checked.append((family, str(ip)))
    return checked


# ------------------------------------------------------------------- one hop

def _remaining(deadline: float, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"timed out after {timeout:g} s")
    return left


def _connect(target: _Target, addresses: list[tuple[int, str]], deadline: float, timeout: float) -> socket.socket:
    """A socket to the first of the checked ``addresses`` that answers (pinned:
    no name is looked up again), wrapped in TLS for the host name when https."""
    last: Optional[BaseException] = None
    for family, address in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(_remaining(deadline, timeout))
            sock.connect((address, target.port))
            if target.scheme == "https":
                context = ssl.create_default_context()
                sock = context.wrap_socket(sock, server_hostname=target.host)
            return sock
        except FetchError:
            sock.close()
            raise
        except (socket.timeout, TimeoutError):
            sock.close()
            raise FetchError(f"timed out after {timeout:g} s connecting to {short(target.host)}") from None
        except ssl.SSLCertVerificationError as exc:
            sock.close()
            raise FetchError(f"the certificate of {short(target.host)} could not be verified "
                             f"({exc.verify_message or exc.reason})") from None
        except ssl.SSLError as exc:
            sock.close()
            raise FetchError(f"no secure connection to {short(target.host)} ({exc.reason or exc})") from None
        except OSError as exc:
            sock.close()
            last = exc
    reason = getattr(last, "strerror", None) or last or "no address"
    raise FetchError(f"cannot connect to {short(target.host)} ({reason})")


class _Watchdog:
    """Shuts the socket at the deadline, so no trickle of bytes outlasts the timeout."""

    def __init__(self, sock: socket.socket, seconds: float):
        self.fired = False
        self.sock = sock
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        self.fired = True
        try:
            socket.socket.shutdown(self.sock, socket.SHUT_RDWR)  # the raw socket, under any TLS
        except OSError:
            pass

    def cancel(self) -> None:
        self.timer.cancel()


def _size(n: int) -> str:
    return f"{n / 2**20:.3g} MB" if n >= 2**20 else f"{n / 2**10:.3g} KB" if n >= 2**10 else f"{n} bytes"


def _read_body(response: http.client.HTTPResponse, max_bytes: int, deadline: float, timeout: float) -> bytes:
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", ""):
        raise FetchError(f"the server sent the file compressed as {short(encoding, 30)}, which is not read")
    inflate = zlib.decompressobj(31) if "gzip" in encoding else None
    too_big = f"the file is too large (more than {_size(max_bytes)})"
    length = response.getheader("Content-Length")
    if inflate is None and length and length.strip().isdigit() and int(length) > max_bytes:
        raise FetchError(too_big)
    chunks: list[bytes] = []
    size = 0
    raw = 0
    while True:
        _remaining(deadline, timeout)  # each read waits at most the time left (set before the answer)
        chunk = response.read(CHUNK)
        if not chunk:
            break
        raw += len(chunk)
        if inflate is not None:
            if raw > max_bytes:
                raise FetchError(too_big)
            chunk = inflate.decompress(chunk, max_bytes + 1 - size)
            if inflate.unconsumed_tail:
                raise FetchError(too_big)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(too_big)
        chunks.append(chunk)
    if inflate is not None:
        try:
            tail = inflate.flush()
        except zlib.error:
            tail = b""
        size += len(tail)
        if size > max_bytes:
            raise FetchError(too_big)
        chunks.append(tail)
    return b"".join(chunks)


def _hop(target: _Target, deadline: float, timeout: float, max_bytes: int):
    """One request: ``("redirect", location)`` or ``("file", content_type, bytes)``."""
    addresses = _resolve(target, deadline)
    sock = _connect(target, addresses, deadline, timeout)
    conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout)
    conn.sock = sock  # pinned: http.client never looks the name up nor connects itself
    watchdog = None
    try:
        try:
            watchdog = _Watchdog(sock, _remaining(deadline, timeout))
            conn.putrequest("GET", target.target, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", target.host_header)
            conn.putheader("User-Agent", USER_AGENT)
            conn.putheader("Accept", "text/csv, application/json, text/plain;q=0.9, text/html;q=0.8, */*;q=0.5")
            conn.putheader("Accept-Encoding", "gzip")
            conn.putheader("Connection", "close")
            conn.endheaders()
            sock.settimeout(_remaining(deadline, timeout))
            response = conn.getresponse()
            status = response.status
            if status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location")
                return ("redirect", location.strip())
            if not 200 <= status < 300 or status in (204, 205, 206):
                reason = " ".join((response.reason or "").split())[:60]
                raise FetchError(f"the server answered HTTP {status}{' ' + reason if reason else ''}")
            data = _read_body(response, max_bytes, deadline, timeout)
            if watchdog.fired:  # the socket was shut: what was read may be cut short
                raise FetchError(f"timed out after {timeout:g} s")
            return ("file", response.getheader("Content-Type") or "", data)
        except FetchError:
            if watchdog is not None and watchdog.fired:
                raise FetchError(f"timed out after {timeout:g} s") from None
            raise
        except (socket.timeout, TimeoutError):
            raise FetchError(f"timed out after {timeout:g} s") from None
        except (http.client.HTTPException, OSError, ValueError, zlib.error) as exc:
            if watchdog is not None and watchdog.fired:
                raise FetchError(f"timed out after {timeout:g} s") from None
            if isinstance(exc, zlib.error):
                raise FetchError("the server sent a broken compressed file") from None
            raise FetchError(f"bad answer from {short(target.host)} ({type(exc).__name__}: {exc})") from None
    finally:
        if watchdog is not None:
            watchdog.cancel()
        conn.close()


# ------------------------------------------------------------------ file name

def _base_name(url: str) -> str:
    return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])


def _safe_name(name: str) -> str:
    name = re.sub(r"[^\w .,()+-]", "_", name).strip(" .")
    return name[:100] or "link"


def _csv_query(url: str) -> bool:
    """Whether the link asks for CSV in its query (Google Sheets: ``pub?output=csv``,
    ``export?format=csv``, ``gviz/tq?tqx=out:csv``; ``tsv`` too)."""
    query = parse_qs(urlsplit(url).query)
    values = [v.strip().lower() for k in ("output", "format", "exportformat", "tqx")
              for key, vs in query.items() if key.lower() == k for v in vs]
    return any(v in ("csv", "tsv", "out:csv", "out:tsv") for v in values)


def file_name(urls: list[str], content_type: str) -> str:
    """A file name whose ending tells :func:`~pipeline.articles.load_bytes` the
    type: the path's own ending (the last link first, then the first), else a
    CSV query (Google Sheets), else the Content-Type.  Raises FetchError when
    none gives a type Chronicle reads."""
    for url in (urls[-1], urls[0]):
        base = _base_name(url)
        lower = base.lower()
        if any(lower.endswith(s) for s in SUFFIXES):
            return _safe_name(base)
    stem = _safe_name(re.sub(r"\.[A-Za-z0-9]{1,6}$", "", _base_name(urls[0])) or urlsplit(urls[0]).hostname or "link")
    if any(_csv_query(url) for url in urls):
        return stem + ".csv"
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype in CONTENT_TYPES:
        return stem + CONTENT_TYPES[ctype]
    shown = short(ctype, 60) or "no Content-Type"
    raise FetchError(f"not a supported file type ({shown}; the link should end in "
                     f"{', '.join(SUFFIXES)}, or the server name a text, CSV, JSON or HTML type)")


# ----------------------------------------------------------------------- API

def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> tuple[str, bytes]:
    """The file at ``url`` as ``(name, bytes)``; the name's ending gives its type.

    Raises :class:`FetchError` (one line) on any failure: a scheme other than
    https, a host not found, an address not public, a redirect loop or too many
    redirects, an HTTP error, a timeout, a file larger than ``max_bytes`` or of
    a type Chronicle does not read."""
    deadline = time.monotonic() + float(timeout)
    urls = [url.strip() if isinstance(url, str) else url]
    while True:
        try:
            target = _Target(urls[-1])
            urls[-1] = target.url
            outcome = _hop(target, deadline, timeout, max_bytes)
        except FetchError as exc:
            if len(urls) == 1:
                raise
            raise FetchError(f"redirected to {short(urls[-1], 80)}: {exc}") from None
        if outcome[0] == "file":
            _, ctype, data = outcome
            name = file_name(urls, ctype)
            html_page = ctype.split(";", 1)[0].strip().lower() in ("text/html", "application/xhtml+xml")
            if html_page and not name.lower().endswith((".html", ".htm")) and data.lstrip()[:1] == b"<":
                raise FetchError("the link gave a web page, not the file (for a Google Sheet: "
                                 "File → Share → Publish to web, as CSV, and use that link)")
            return name, data
        next_url = urljoin(target.url, outcome[1])
        if next_url in urls:
            raise FetchError(f"redirect loop (back to {short(next_url)})")
        if len(urls) > MAX_REDIRECTS:
            raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")
        urls.append(next_url)


def load_url(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Loaded:
    """The articles (and projects) of the file at ``url``, read by
    :func:`~pipeline.articles.load_bytes`; when it cannot be fetched, a Loaded
    with no article and one Problem naming the link and why."""
    try:
        name, data = fetch(url, timeout=timeout, max_bytes=max_bytes)
    except FetchError as exc:
        return Loaded(problems=(Problem(short(url), str(exc)),))
    except Exception as exc:  # last line of defence: a link never crashes the caller
        return Loaded(problems=(Problem(short(url), f"could not be read ({type(exc).__name__})"),))
    return load_bytes(name, data)
