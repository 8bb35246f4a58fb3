"""A small client for the real YAML language server (the one VS Code, Neovim, Helix and Zed
embed), over stdio: open a file with the schema settings the docs give, then read what an
editor would show: diagnostics, completions and hovers.

The server is found at ``$POPQUIZ_YLS`` or in ``.cache/yls`` (``.ci/run`` installs the pinned
version there when it is missing); :func:`server_command` skips the test without it, or fails
in CI.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from needs import in_ci

ROOT = Path(__file__).resolve().parents[1]
VERSION = "1.25.0"  # the version .ci/run installs
LOCAL = ROOT / ".cache" / "yls" / "node_modules" / "yaml-language-server" / "bin"


def server_command() -> list[str]:
    found = os.environ.get("POPQUIZ_YLS") or str(LOCAL / "yaml-language-server")
    node = shutil.which("node")
    if node is None or not Path(found).is_file():
        what = "node" if node is None else f"yaml-language-server {VERSION} ({found})"
        if in_ci():
            pytest.fail(f"CI must run this test, but {what} is missing (.ci/run installs it)")
        pytest.skip(f"{what} is missing: npm install --prefix .cache/yls yaml-language-server")
    return [node, found, "--stdio"]


class Server:
    """One language server process for one workspace folder."""

    def __init__(self, root: Path, schemas: dict[str, Any]) -> None:
        self.root = root
        self.settings = {
            "yaml": {
                "schemas": schemas,
                "validate": True,
                "completion": True,
                "hover": True,
                "schemaStore": {"enable": False},
            }
        }
        self.proc = subprocess.Popen(
            server_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
        )
        self.next_id = 0
        self.buffer = b""
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": "w"}],
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {}},
                    "textDocument": {
                        "completion": {"completionItem": {"snippetSupport": True}},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "publishDiagnostics": {},
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except (OSError, TimeoutError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # The protocol -------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 30) -> Any:
        self.next_id += 1
        mine = self.next_id
        self._send({"id": mine, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self._read(deadline)
            if message is None:
                raise TimeoutError(f"no answer to {method}")
            if message.get("id") == mine and "method" not in message:
                return message.get("result")

    def _read(self, deadline: float) -> dict[str, Any] | None:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while True:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if sep:
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    message: dict[str, Any] = json.loads(rest[:length])
                    self._handle(message)
                    return message
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self.buffer += chunk

    def _handle(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics[params["uri"]] = params["diagnostics"]
        elif method is not None and "id" in message:  # a request from the server
            result: Any = None
            if method == "workspace/configuration":
                result = [
                    self.settings.get(item.get("section", ""), None)
                    for item in message["params"]["items"]
                ]
            self._send({"id": message["id"], "result": result})

    # What an editor shows -----------------------------------------------------------------

    def open(self, path: Path) -> str:
        uri = path.as_uri()
        self.diagnostics.pop(uri, None)
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "yaml",
                    "version": 1,
                    "text": path.read_text(encoding="utf-8"),
                }
            },
        )
        return uri

    def diagnose(self, path: Path, settle: float = 1.5) -> list[dict[str, Any]]:
        """The diagnostics the server publishes for ``path`` once it stops changing them."""
        uri = self.open(path)
        deadline = time.monotonic() + 30
        quiet_until = None
        while time.monotonic() < deadline:
            message = self._read(min(deadline, time.monotonic() + 0.25))
            if (
                message is not None
                and message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri
            ):
                quiet_until = time.monotonic() + settle
            if quiet_until is not None and time.monotonic() >= quiet_until:
                break
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return self.diagnostics.get(uri, [])

    def completion(self, path: Path, line: int, character: int) -> list[dict[str, Any]]:
        """Completion items at a 0-based position of ``path`` (opened as it is on disk)."""
        uri = self.open(path)
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        items: list[dict[str, Any]] = (
            result.get("items", []) if isinstance(result, dict) else result or []
        )
        return items

    def hover(self, path: Path, line: int, character: int) -> str:
        uri = self.open(path)
        result = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        if not result:
            return ""
        contents = result["contents"]
        return str(contents.get("value", "") if isinstance(contents, dict) else contents)
