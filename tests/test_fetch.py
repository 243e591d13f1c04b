"""pipeline.fetch: one file read from a link, against a local HTTP server.

The server runs on 127.0.0.1 in a thread; the tests allow loopback addresses
(CHRONICLE_ALLOW_LOCAL_SOURCES=1) and plain http (CHRONICLE_ALLOW_HTTP_SOURCES=1)
where they need them, and mock ``socket.getaddrinfo`` for host names, so no
test reaches the internet.  No assertion is about time.
"""
from __future__ import annotations

import gzip
import ipaddress
import json
import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline import fetch as F
from pipeline import project
from pipeline.model import Article

CSV = ("id,title,published,source,text\n"
       "a1,Storm closes bridge,2021-09-30,Daily Ledger,The storm closed the bridge on Tuesday.\n"
       "a2,Ferries add sailings,2021-10-02,Coast News,Ferries added sailings last Friday.\n").encode()
JSON = json.dumps([{"id": "j1", "title": "Council meets", "published": "2021-10-05",
                    "text": "The council met on Monday and approved the repair funds."}]).encode()
PROJECT = project.to_json(project.make(
    [Article(id="p1", text="Crews began work on 4 October 2021.", published=date(2021, 10, 6),
             title="Repairs begin")], view={"lanes": "source"}, title="Bridge")).encode()

STOP = threading.Event()  # set at teardown: slow handlers give up


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: list[str] = []

    def log_message(self, *args):  # quiet
        pass

    def send(self, status: int, body: bytes = b"", ctype: str = "text/plain", headers=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send(status, b"", headers=[("Location", location)])

    def do_GET(self):  # noqa: C901 - a table of routes
        path = self.path
        Handler.hits.append(path)
        if path == "/articles.csv":
            self.send(200, CSV, "text/plain; charset=utf-8")  # as raw file hosts do
        elif path == "/data/articles.json":
            self.send(200, JSON, "application/json")
        elif path == "/bridge.chronicle.json":
            self.send(200, PROJECT, "application/octet-stream")
        elif path.startswith("/spreadsheets/d/e/XYZ/pub?"):  # a Google Sheet published as CSV
            self.send(200, CSV, "text/csv")
        elif path == "/api/items":
            self.send(200, JSON, "application/json; charset=utf-8")
        elif path == "/download":
            self.send(200, b"\x00\x01\x02", "application/octet-stream")
        elif path == "/login?output=csv":
            self.send(200, b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html")
        elif path == "/big.csv":
            self.send(200, CSV * 100, "text/csv")
        elif path == "/stream.csv":  # no Content-Length: the size is known only by reading
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(200):
                self.wfile.write(CSV)
            self.close_connection = True
        elif path == "/gzip.csv":
            self.send(200, gzip.compress(CSV), "text/csv", headers=[("Content-Encoding", "gzip")])
        elif path == "/bomb.csv":
            self.send(200, gzip.compress(b"a" * 2_000_000), "text/csv", headers=[("Content-Encoding", "gzip")])
        elif path == "/moved":
            self.redirect("/data/articles.json", 301)
        elif path == "/elsewhere":
            self.redirect(f"http://127.0.0.1:{self.server.server_port}/articles.csv")
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            self.redirect(f"/hop/{n + 1}")
        elif path == "/loop":
            self.redirect("/loop")
        elif path == "/to-metadata":
            self.redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/to-internal-name":
            self.redirect("http://metadata.internal.test/latest/")
        elif path == "/to-ftp":
            self.redirect("ftp://files.example.org/articles.csv")
        elif path == "/host.txt":
            self.send(200, (self.headers.get("Host") or "").encode(), "text/plain")
        elif path == "/slow.csv":
            STOP.wait(5)
            if not STOP.is_set():
                self.send(200, CSV, "text/csv")
        elif path == "/trickle.csv":  # a byte at a time, for ever: only the total timeout stops it
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.end_headers()
            try:
                self.wfile.write(b"id,text\n")
                while not STOP.wait(0.2):
                    self.wfile.write(b"x")
                    self.wfile.flush()
            except OSError:
                pass
            self.close_connection = True
        else:
            self.send(404, b"not here", headers=[])


@pytest.fixture(scope="module")
def server():
    STOP.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    STOP.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def local(monkeypatch):
    """Loopback addresses and plain http allowed, as for a server on this machine."""
    monkeypatch.setenv(F.ALLOW_LOCAL_ENV, "1")
    monkeypatch.setenv(F.ALLOW_HTTP_ENV, "1")


def fake_dns(monkeypatch, table: dict[str, list[str]]) -> list[str]:
    """socket.getaddrinfo answering ``table``'s names (others as usual); returns the names asked."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        if host in table:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (a, port) if ":" not in a else (a, port, 0, 0)) for a in table[host]]
        if host in ("127.0.0.1", "localhost"):
            return real(host, port, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def connections(monkeypatch) -> list[str]:
    """The hosts fetch connects to, recorded."""
    seen: list[str] = []
    real = F._connect

    def spy(target, addresses, *args):
        seen.append(target.host)
        seen.extend(a for _, a in addresses)
        return real(target, addresses, *args)

    monkeypatch.setattr(F, "_connect", spy)
    return seen


def refused(url: str, *words: str, **kwargs) -> str:
    with pytest.raises(F.FetchError) as info:
        F.fetch(url, **kwargs)
    message = str(info.value)
    assert "\n" not in message and message.strip() == message
    for w in words:
        assert w.lower() in message.lower(), message
    return message


# ------------------------------------------------------------------ reading

def test_a_csv_file(server, local):
    name, data = F.fetch(server + "/articles.csv")
    assert (name, data) == ("articles.csv", CSV)
    loaded = F.load_url(server + "/articles.csv")
    assert [a.id for a in loaded.articles] == ["a1", "a2"]
    assert loaded.articles[0].published == date(2021, 9, 30) and loaded.articles[0].source == "Daily Ledger"
    assert not [p for p in loaded.problems if p.skipped]


def test_a_json_file(server, local):
    loaded = F.load_url(server + "/data/articles.json")
    assert [a.id for a in loaded.articles] == ["j1"]


def test_a_project_file(server, local):
    name, _ = F.fetch(server + "/bridge.chronicle.json")
    assert name == "bridge.chronicle.json"
    loaded = F.load_url(server + "/bridge.chronicle.json")
    assert [a.id for a in loaded.articles] == ["p1"]
    assert len(loaded.projects) == 1 and loaded.projects[0].title == "Bridge"
    assert loaded.projects[0].view == {"lanes": "source"}


def test_a_google_sheet_published_as_csv(server, local):
    name, data = F.fetch(server + "/spreadsheets/d/e/XYZ/pub?gid=0&single=true&output=csv")
    assert name.endswith(".csv") and data == CSV
    assert len(F.load_url(server + "/spreadsheets/d/e/XYZ/pub?output=csv")) == 2


def test_the_type_from_the_content_type(server, local):
    name, _ = F.fetch(server + "/api/items")
    assert name == "items.json"
    refused(server + "/download", "not a supported file type", "application/octet-stream")


def test_a_login_page_instead_of_the_sheet(server, local):
    refused(server + "/login?output=csv", "web page, not the file")


def test_a_gzipped_answer(server, local):
    assert F.fetch(server + "/gzip.csv") == ("gzip.csv", CSV)


def test_file_names():
    assert F.file_name(["https://h.org/a/b/Mon%20fichier.jsonl"], "") == "Mon fichier.jsonl"
    assert F.file_name(["https://h.org/x.php?id=3"], "text/html; charset=utf-8") == "x.html"
    assert F.file_name(["https://h.org/"], "text/plain") == "h.org.txt"
    assert F.file_name(["https://docs.google.com/spreadsheets/d/KEY/export?format=csv&gid=0"], "") \
        == "export.csv"
    assert F.file_name(["https://bit.ly/abc", "https://cdn.org/files/news.csv"], "") == "news.csv"
    assert F.file_name(["https://h.org/../../etc/passwd.json"], "") == "passwd.json"
    with pytest.raises(F.FetchError):
        F.file_name(["https://h.org/page"], "image/png")


# ------------------------------------------------------------------ limits

def test_an_oversize_file_is_refused(server, local):
    refused(server + "/big.csv", "too large", max_bytes=len(CSV) * 10)
    assert F.fetch(server + "/big.csv", max_bytes=len(CSV) * 100)[1] == CSV * 100


def test_an_oversize_file_without_a_length_is_refused(server, local):
    refused(server + "/stream.csv", "too large", max_bytes=len(CSV) * 10)


def test_a_compressed_bomb_is_refused(server, local):
    refused(server + "/bomb.csv", "too large", max_bytes=100_000)


def test_a_slow_server_times_out(server, local):
    refused(server + "/slow.csv", "timed out", timeout=1.0)


def test_a_trickling_server_times_out(server, local):
    # a byte every 0.2 s never trips a per-read timeout: the total one stops it
    refused(server + "/trickle.csv", "timed out", timeout=1.0)


def test_a_404_is_reported(server, local):
    refused(server + "/nothing-here.csv", "HTTP 404")
    loaded = F.load_url(server + "/nothing-here.csv")
    assert not loaded.articles and len(loaded.problems) == 1
    assert loaded.problems[0].source == server + "/nothing-here.csv"
    assert "HTTP 404" in loaded.problems[0].message


# --------------------------------------------------------------- redirects

def test_a_redirect_is_followed(server, local):
    assert F.fetch(server + "/moved") == ("articles.json", JSON)
    assert F.fetch(server + "/elsewhere") == ("articles.csv", CSV)


def test_too_many_redirects(server, local):
    refused(server + "/hop/0", "too many redirects")
    # five are followed: /hop/0 .. /hop/5 asked, no more
    assert [h for h in Handler.hits if h.startswith("/hop/")][-1] == "/hop/5"


def test_a_redirect_loop(server, local):
    refused(server + "/loop", "redirect loop")


def test_a_redirect_to_an_internal_address_is_refused_before_connecting(server, local, monkeypatch):
    seen = connections(monkeypatch)
    refused(server + "/to-metadata", "redirected to", "169.254.169.254", "link-local")
    assert "169.254.169.254" not in seen
    fake_dns(monkeypatch, {"metadata.internal.test": ["169.254.169.254"]})
    refused(server + "/to-internal-name", "metadata.internal.test", "link-local")
    assert "169.254.169.254" not in seen and "metadata.internal.test" not in seen


def test_a_redirect_to_another_scheme_is_refused(server, local):
    refused(server + "/to-ftp", "redirected to", "ftp:")


# --------------------------------------------------------------- addresses

def test_loopback_refused_without_the_setting(server, monkeypatch):
    monkeypatch.setenv(F.ALLOW_HTTP_ENV, "1")
    monkeypatch.delenv(F.ALLOW_LOCAL_ENV, raising=False)
    seen = connections(monkeypatch)
    refused(server + "/articles.csv", "loopback")
    port = server.rsplit(":", 1)[1]
    for url in (f"http://localhost:{port}/articles.csv", f"http://[::1]:{port}/a.csv",
                f"http://[::ffff:127.0.0.1]:{port}/a.csv", f"http://2130706433:{port}/a.csv",
                f"http://0.0.0.0:{port}/a.csv", f"http://10.0.0.1:{port}/a.csv"):
        refused(url, "refused")
    assert seen == []
    loaded = F.load_url(server + "/articles.csv")
    assert not loaded.articles and "loopback" in loaded.problems[0].message


def test_a_name_with_any_internal_address_is_refused(monkeypatch):
    monkeypatch.delenv(F.ALLOW_LOCAL_ENV, raising=False)
    seen = connections(monkeypatch)
    fake_dns(monkeypatch, {"mixed.example.org": ["93.184.216.34", "127.0.0.1"],
                           "private.example.org": ["192.168.1.10"]})
    refused("https://mixed.example.org/a.csv", "mixed.example.org", "loopback")
    refused("https://private.example.org/a.csv", "private address")
    refused("https://nowhere.example.org/a.csv", "cannot find the host")
    assert seen == []


def test_the_checked_address_is_the_one_connected_to(server, local, monkeypatch):
    """The name is looked up once and the connection goes to that address, with the
    link's own name in the Host header (a second look-up could be rebound)."""
    port = server.rsplit(":", 1)[1]
    asked = fake_dns(monkeypatch, {"chronicle.test": ["127.0.0.1"]})
    name, data = F.fetch(f"http://chronicle.test:{port}/host.txt")
    assert data == f"chronicle.test:{port}".encode()
    assert asked.count("chronicle.test") == 1


def test_https_is_spoken_on_https_links(server, local):
    # the local server speaks plain http: the TLS handshake fails, in one line
    refused(server.replace("http:", "https:") + "/articles.csv", "no secure connection")


@pytest.mark.parametrize("address, allowed_locally", [
    ("127.0.0.1", True), ("::1", True), ("10.0.0.1", True), ("192.168.1.1", True), ("172.16.0.5", True),
    ("fd00::1", True), ("100.64.0.1", True),
    ("169.254.169.254", False), ("fe80::1", False), ("224.0.0.1", False), ("ff02::1", False),
    ("0.0.0.0", False), ("0.1.2.3", False), ("::", False), ("240.0.0.1", False),
    ("255.255.255.255", False), ("::ffff:169.254.169.254", False),
])
def test_internal_addresses(address, allowed_locally):
    ip = ipaddress.ip_address(address)
    assert F._address_problem(ip, allow_local=False)
    assert (F._address_problem(ip, allow_local=True) is None) == allowed_locally


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"])
def test_public_addresses(address):
    assert F._address_problem(ipaddress.ip_address(address), allow_local=False) is None


# ------------------------------------------------------------------ links

@pytest.mark.parametrize("url", [
    "ftp://example.org/a.csv", "file:///etc/passwd", "javascript:alert(1)", "data:text/csv,a,b",
    "gopher://example.org/", "//example.org/a.csv", "example.org/a.csv", "",
])
def test_other_schemes_are_refused(url, monkeypatch):
    seen = connections(monkeypatch)
    refused(url, "https://")
    assert seen == []


def test_http_needs_the_setting(server, monkeypatch):
    monkeypatch.setenv(F.ALLOW_LOCAL_ENV, "1")
    monkeypatch.delenv(F.ALLOW_HTTP_ENV, raising=False)
    refused(server + "/articles.csv", "only https://", "http:")


@pytest.mark.parametrize("url", [
    "https://user:secret@example.org/a.csv", "https://example.org/a b.csv", "https://exa\nmple.org/",
    "https://example.org:99999/a.csv", "https://" + "a" * 5000 + ".org/",
])
def test_malformed_links_are_refused(url, monkeypatch):
    seen = connections(monkeypatch)
    refused(url)
    assert seen == []


def test_load_url_never_raises(monkeypatch):
    for url in ("javascript:alert(1)", None, 42, "https://\u202eevil.org/a.csv"):
        loaded = F.load_url(url)
        assert not loaded.articles and len(loaded.problems) == 1
        assert loaded.problems[0].message and "\n" not in loaded.problems[0].message
