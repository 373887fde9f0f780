"""What the preview server answers, as pure functions: URL to file, reload script, error page."""

from __future__ import annotations

import html
import ipaddress
import mimetypes
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

# Percent-escapes that would smuggle a separator or a NUL past the split on "/".
SMUGGLED = re.compile(r"%(2f|5c|00)", re.IGNORECASE)
HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
HOST_HEADER = re.compile(r"[A-Za-z0-9.-]+(:[0-9]*)?|\[[0-9A-Fa-f:.]+\](:[0-9]*)?")
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})


@dataclass(frozen=True)
class SiteState:
    """What the server shows: which build, under which URL path, and its problems if it failed."""

    generation: int
    prefix: str = "/"
    problems: tuple[str, ...] = ()  # `file:line: message` lines; empty when the build succeeded


@dataclass(frozen=True)
class Response:
    """An answer to a request, before HTTP: status, body and the headers that vary."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None


@dataclass(frozen=True)
class Redirect:
    """A folder asked for without its trailing slash: relative links need the slash."""

    location: str


def answer(output: Path, state: SiteState, raw_path: str) -> Response:
    """What a GET of raw_path returns: a built file, a redirect, the error page or the 404 page."""
    target = locate(output, state.prefix, raw_path) if is_safe_path(raw_path) else None
    if isinstance(target, Redirect):
        return Response(302, location=target.location)
    if state.problems and is_safe_path(raw_path) and (target is None or target.suffix == ".html"):
        return _page(500, error_page(list(state.problems)), state)
    try:
        body = target.read_bytes() if target else None
    except OSError:
        body = None  # replaced by a rebuild between locating and reading
    if target is None or body is None:
        return _not_found(output, state)
    kind = content_type(target)
    return _page(200, body, state) if kind.startswith("text/html") else Response(200, body, kind)


def content_type(path: Path) -> str:
    """The Content-Type of a built file, with a charset for text."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    textual = kind.startswith("text/") or kind.endswith(("xml", "json", "javascript"))
    return f"{kind}; charset=utf-8" if textual else kind


def _page(status: int, page: bytes, state: SiteState) -> Response:
    """An HTML page with the reload script, so it follows the next build too."""
    return Response(status, inject(page, reload_script(state.generation)))


def _not_found(output: Path, state: SiteState) -> Response:
    """The site's own 404.html when it has one."""
    try:
        return _page(404, (output / "404.html").read_bytes(), state)
    except OSError:
        return _page(404, b"<!doctype html><title>Not found</title><h1>Not found</h1>", state)


def is_safe_path(raw_path: str) -> bool:
    """Whether a request path (still percent-encoded) can only name something inside the site."""
    if "\\" in raw_path or "//" in raw_path or SMUGGLED.search(raw_path):
        return False
    try:
        decoded = unquote(raw_path, errors="strict") if raw_path.isascii() else ""
    except UnicodeDecodeError:
        return False
    if not decoded.startswith("/") or "\\" in decoded or "\0" in decoded:
        return False
    return not any(part in (".", "..") for part in decoded.split("/"))


def locate(output: Path, prefix: str, raw_path: str) -> Path | Redirect | None:
    """The file inside output/ a request path names, a redirect, or None when there is none."""
    if raw_path in ("/", prefix.rstrip("/")) and raw_path != prefix:
        return Redirect(prefix)
    if not raw_path.startswith(prefix) or not is_safe_path(raw_path):
        return None
    root = output.resolve()
    try:
        # resolve() follows symlinks, so a link inside output/ to a file outside it is refused.
        target = (root / unquote(raw_path[len(prefix) :])).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not target.is_relative_to(root):
        return None
    if target.is_dir():
        if not raw_path.endswith("/"):
            return Redirect(raw_path + "/")
        target = target / "index.html"
    return target if target.is_file() else None


def configured_base_url(site_yaml: Path) -> str | None:
    """base_url from content/site.yaml, read on its own because only the URL path is needed."""
    try:
        config = yaml.safe_load(site_yaml.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    base_url = config.get("base_url") if isinstance(config, dict) else None
    return base_url if isinstance(base_url, str) else None


def url_prefix(base_url: str | None) -> str:
    """The URL path the site is published under: the path of base_url, "/" without one."""
    path = urlsplit(base_url).path.strip("/") if base_url else ""
    return f"/{path}/" if path else "/"


def reload_script(generation: int) -> bytes:
    """The tag that loads livereload's client, telling it which build this page shows."""
    # An external script (not inline) keeps working under a Content-Security-Policy of 'self'.
    return f'<script src="/livereload.js?generation={generation}" async></script>'.encode()


def inject(page: bytes, script: bytes) -> bytes:
    """Put the script before </head> (any case, anywhere in the page), else </body> or the end."""
    match = HEAD_END.search(page) or BODY_END.search(page)
    at = match.start() if match else len(page)
    return page[:at] + script + page[at:]


def error_page(lines: list[str]) -> bytes:
    """A page listing every problem of a failed build, one `file:line: message` per item."""
    items = "\n".join(_error_item(line) for line in lines)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
  color: #1f2328; background: #fff; }}
h1 {{ color: #b42318; font-size: 1.5rem; }}
li {{ margin: .5rem 0; font-family: ui-monospace, monospace; white-space: pre-wrap; }}
.where {{ font-weight: bold; }}
@media (prefers-color-scheme: dark) {{ body {{ color: #e6edf3; background: #0d1117; }}
  h1 {{ color: #ff7b72; }} }}
</style>
</head>
<body>
<main id="build-error">
<h1>The site could not be built</h1>
<ol>
{items}
</ol>
<p>Fix the file and save it: this page reloads by itself.</p>
</main>
</body>
</html>
""".encode()


def _error_item(line: str) -> str:
    """One problem as a list item, its `file:line` part in bold."""
    where, sep, what = line.partition(": ")
    if not sep or " " in where:
        return f"<li>{html.escape(line)}</li>"
    return f'<li><span class="where">{html.escape(where)}</span>: {html.escape(what)}</li>'


def host_allowed(header: str | None, bound_host: str) -> bool:
    """Whether a Host header names this server, which defeats DNS rebinding by other sites."""
    if not header or not HOST_HEADER.fullmatch(header):
        return False
    name = urlsplit(f"//{header}").hostname
    if name is None:
        return False
    bound = bound_host.strip("[]").lower()
    if name == bound or (name in LOOPBACK_NAMES and _is_loopback(bound)):
        return True
    if bound in WILDCARD_HOSTS:
        # Bound to every interface: any address of this machine, but no other site's name.
        return _is_ip(name) or name in LOOPBACK_NAMES or name == socket.gethostname().lower()
    return False


def _is_ip(name: str) -> bool:
    """Whether a host name is an IP address literal."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(name: str) -> bool:
    """Whether a bound host is this machine's loopback interface."""
    return name == "localhost" or (_is_ip(name) and ipaddress.ip_address(name).is_loopback)
