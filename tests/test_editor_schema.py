"""Editor support, checked with a real YAML language server (the one VS Code's YAML extension runs).

The server reads the schema associations from .vscode/settings.json, or the header line
`# yaml-language-server: $schema=...` at the top of a file, and must flag a bad plan on the
lines at fault while leaving every sample file clean.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import require

REPO = Path(__file__).resolve().parent.parent
SETTINGS = REPO / ".vscode" / "settings.json"
SERVER = REPO / ".tools" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
HEADER = "# yaml-language-server: $schema=../../schema/call.schema.json\n"

GOOD_CALL = """\
date: 2026-03-10
rep: dana-k
type: discovery
plan:
  objective: Learn how dispatch works today.
  goals:
    - metric: stakeholders met
      target: 2
      unit: people
"""

# Line numbers (0-based, as the protocol counts) of what is wrong, for the assertions below.
BAD_CALL = """\
date: 2026-03-10
type: dinner
plan:
  objectve: Learn how dispatch works today.
  goals:
    - metric: stakeholders met
      target: lots
"""



class LanguageServer:
    """A minimal Language Server Protocol client over the server's stdin and stdout."""

    def __init__(self, root: Path, yaml_settings: dict[str, Any]) -> None:
        node = shutil.which("node")
        assert node is not None
        self.settings = yaml_settings
        self.process = subprocess.Popen(
            [node, str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.opened: set[str] = set()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {
                    "workspace": {"configuration": True, "workspaceFolders": True},
                    "textDocument": {"publishDiagnostics": {"relatedInformation": False}},
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": yaml_settings}})
        # The server pulls the settings in answer; documents opened before that are checked
        # without them.
        self._wait(lambda m: m.get("method") == "workspace/configuration")

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        return self._wait(lambda m: m.get("id") == self.next_id and "method" not in m)["result"]

    def _answer(self, message: dict[str, Any]) -> None:
        # Requests from the server: hand it the settings it pulls, acknowledge the rest.
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [
                self.settings if item.get("section") == "yaml" else None
                for item in message["params"]["items"]
            ]
        self._send({"id": message["id"], "result": result})

    def _wait(self, wanted: Any, timeout: float = 60) -> dict[str, Any]:
        while True:
            try:
                message = self.messages.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError("the YAML language server did not answer in time") from None
            if "method" in message and "id" in message:
                self._answer(message)
            if wanted(message):
                return message

    def open(self, path: Path, text: str) -> list[dict[str, Any]]:
        """Open a document and return the diagnostics the server publishes for it."""
        return self.open_all({path: text})[path]

    def open_all(self, texts: dict[Path, str]) -> dict[Path, list[dict[str, Any]]]:
        """Open documents at once (the server checks each after a pause) and collect what it
        publishes for each.

        Each path is opened once: closing a document publishes an empty list for it, which
        would be taken for the answer to a later open of the same path.
        """
        waiting = {path.as_uri(): path for path in texts}
        assert not self.opened & waiting.keys(), "a document was already opened"
        self.opened |= waiting.keys()
        for path, text in texts.items():
            self.notify(
                "textDocument/didOpen",
                {
                    "textDocument": {
                        "uri": path.as_uri(),
                        "languageId": "yaml",
                        "version": 1,
                        "text": text,
                    }
                },
            )
        found = {}
        while waiting:
            message = self._wait(
                lambda m: (
                    m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] in waiting
                )
            )
            found[waiting.pop(message["params"]["uri"])] = list(message["params"]["diagnostics"])
        return found

    def schemas(self, path: Path) -> list[str]:
        """The file names of the schemas the server applies to an open document."""
        found = self.request("yaml/get/jsonSchema", path.as_uri())
        return sorted(Path(schema["uri"]).name for schema in found)

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.reader.join(timeout=10)  # it stops at the end of the server's output
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()


def editor_settings() -> dict[str, Any]:
    """The `yaml` section of .vscode/settings.json, as VS Code hands it to the server."""
    flat = json.loads(SETTINGS.read_text(encoding="utf-8"))
    settings: dict[str, Any] = {
        key.removeprefix("yaml."): value for key, value in flat.items() if key.startswith("yaml.")
    }
    # The sandbox has no network: the public schema catalogue would only add noise.
    settings["schemaStore"] = {"enable": False}
    return settings


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A team repository: the committed schemas and the sample plans, as a user checks them out."""
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    return tmp_path


@pytest.fixture
def server_for() -> Any:
    require(shutil.which("node") is not None, "Node.js is not installed")
    require(SERVER.is_file(), "yaml-language-server is not installed under .tools/")
    started: list[LanguageServer] = []

    def start(root: Path, settings: dict[str, Any]) -> LanguageServer:
        started.append(LanguageServer(root, settings))
        return started[-1]

    yield start
    for server in started:
        server.close()


def without_header(text: str) -> str:
    return "".join(
        line
        for line in text.splitlines(keepends=True)
        if not line.startswith("# yaml-language-server:")
    )


def summary(diagnostics: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return sorted((d["range"]["start"]["line"], d["message"]) for d in diagnostics)


def test_settings_map_every_kind_of_plans_file_to_its_schema() -> None:
    schemas = json.loads(SETTINGS.read_text(encoding="utf-8"))["yaml.schemas"]
    assert sorted(schemas) == sorted(f"./schema/{p.name}" for p in (REPO / "schema").glob("*.json"))


def expected_schema(path: Path) -> str:
    if path.parent.name == "plans":
        return f"{path.stem}.schema.json"  # team, checklists or topics
    return "account.schema.json" if path.name == "account.yaml" else "call.schema.json"


@pytest.mark.slow
def test_the_sample_team_is_clean_in_the_editor(workspace: Path, server_for: Any) -> None:
    # With the header lines removed, only .vscode/settings.json tells the server which schema
    # each file has: each file must get its own schema and come out without a diagnostic.
    server = server_for(workspace, editor_settings())
    files = sorted((workspace / "plans").rglob("*.yaml"))
    assert len(files) > 10
    texts = {}
    for path in files:
        texts[path] = without_header(path.read_text(encoding="utf-8"))
        path.write_text(texts[path], encoding="utf-8")
    opened = server.open_all(texts)
    diagnostics = {p.relative_to(workspace).as_posix(): summary(d) for p, d in opened.items()}
    schemas = {path.relative_to(workspace).as_posix(): server.schemas(path) for path in files}
    assert schemas == {
        path.relative_to(workspace).as_posix(): [expected_schema(path)] for path in files
    }
    assert diagnostics == {name: [] for name in diagnostics}


@pytest.mark.slow
def test_a_bad_plan_is_flagged_on_each_line_at_fault(workspace: Path, server_for: Any) -> None:
    server = server_for(workspace, editor_settings())
    folder = workspace / "plans" / "acme"
    folder.mkdir()
    assert server.open(folder / "2026-03-10-good.yaml", GOOD_CALL) == []

    found = summary(server.open(folder / "2026-03-10-bad.yaml", BAD_CALL))
    assert found == [
        (0, 'Missing property "rep".'),
        (
            1,
            'Value is not accepted. Valid values: "discovery", "demo", "proposal", '
            '"negotiation", "closing", "follow-up", "review", "other".',
        ),
        (2, 'Missing property "objective".'),
        (3, "Property objectve is not allowed."),
        (5, 'Missing property "unit".'),
        (6, 'Incorrect type. Expected "number".'),
    ]


@pytest.mark.slow
def test_the_header_line_alone_associates_the_schema(workspace: Path, server_for: Any) -> None:
    # No settings at all, as for a team without .vscode/ or another editor using the server.
    server = server_for(workspace, {"schemaStore": {"enable": False}})
    folder = workspace / "plans" / "acme"
    folder.mkdir()
    bare = folder / "2026-03-10-bare.yaml"
    assert server.open(bare, BAD_CALL) == []  # nothing says which schema applies
    assert server.schemas(bare) == []

    flagged = summary(server.open(folder / "2026-03-10-bad.yaml", HEADER + BAD_CALL))
    assert [line for line, _ in flagged] == [1, 2, 3, 4, 6, 7]  # one line further down
    assert server.open(folder / "2026-03-10-good.yaml", HEADER + GOOD_CALL) == []
    assert server.schemas(folder / "2026-03-10-good.yaml") == ["call.schema.json"]
