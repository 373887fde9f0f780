"""Live preview: serve the built site, rebuild it on every save and reload the open pages.

Built on livereload's WebSocket protocol, client script and reload message, but not on its
`Server`: that one polls every 800 ms, drops a reload within 3 s of the previous one, keeps its
browsers in class attributes and cannot report the port it bound. Here a watcher thread notices
saves within milliseconds (inotify; 50 ms polling elsewhere), calls the injected build once per
burst of saves, and reloads the browsers itself once the build has finished; pages requested
during a build wait for it.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import socket
import sys
import threading
import traceback
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tornado import httpserver, web

from scholarsite import pipeline
from scholarsite.errors import SiteError, display_path
from scholarsite.model import Paths
from scholarsite.preview import SiteState, configured_base_url, url_prefix
from scholarsite.serve_handlers import (
    RELOAD,
    HostCheckedApplication,
    ReloadScript,
    ReloadSocket,
    SiteHandler,
)
from scholarsite.watch import Watcher

logger = logging.getLogger(__name__)

Build = Callable[[Paths], Any]

class ServeError(Exception):
    """The server could not start; str() is the one-line message to show."""


def pipeline_build(base_url: str | None = None) -> Build:
    """The real build: scholarsite.pipeline.build, incremental and swapped in atomically."""
    return lambda paths: pipeline.build(paths, base_url=base_url)


class PreviewServer:
    """Serves paths.output over HTTP and keeps it and the open browsers up to date."""

    def __init__(
        self,
        paths: Paths,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        build: Build | None = None,
        base_url: str | None = None,
    ) -> None:
        self.paths = paths
        self.host = host
        self.port = port
        self.base_url = base_url  # overrides site.yaml's, as --base-url does for a build
        self.build = build or pipeline_build(base_url)
        self.state = SiteState(generation=0)  # what requests see; set on the event loop
        self._built = self.state  # the latest build; set on the watcher thread, published after
        self.sockets: set[ReloadSocket] = set()  # touched only on the server's event loop
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._watcher: Watcher | None = None
        # Events bind to the serving thread's loop when first awaited there.
        self._stopping = asyncio.Event()
        self.idle = asyncio.Event()  # clear while a build runs; requests wait for it
        self.idle.set()
        # Lays out the spare folder the next build updates in place, if there is none, while
        # the server waits for the first save; a build waits for it to finish.
        self._building = threading.Lock()
        self._preparing = threading.Thread(target=self._prepare, name="scholarsite-spare",
                                           daemon=True)

    @property
    def url(self) -> str:
        """Where the site is served, with the sub-path of base_url."""
        host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}{self.state.prefix}"

    def start(self) -> None:
        """Bind the port, build the site and start serving and watching; raises ServeError."""
        listeners = bind(self.host, self.port)
        self.port = listeners[0].getsockname()[1]  # the real one when asked for port 0
        self._watcher = Watcher([self.paths.content, self.paths.templates], self._rebuild)
        self.state = self._built = self._build(self._built, [])
        self._preparing.start()
        self._thread = threading.Thread(
            target=asyncio.run, args=(self._serve(listeners),), name="serve", daemon=True
        )
        self._thread.start()
        self._ready.wait()
        self._watcher.start()

    def wait(self) -> None:
        """Block until the server stops (Ctrl-C raises KeyboardInterrupt here)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(0.5)

    def stop(self) -> None:
        """Stop watching and serving, closing the browsers' connections."""
        if self._watcher is not None:
            self._watcher.stop()
        if self._loop is not None and self._thread is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stopping.set)
            self._thread.join(5)

    async def _serve(self, listeners: list[socket.socket]) -> None:
        """Run the HTTP server on this thread's event loop until stop()."""
        self._loop = asyncio.get_running_loop()
        server = httpserver.HTTPServer(self._application())
        server.add_sockets(listeners)
        self._ready.set()
        await self._stopping.wait()
        server.stop()
        for browser in list(self.sockets):
            browser.close()
        await asyncio.wait_for(server.close_all_connections(), timeout=2)

    def _application(self) -> web.Application:
        """livereload's endpoints and the site, behind the Host check."""
        preview = {"preview": self}
        return HostCheckedApplication(
            [
                (r"/livereload", ReloadSocket, preview),
                (r"/livereload\.js", ReloadScript),
                (r"/.*", SiteHandler, preview),
            ],
            bound_host=self.host,
            log_function=lambda handler: None,  # a preview needs no access log in the terminal
        )

    def _rebuild(self, changed: list[str]) -> None:
        """Rebuild after a burst of saves (watcher thread), then show the result in the browsers."""
        assert self._loop is not None
        logger.debug("building after changes to %s", changed)
        self._loop.call_soon_threadsafe(self.idle.clear)
        # Numbered from the last build, not from self.state: the loop may not have published it yet.
        with self._building:
            state = self._built = self._build(self._built, changed)
        logger.debug("build %d finished", state.generation)
        self._loop.call_soon_threadsafe(self._publish, state)

    def _prepare(self) -> None:
        """Lay out the spare folder (its own thread); a failure only costs the next build time."""
        with self._building:
            try:
                if pipeline.prepare_spare(self.paths):
                    logger.debug("laid out the spare folder")
            except Exception:  # noqa: BLE001 - the next build lays it out or reports the fault
                logger.debug("could not lay out the spare folder", exc_info=True)

    def _publish(self, state: SiteState) -> None:
        """Switch to a finished build and reload every open page (event loop)."""
        moved = state.prefix != self.state.prefix
        self.state = state
        if moved:
            _say(f"Serving on {self.url}")
        self.idle.set()
        for browser in list(self.sockets):
            browser.send_message(RELOAD)
        logger.debug("reloaded %d pages", len(self.sockets))

    def _build(self, previous: SiteState, changed: list[str]) -> SiteState:
        """Run the build; report it in the terminal and return what the server shows next."""
        names = ", ".join(display_path(Path(path), self.paths.root) for path in changed[:3])
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        if changed:
            _say(f"Changed: {names}{more}")
        generation = previous.generation + 1
        try:
            report = self.build(self.paths)
        except Exception as error:  # noqa: BLE001 - any failure is shown and the server goes on
            problems = tuple(problem_lines(error))
            _say("\n".join(problems), error=True)
            _say("Build failed: fix the file and save; the browser shows the problem.", error=True)
            return SiteState(generation, previous.prefix, problems)
        _say(describe(report))
        base_url = self.base_url or configured_base_url(self.paths.content / "site.yaml")
        return SiteState(generation, url_prefix(base_url))


def problem_lines(error: Exception) -> list[str]:
    """A failed build as `file:line: message` lines, the same text a build prints."""
    if isinstance(error, SiteError):
        return [str(problem) for problem in error.problems] or [str(error)]
    # Not a content problem but a fault: the terminal gets the traceback to report it.
    _say(traceback.format_exc().rstrip(), error=True)
    return [f"{type(error).__name__}: {error}"]


def describe(report: Any) -> str:
    """One line about a finished build."""
    written = getattr(report, "pages_written", None)
    seconds = getattr(report, "seconds", None)
    if written is None or seconds is None:
        return "Built the site."
    unchanged = getattr(report, "pages_unchanged", 0)
    return f"Built in {seconds * 1000:.0f} ms: {written} pages written, {unchanged} unchanged."


def _say(message: str, *, error: bool = False) -> None:
    """Tell the user in the terminal: serve is interactive, so it prints like the CLI does."""
    print(message, file=sys.stderr if error else sys.stdout, flush=True)


def bind(host: str, port: int) -> list[socket.socket]:
    """A listening socket for host and port, or a ServeError saying plainly why not."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        listener = socket.create_server((host, port), family=family)
    except socket.gaierror as error:
        raise ServeError(f"cannot serve on host {host!r}: {error.strerror}") from None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            hint = "stop the other server or choose another with --port (--port 0 picks a free one)"
            raise ServeError(f"port {port} on {host} is already in use: {hint}") from None
        if error.errno == errno.EACCES:
            hint = "choose another with --port"
            raise ServeError(f"not allowed to listen on port {port}: {hint}") from None
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    listener.setblocking(False)
    return [listener]


def run(args: argparse.Namespace, paths: Paths, build: Build | None = None) -> int:
    """The serve command: what the CLI calls with its parsed arguments."""
    return serve(paths, args.host, args.port, args.open_browser, build=build,
                 base_url=getattr(args, "base_url", None))


def serve(
    paths: Paths,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    build: Build | None = None,
    base_url: str | None = None,
) -> int:
    """Serve until Ctrl-C; exit code 0, or 1 when the server cannot start."""
    server = PreviewServer(paths, host=host, port=port, build=build, base_url=base_url)
    try:
        server.start()
        _say(f"Serving on {server.url}")
        _say("Watching content/ and templates/; press Ctrl-C to stop.")
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
        server.wait()
    except ServeError as error:
        _say(f"error: {error}", error=True)
        return 1
    except KeyboardInterrupt:
        _say("\nStopped.")
    finally:
        server.stop()
    return 0
