"""A search part's files as one pack: their names and sizes, what Pagefind said, and their
bytes, under one SHA-256, so that a stored part is checked by one read of one file and put
back without opening its thousand small files in the store.

    playbook-search-part 1\\n<SHA-256 of the rest, hex>\\n<header: JSON>\\n<the files' bytes>

The digest covers the header as well as the bytes: a pack whose digest, names or sizes do not
check out is no pack (unpack_part() says None).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

_MAGIC = b"playbook-search-part 1\n"


def pack_part(files: dict[str, bytes], said: str) -> bytes:
    names = sorted(files)
    head = json.dumps({"files": [[name, len(files[name])] for name in names],
                       "said": said}).encode()
    rest = head + b"\n" + b"".join(files[name] for name in names)
    return _MAGIC + hashlib.sha256(rest).hexdigest().encode() + b"\n" + rest


def _safe_name(name: object) -> bool:
    if not isinstance(name, str) or not name or name.startswith("/") or "\\" in name:
        return False
    return all(step not in {"", ".", ".."} for step in name.split("/"))


def unpack_part(data: bytes) -> tuple[dict[str, bytes], str] | None:
    """The files of a pack by name, and what Pagefind said; None unless it checks out."""
    if not data.startswith(_MAGIC):
        return None
    check, _, rest = data[len(_MAGIC):].partition(b"\n")
    if hashlib.sha256(rest).hexdigest().encode() != check:
        return None
    head, _, body = rest.partition(b"\n")
    try:
        header = json.loads(head)
        listed, said = header["files"], header["said"]
        sizes = dict(listed)
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(said, str) or len(sizes) != len(listed) or not all(
            _safe_name(name) and type(size) is int and size >= 0
            for name, size in sizes.items()) or sum(sizes.values()) != len(body):
        return None
    files, at = {}, 0
    view = memoryview(body)
    for name, size in listed:
        files[name] = bytes(view[at:at + size])
        at += size
    return files, said


def put_files(bundle: Path, files: dict[str, bytes]) -> None:
    """Write each file under `bundle`, never through a link at its own place; each folder
    made once."""
    made: set[str] = set()
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
    for name, data in files.items():
        path = os.path.join(bundle, name)  # noqa: PTH118 - thousands of files
        folder = os.path.dirname(path)  # noqa: PTH120
        if folder not in made:
            os.makedirs(folder, exist_ok=True)  # noqa: PTH103
            made.add(folder)
        fd = os.open(path, flags, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
