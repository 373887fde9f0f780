"""The live preview over plain HTTP: what it serves, what it refuses, how it starts and stops."""

from __future__ import annotations

import asyncio
import errno
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from scholarsite.serve import PreviewServer, serve
from scholarsite.write import read_build_id
from serving import REPO, Served, copy_site, run_async, served, wait_until  # noqa: F401 (fixture)

SECRET = "TOP-SECRET-OUTSIDE-THE-SITE"
TRAVERSALS = [
    "/../secret.txt",
    "/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/papers/..%2F..%2Fsecret.txt",
    "/%2e%2e%5csecret.txt",
    "/..\\secret.txt",
    "/papers/%2e%2e/%2e%2e/secret.txt",
    "//secret.txt",
    "/secret.txt%00.html",
    "/%c0%ae%c0%ae/secret.txt",
]


@pytest.fixture
def secret(served: Served) -> Path:
    """A file beside output/ that must never be served."""
    path = served.root / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", TRAVERSALS)
def test_requests_outside_the_site_get_404(served: Served, secret: Path, path: str) -> None:
    status, _, body = served.get(path)
    assert status == 404
    assert SECRET.encode() not in body


def test_symlink_out_of_the_site_gets_404(served: Served, secret: Path) -> None:
    (served.server.paths.output / "leak.txt").symlink_to(secret)
    (served.server.paths.output / "leakdir").symlink_to(served.root, target_is_directory=True)
    for path in ("/leak.txt", "/leakdir/secret.txt"):
        status, _, body = served.get(path)
        assert status == 404
        assert SECRET.encode() not in body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                                  "127.0.0.1@evil.example", ""])
def test_other_hosts_are_refused(served: Served, host: str) -> None:
    status, _, body = served.get("/", host=host)
    assert status in (400, 403)
    assert b"Publications" not in body


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST:{port}", "localhost:{port}"])
def test_loopback_names_are_served(served: Served, host: str) -> None:
    status, _, body = served.get("/", host=host.format(port=served.server.port))
    assert status == 200
    assert b"Publications" in body


def test_pages_carry_the_reload_script_but_output_does_not(served: Served) -> None:
    status, headers, body = served.get("/")
    assert status == 200
    page = BeautifulSoup(body, "html5lib")
    sources = [script.get("src", "") for script in page.head.find_all("script")]
    reload_script = next(src for src in sources if src.startswith("/livereload.js"))
    for file in served.server.paths.output.rglob("*"):
        if file.is_file():
            assert b"livereload" not in file.read_bytes(), file
    status, headers, script = served.get(reload_script)
    assert status == 200 and b"LiveReload" in script


def test_served_pages_are_the_built_files(served: Served) -> None:
    output = served.server.paths.output
    for path in ("papers/characterflywheel/index.html", "assets/style.css", "404.html"):
        status, headers, body = served.get("/" + path)
        assert status == 200
        assert body.replace(b'<script src="/livereload.js?generation=1" async></script>', b"") == (
            output / path).read_bytes()
    assert served.get("/papers/characterflywheel")[1]["Location"] == "/papers/characterflywheel/"
    status, _, body = served.get("/no/such/page/")
    assert status == 404 and body.startswith((output / "404.html").read_bytes()[:40])


def test_broken_site_serves_error_page_and_keeps_assets(served: Served) -> None:
    paper = "content/papers/characterflywheel.md"
    served.save(paper, served.read(paper).replace("date: 2026-03-02", "date: 2026-13-02"))
    wait_until(lambda: served.get("/")[0] == 500)
    status, _, body = served.get("/")
    error = BeautifulSoup(body, "html5lib").find(id="build-error")
    assert error is not None and f"{paper}:3: date:" in error.get_text()
    assert served.get("/assets/style.css")[0] == 200


def test_site_is_served_under_the_base_url_path(tmp_path: Path) -> None:
    paths = copy_site(tmp_path / "site")
    (paths.content / "site.yaml").write_text("base_url: https://x.github.io/repo/\n")
    server = PreviewServer(paths, port=0)
    server.start()
    try:
        assert server.url == f"http://127.0.0.1:{server.port}/repo/"
        site = Served(server, paths.root)
        assert site.get("/repo/")[0] == 200
        assert site.get("/repo/assets/style.css")[0] == 200
        assert site.get("/")[1]["Location"] == "/repo/"
        assert site.get("/repo")[1]["Location"] == "/repo/"
        assert site.get("/assets/style.css")[0] == 404
    finally:
        server.stop()


def non_loopback_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent for UDP connect
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def test_binds_loopback_only_by_default(served: Served) -> None:
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address")
    with pytest.raises(OSError) as refused:
        socket.create_connection((address, served.server.port), timeout=5).close()
    assert refused.value.errno in (errno.ECONNREFUSED, None) or "refused" in str(refused.value)


def test_port_in_use_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = copy_site(tmp_path / "site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert serve(paths, port=port) == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"error: port {port} on 127.0.0.1 is already in use: stop the other server "
                   "or choose another with --port (--port 0 picks a free one)")


def test_port_zero_prints_real_port_and_ctrl_c_exits_cleanly(tmp_path: Path) -> None:
    paths = copy_site(tmp_path / "site")
    # Ctrl-C in a terminal raises KeyboardInterrupt; a test run started in the background by
    # a shell without job control inherits SIGINT ignored, which Python then leaves ignored.
    code = ("import signal, sys; from pathlib import Path; from scholarsite.model import Paths; "
            "from scholarsite.serve import serve; "
            "signal.signal(signal.SIGINT, signal.default_int_handler); "
            "sys.exit(serve(Paths.under(Path(sys.argv[1])), port=0))")
    process = subprocess.Popen([sys.executable, "-c", code, str(paths.root)], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        lines = [process.stdout.readline() for _ in range(2)]
        serving = next(line for line in lines if line.startswith("Serving on "))
        url = serving.split()[-1]
        port = int(url.rsplit(":", 1)[1].strip("/"))
        assert port != 0 and url == f"http://127.0.0.1:{port}/"
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Traceback" not in err


def test_renamed_paper_moves_to_its_new_url(served: Served) -> None:
    papers = served.root / "content" / "papers"
    (papers / "characterflywheel.md").rename(papers / "flywheel.md")
    wait_until(lambda: served.get("/papers/flywheel/")[0] == 200)
    assert served.get("/papers/characterflywheel/")[0] == 404
    assert b"papers/flywheel/" in served.get("/")[2]


def test_template_syntax_error_names_template_and_line(served: Served) -> None:
    template = "templates/paper.html"
    good = served.read(template)
    lines = good.splitlines(keepends=True)
    served.save(template, "".join(lines[:2]) + "{% if %}\n" + "".join(lines[2:]))
    wait_until(lambda: served.get("/")[0] == 500)
    error = BeautifulSoup(served.get("/")[2], "html5lib").find(id="build-error")
    assert error is not None and error.find(class_="where").get_text() == f"{template}:3"
    served.save(template, good)
    wait_until(lambda: served.get("/")[0] == 200)


def test_head_requests_get_headers_only(served: Served) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served.server.port, timeout=10)
    connection.request("HEAD", "/")
    response = connection.getresponse()
    assert response.status == 200
    assert int(response.getheader("Content-Length")) == len(served.get("/")[2])
    assert response.read() == b""
    connection.close()


def test_server_starts_on_a_broken_site_and_shows_why(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    paths = copy_site(tmp_path / "site")
    (paths.content / "profile.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    server = PreviewServer(paths, port=0)
    server.start()
    try:
        status, _, body = Served(server, paths.root).get("/")
    finally:
        server.stop()
    assert status == 500
    shown = BeautifulSoup(body, "html5lib").find(id="build-error").find(class_="where").get_text()
    assert re.fullmatch(r"content/profile\.yaml:\d+", shown)
    assert shown in capsys.readouterr().err


async def livereload_client(served: Served, shown: int, origin: str | None = None) -> Any:
    """A WebSocket speaking livereload's protocol, as a page showing build `shown` does."""
    port = served.server.port
    request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload",
                          headers={"Origin": origin or f"http://127.0.0.1:{port}"})
    socket_ = await websocket_connect(request)
    await socket_.write_message(json.dumps({"command": "hello", "protocols": [
        "http://livereload.com/protocols/official-7"]}))
    assert json.loads(await socket_.read_message())["command"] == "hello"
    await socket_.write_message(json.dumps({"command": "info", "url": served.url,
                                            "plugins": {"scholarsite": {"version": str(shown)}}}))
    return socket_


async def hang_up(socket_: Any) -> None:
    """Close a livereload WebSocket and wait until it is closed: a socket still closing when
    the event loop ends is never closed at all."""
    socket_.close()
    while await asyncio.wait_for(socket_.read_message(), 10) is not None:
        pass


def test_page_from_an_older_build_is_reloaded_on_connecting(served: Served) -> None:
    async def scenario() -> dict[str, Any]:
        socket_ = await livereload_client(served, shown=served.server.state.generation - 1)
        message = json.loads(await asyncio.wait_for(socket_.read_message(), 10))
        await hang_up(socket_)
        return message

    assert run_async(scenario())["command"] == "reload"


def test_connected_page_is_reloaded_after_each_save(served: Served) -> None:
    paper = "content/papers/characterflywheel.md"

    async def scenario() -> list[str]:
        socket_ = await livereload_client(served, shown=served.server.state.generation)
        commands = []
        for text in ("First edit.", "Second edit."):
            served.save(paper, served.read(paper) + text)
            message = await asyncio.wait_for(socket_.read_message(), 15)
            commands.append(json.loads(message)["command"])
        await hang_up(socket_)
        return commands

    assert run_async(scenario()) == ["reload", "reload"]


def test_websocket_from_another_origin_is_refused(served: Served) -> None:
    with pytest.raises(HTTPClientError) as refused:
        run_async(livereload_client(served, 0, origin="http://evil.example"))
    assert refused.value.code == 403


def test_the_first_save_finds_the_spare_laid_out(served: Served) -> None:
    """The server's first build had no output/ to keep as the spare folder, which later
    builds update in place; the server lays it out while it waits for the first save, and
    that save's build starts from it."""
    output, spare = served.root / "output", served.root / ".output.spare"
    wait_until(lambda: read_build_id(spare) is not None)
    assert read_build_id(spare) == read_build_id(output)
    assert (spare / "index.html").stat().st_ino == (output / "index.html").stat().st_ino
    folder = (spare / "papers").stat().st_ino
    paper = "content/papers/characterflywheel.md"
    served.save(paper, served.read(paper) + "A sentence saved in the preview.")
    wait_until(lambda: "saved in the preview" in (output / "index.html").read_text("utf-8"))
    assert (output / "papers").stat().st_ino == folder
