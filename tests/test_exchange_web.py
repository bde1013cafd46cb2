"""``ars-tui web``: the TUI served by textual-serve, opened in a real headless Chromium.

End to end: the command serves the app on localhost; Chromium (Debian's ``chromium``) opens the
page; the test drives it over the DevTools protocol (CDP, a websocket, spoken here with aiohttp,
which textual-serve already brings: no Playwright, no Selenium). It waits until the terminal
stream carries the dashboard of the demo database (the ARS name, read from the database, only
shows once the database is open and the figures are in), then takes a screenshot and checks
that the picture is not blank.

In CI (``CI`` set) this test must run: a missing Chromium fails it. Elsewhere it is skipped
only when Chromium is not installed (``apt-get install chromium``).
"""

from __future__ import annotations

import asyncio
import base64
import io
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.db import open_database
from storage.demo.generator import generate_demo

#: Waiting deadlines (not assertions on speed: a slow machine only waits longer).
SERVER_DEADLINE = 60.0
DASHBOARD_DEADLINE = 120.0
#: What the dashboard of the demo database shows once its figures are in (from the database).
DASHBOARD_TEXT = "La Réunion"

#: Runs in the page before its own scripts: keeps the text of what the app sends (the terminal
#: draws on a canvas, so the page's DOM has no text to read).
RECORD_STREAM_JS = """
(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder("utf-8");
  window.__arsText = "";
  function Recording(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__arsText += decoder.decode(new Uint8Array(event.data), {stream: true});
        if (window.__arsText.length > 4000000) {
          window.__arsText = window.__arsText.slice(-2000000);
        }
      }
    });
    return socket;
  }
  Recording.prototype = Native.prototype;
  Object.assign(Recording, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Recording;
})();
"""
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def chromium() -> str:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI : Chromium est requis (apt-get install chromium) et introuvable.")
        pytest.skip("Chromium absent (apt-get install chromium) ; hors CI, test ignoré.")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Any, deadline: float, what: str) -> Any:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {deadline:.0f} s for {what}")


def _terminate(process: subprocess.Popen[bytes]) -> None:
    """Stop a process this test started, and its children (its own process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def web_server(tmp_path: Path) -> Iterator[str]:
    """``ars-tui web`` on a demo database; yields the page's URL."""
    path = tmp_path / "demo.db"
    database = open_database(path)
    generate_demo(database.engine, records=200, ars_code="REU")
    database.dispose()
    port = free_port()
    log = (tmp_path / "web.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "ars_tui", "web", "--port", str(port), "--db", str(path)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until(lambda: _answers(port) or process.poll() is not None, SERVER_DEADLINE, "server")
        assert process.poll() is None, (tmp_path / "web.log").read_text(errors="replace")
        yield f"http://localhost:{port}/"
    finally:
        _terminate(process)
        log.close()


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Cdp:
    """The few DevTools protocol calls the test needs, over one websocket."""

    def __init__(self, websocket: Any) -> None:
        self.websocket = websocket
        self.ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self.ids)
        await self.websocket.send_str(
            json.dumps({"id": call_id, "method": method, "params": params})
        )
        while True:
            message = json.loads((await self.websocket.receive()).data)
            if message.get("id") == call_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message["result"]  # type: ignore[no-any-return]


async def _open_and_capture(debug_port: int, url: str) -> tuple[str, bytes]:
    """Open ``url``, wait for the dashboard's text, return (text seen, PNG screenshot)."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{debug_port}/json/list") as response:
            pages = [page for page in await response.json() if page["type"] == "page"]
        async with session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            cdp = Cdp(ws)
            await cdp.call("Page.enable")
            await cdp.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_STREAM_JS)
            await cdp.call("Page.navigate", url=url)
            end = time.monotonic() + DASHBOARD_DEADLINE
            seen = ""
            while time.monotonic() < end:
                result = await cdp.call(
                    "Runtime.evaluate", expression="window.__arsText || ''", returnByValue=True
                )
                seen = _ANSI.sub("", result["result"].get("value", ""))
                if DASHBOARD_TEXT in seen:
                    break
                await asyncio.sleep(0.5)
            # Let the terminal paint what it received (it draws on the next animation frames).
            await asyncio.sleep(1.0)
            shot = await cdp.call("Page.captureScreenshot", format="png")
            return seen, base64.b64decode(shot["data"])


def distinct_colours(png: bytes) -> int:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    return len(colours or ())


def test_the_app_runs_in_a_browser(chromium: str, web_server: str, tmp_path: Path) -> None:
    profile = tmp_path / "chromium-profile"
    browser = subprocess.Popen(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1280,800",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        wait_until(lambda: port_file.exists() and port_file.read_text().strip(), 60, "Chromium")
        debug_port = int(port_file.read_text().splitlines()[0])
        seen, png = asyncio.run(_open_and_capture(debug_port, web_server))
    finally:
        _terminate(browser)
    (tmp_path / "screenshot.png").write_bytes(png)
    assert DASHBOARD_TEXT in seen, seen[-2000:]
    assert "Tableau de bord" in seen
    assert png.startswith(b"\x89PNG")
    # A blank page has one colour; the splash a handful; the dashboard's text and borders many.
    assert distinct_colours(png) > 30
