"""The preview server's HTTP side: the site, livereload's WebSocket and script, the Host check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.websocket import WebSocketHandler

from scholarsite.preview import answer, host_allowed

if TYPE_CHECKING:
    from scholarsite.serve import PreviewServer

# Appended to livereload's client: reports the build a page shows and patches pages in place.
CLIENT_PLUGIN = Path(__file__).with_name("preview_client.js").read_text(encoding="utf-8")
RELOAD = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}


class HostCheckedApplication(web.Application):
    """Answers only requests addressed to the served host (DNS rebinding protection)."""

    def __init__(self, handlers: list[Any], *, bound_host: str, **settings: Any) -> None:
        super().__init__(handlers, **settings)
        self.bound_host = bound_host

    def find_handler(self, request: Any, **kwargs: Any) -> Any:
        """Route the request, or refuse it with 403 when its Host header names another site."""
        if not host_allowed(request.headers.get("Host"), self.bound_host):
            return self.get_handler_delegate(request, web.ErrorHandler, {"status_code": 403})
        return super().find_handler(request, **kwargs)


class SiteHandler(web.RequestHandler):
    """The built site, the error page while the build fails, and the reload script in pages."""

    def initialize(self, preview: PreviewServer) -> None:
        self.preview = preview

    async def get(self) -> None:
        await self._respond(include_body=True)

    async def head(self) -> None:
        await self._respond(include_body=False)

    async def _respond(self, *, include_body: bool) -> None:
        """Answer once no build is running, so a page never mixes two builds."""
        await self.preview.idle.wait()
        response = answer(self.preview.paths.output, self.preview.state, self.request.path)
        self.set_status(response.status)
        self.set_header("Content-Type", response.content_type)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        if response.location:
            self.set_header("Location", response.location)
        if include_body:
            self.write(response.body)
        else:
            self.set_header("Content-Length", len(response.body))


class ReloadSocket(LiveReloadHandler):
    """livereload's WebSocket, with its browsers kept per server rather than in class state."""

    def initialize(self, preview: PreviewServer) -> None:
        self.preview = preview

    def check_origin(self, origin: str) -> bool:
        # livereload accepts any origin; only pages of this server may listen.
        return WebSocketHandler.check_origin(self, origin)

    def on_message(self, message: str | bytes) -> None:
        """Answer livereload's handshake, then register the page and catch it up if stale."""
        data = json.loads(message)
        if data.get("command") == "hello":
            super().on_message(message)
        elif data.get("command") == "info":
            self.preview.sockets.add(self)
            shown = data.get("plugins", {}).get("scholarsite", {}).get("version")
            if shown is not None and str(shown) != str(self.preview.state.generation):
                self.send_message(RELOAD)

    def on_close(self) -> None:
        self.preview.sockets.discard(self)


class ReloadScript(LiveReloadJSHandler):
    """livereload's client script, plus the plugin that reports the build and patches pages."""

    def get(self) -> None:
        super().get()
        generation = self.get_query_argument("generation", "0")
        shown = str(int(generation)) if generation.isdigit() else "0"
        self.write(CLIENT_PLUGIN.replace("__GENERATION__", shown))
        self.set_header("Cache-Control", "no-store")
