"""The content digest of a file's bytes: what pages and caches are keyed on. Its own module, so
that a run that finds nothing changed can digest files without loading the models."""

from __future__ import annotations

import hashlib


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:24]
