"""The built site served as GitHub Pages serves it, under /repo/ or at a domain root, crawled."""

from __future__ import annotations

import functools
import re
import struct
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, Project

# (served under, base_url): a project site and a user site.
LAYOUTS = {
    "project": ("/repo", "https://example.github.io/repo/"),
    "user": ("", "https://example.github.io/"),
}
URL_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src",
                  "iframe": "src"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class PagesHandler(SimpleHTTPRequestHandler):
    """Serves output/ under a prefix; a missing file gets 404.html with status 404, as on Pages."""

    prefix = ""

    def translate_path(self, path: str) -> str:
        if path == self.prefix or path.startswith(self.prefix + "/"):
            return super().translate_path(path[len(self.prefix):])
        return str(Path(self.directory) / "\0not-under-the-prefix")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reports what matters."""


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


@dataclass
class Served:
    """A built site behind a local server, and where its pages are."""

    output: Path
    origin: str  # http://127.0.0.1:PORT
    prefix: str  # "/repo" or ""
    base_url: str

    def get(self, path: str) -> Response:
        """GET a path (or a URL of this server); a 4xx or 5xx is a Response too."""
        try:
            with urllib.request.urlopen(urljoin(self.origin, path), timeout=10) as reply:
                return Response(reply.status, reply.headers.get_content_type(), reply.read())
        except urllib.error.HTTPError as error:
            with error:  # it holds the connection open until closed
                return Response(error.code, error.headers.get_content_type(), error.read())

    def local(self, url: str) -> str | None:
        """A URL of the site (from base_url or on this server) as a path here; None if elsewhere."""
        if url.startswith(self.base_url):
            return self.prefix + "/" + url[len(self.base_url):]
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin:
            return parts.path + (f"?{parts.query}" if parts.query else "")
        return None


def png() -> bytes:
    """A valid 1x1 PNG, so the photo is a real image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def build_site(project: Project, base_url: str) -> None:
    """The reference content with base_url, a photo, a static file and links, built."""
    project.copy_from(REPO / "content")
    profile = yaml.safe_load((project.content / "profile.yaml").read_text(encoding="utf-8"))
    profile.update(photo="static/photo.png", links={"CV": "cv.txt",
                                                     "GitHub": "https://github.com/example"})
    (project.content / "profile.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    (project.content / "site.yaml").write_text(f"base_url: {base_url}\n", encoding="utf-8")
    (project.content / "static").mkdir(exist_ok=True)
    (project.content / "static" / "photo.png").write_bytes(png())
    (project.content / "static" / "cv.txt").write_text("Curriculum vitae\n", encoding="utf-8")
    result = project.build()
    assert result.code == 0, result.err


@pytest.fixture(params=sorted(LAYOUTS))
def served(request: pytest.FixtureRequest, project: Project) -> Iterator[Served]:
    """The site built for a layout and served as GitHub Pages would serve it."""
    prefix, base_url = LAYOUTS[request.param]
    build_site(project, base_url)
    handler = type("Handler", (PagesHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(handler, directory=str(project.output)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(project.output, f"http://127.0.0.1:{server.server_port}", prefix, base_url)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def references(page_url: str, response: Response) -> Iterator[str]:
    """Every URL a page or stylesheet makes the browser or the reader fetch, made absolute."""
    if response.content_type == "text/html":
        soup = BeautifulSoup(response.body, "html5lib")
        for tag, attribute in URL_ATTRIBUTES.items():
            for element in soup.find_all(tag, attrs={attribute: True}):
                if not element[attribute].startswith("#"):  # the same document: nothing to fetch
                    yield urljoin(page_url, element[attribute])
    elif response.content_type == "text/css":
        for found in CSS_URL.findall(response.body.decode("utf-8")):
            yield urljoin(page_url, found)


def crawl(served: Served, start: str) -> dict[str, Response]:
    """Fetch start and everything it leads to on this site; external links are not followed."""
    seen: dict[str, Response] = {}
    queue = [start]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen[path] = response = served.get(path)
        for url in references(served.origin + path, response):
            local = served.local(urldefrag(url).url)
            if local is not None:
                queue.append(local)
    return seen


def test_every_link_stylesheet_and_image_loads_from_the_profile(served: Served) -> None:
    start = served.prefix + "/"
    pages = crawl(served, start)
    broken = {path: r.status for path, r in pages.items() if r.status != 200}
    assert broken == {}
    outside = [path for path in pages if not path.startswith(start)]
    assert outside == []  # nothing leaves the sub-path
    # The crawl reached every page and file of the site, and what it fetched is of the right kind.
    fetched = {urlsplit(path).path.removeprefix(start) for path in pages}
    built = {p.relative_to(served.output).as_posix() for p in served.output.rglob("*")
             if p.is_file() and p.name not in {"404.html", "robots.txt", "sitemap.xml"}
             and not p.name.startswith(".")}
    assert {name.removesuffix("index.html") for name in built} <= fetched
    types = {urlsplit(path).path.rsplit(".", 1)[-1]: r.content_type for path, r in pages.items()}
    assert types["css"] == "text/css" and types["png"] == "image/png"
    assert types["xml"] in {"application/xml", "text/xml"}  # the feed, linked from every head


def test_every_page_loads_its_stylesheet(served: Served) -> None:
    for page in ["/", "/papers/characterflywheel/", "/papers/characterflywheel/index.html"]:
        response = served.get(served.prefix + page)
        soup = BeautifulSoup(response.body, "html5lib")
        sheets = [urljoin(served.origin + served.prefix + page, link["href"])
                  for link in soup.select("link[rel=stylesheet]")]
        assert sheets, page
        for sheet in sheets:
            assert served.get(sheet).content_type == "text/css", (page, sheet)


@pytest.mark.parametrize("missing", ["/a/b/c/", "/nope", "/papers/missing/", "/papers/x/y/z.html"])
def test_the_404_page_renders_with_its_stylesheet_at_any_depth(
    served: Served, missing: str
) -> None:
    url = served.origin + served.prefix + missing
    response = served.get(url)
    assert response.status == 404
    soup = BeautifulSoup(response.body, "html5lib")
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == "Page not found"
    sheets = [urljoin(url, link["href"]) for link in soup.select("link[rel=stylesheet]")]
    assert sheets and all(served.get(sheet).content_type == "text/css" for sheet in sheets)
    for href in references(url, response):
        local = served.local(urldefrag(href).url)
        if local is not None:
            assert served.get(local).status == 200, href
            assert local.startswith(served.prefix + "/")


def test_sitemap_and_feed_urls_are_pages_of_the_served_site(served: Served) -> None:
    sitemap = ET.fromstring(served.get(served.prefix + "/sitemap.xml").body)
    feed = ET.fromstring(served.get(served.prefix + "/feed.xml").body)
    urls = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    urls += [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert len(urls) > 6
    for url in urls:
        local = served.local(url or "")
        assert local is not None, url
        response = served.get(local)
        assert response.status == 200, url


def test_the_404_page_uses_absolute_paths_from_base_url(served: Served) -> None:
    soup = BeautifulSoup((served.output / "404.html").read_bytes(), "html5lib")
    for tag, attribute in URL_ATTRIBUTES.items():
        for element in soup.find_all(tag, attrs={attribute: True}):
            value = element[attribute]
            assert value.startswith((served.prefix + "/", served.base_url, "#")), value

