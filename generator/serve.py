"""Live preview: regenerate when plans/ changes and let `mkdocs serve` reload the browser.

An invalid edit prints its problems and leaves the last good pages in place, so the preview
keeps showing the last good site until the edit is fixed.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.build import mkdocs_env

DEBOUNCE_SECONDS = 0.3


class _Debounced(FileSystemEventHandler):
    """Calls `action` once things have been quiet for a moment after a burst of file events."""

    def __init__(self, action: Callable[[], object]) -> None:
        self.action = action
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in {"opened", "closed_no_write"}:
            return
        name = Path(str(event.src_path)).name
        if name.startswith(".") or name.endswith(("~", ".swp", ".tmp")):
            return  # editor scratch files
        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(DEBOUNCE_SECONDS, self.action)
            self.timer.daemon = True
            self.timer.start()


def watch(folder: Path, action: Callable[[], object]) -> Observer:  # type: ignore[valid-type]
    """Start watching folder (recursively); the caller stops the returned observer."""
    observer = Observer()
    observer.schedule(_Debounced(action), str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


def start_mkdocs(root: Path, config: Path, dev_addr: str, dirty: bool) -> subprocess.Popen[bytes]:
    """`mkdocs serve` on the generated content; it reloads browsers when content/ changes."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config),
               "--dev-addr", dev_addr, "--no-strict"]
    if dirty:
        command.append("--dirty")
    return subprocess.Popen(command, cwd=root, env=mkdocs_env())
