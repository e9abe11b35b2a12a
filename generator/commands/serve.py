"""Live preview: regenerate when plans/ changes and let `mkdocs serve` reload the browser.

An invalid edit prints its problems and leaves the last good pages in place, so the preview
keeps showing the last good site until the edit is fixed.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.commands.problembanner import BANNER_VARIABLE
from generator.output import tether
from generator.output.mkdocs import mkdocs_env

DEBOUNCE_SECONDS = 0.3


class _Debounced(FileSystemEventHandler):
    """Calls `action` with the paths seen once things have been quiet for a moment after a
    burst of file events."""

    def __init__(self, action: Callable[[set[Path]], object]) -> None:
        self.action = action
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()
        self.changed: set[Path] = set()

    def _fire(self) -> None:
        with self.lock:
            changed, self.changed = self.changed, set()
        self.action(changed)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in {"opened", "closed_no_write"}:
            return
        name = Path(str(event.src_path)).name
        if name.startswith(".") or name.endswith(("~", ".swp", ".tmp")):
            return  # editor scratch files
        with self.lock:
            self.changed.add(Path(str(event.src_path)))
            if dest := getattr(event, "dest_path", ""):
                self.changed.add(Path(str(dest)))
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(DEBOUNCE_SECONDS, self._fire)
            self.timer.daemon = True
            self.timer.start()


class _Returning(FileSystemEventHandler):
    """Watches the folder's parent for the folder itself going and coming back: the system drops
    the watch of a deleted folder, so a folder made again (a branch switch, a restore) needs a
    new one, or no edit in it would be seen again."""

    def __init__(self, observer: Observer, folder: Path, handler: _Debounced) -> None:  # type: ignore[valid-type]
        self.observer = observer
        self.folder = str(folder)
        self.handler = handler
        self.watch = (observer.schedule(handler, self.folder, recursive=True)  # type: ignore[attr-defined]
                      if folder.is_dir() else None)
        observer.schedule(self, str(folder.parent), recursive=False)  # type: ignore[attr-defined]

    def on_any_event(self, event: FileSystemEvent) -> None:
        if self.folder not in {str(event.src_path), str(getattr(event, "dest_path", ""))}:
            return
        if event.event_type in {"created", "moved"} and Path(self.folder).is_dir():
            if self.watch is not None:
                with contextlib.suppress(KeyError):
                    self.observer.unschedule(self.watch)  # type: ignore[attr-defined]
            self.watch = self.observer.schedule(  # type: ignore[attr-defined]
                self.handler, self.folder, recursive=True)
        self.handler.on_any_event(event)


def watch(folder: Path, action: Callable[[set[Path]], object]) -> Observer:  # type: ignore[valid-type]
    """Start watching folder (recursively, and for its coming back if it goes), calling action
    with the changed paths after each burst of changes; the caller stops the returned observer."""
    # watchdog 7 warns when a folder made again gets a watch it already holds, and then replaces
    # it, which is what should happen: no line on the rep's terminal for it (and no exception in
    # watchdog's thread where warnings are errors, which would end the watching).
    warnings.filterwarnings("ignore", message=r"Callback with id .* already exists",
                            category=RuntimeWarning)
    observer = Observer()
    _Returning(observer, folder, _Debounced(action))
    observer.daemon = True
    observer.start()
    return observer


def start_mkdocs(root: Path, config: Path, dev_addr: str, dirty: bool,
                 also_watch: tuple[Path, ...] = (), *, problems: Path | None = None,
                 ) -> subprocess.Popen[bytes]:
    """`mkdocs serve` on the generated content, run in root and tied to this process (it ends
    when serve does, however serve ends); it reloads browsers when its docs folder, its config,
    anything in also_watch or the problems banner file changes, and serves every page with that
    banner (commands/problembanner.py)."""
    # --livereload although it is MkDocs' default: MkDocs 1.6 declares the flag in a way click
    # 8.3.0 to 8.3.3 read as off, and then nothing is rebuilt after an edit. Said outright, it
    # is on with every click, so the range of click versions needs no hole.
    # Run through quietdirty: MkDocs itself, without its warning on every --dirty build.
    command = tether.command("generator.commands.quietdirty", "serve",
                             "--config-file", str(config), "--dev-addr", dev_addr, "--no-strict",
                             "--livereload")
    if dirty:
        command.append("--dirty")
    env = mkdocs_env()
    if problems is not None:
        env[BANNER_VARIABLE] = str(problems)
        also_watch = (*also_watch, problems.parent)
    for path in also_watch:
        command += ["--watch", str(path)]
    return subprocess.Popen(command, cwd=root, env=env)
