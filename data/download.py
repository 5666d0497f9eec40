"""Real corpora: a local copy first, else a download from the canonical URL, checked by
SHA-256 and cached, so the network is touched once per machine at most.

    text = data.download.tiny_shakespeare()          # or tiny_shakespeare(path="input.txt")

Where a file is looked for, in order: the `path` given; $TWICE_DATA/<name>/<file>; the cache
($TWICE_CACHE, else ~/.cache/twice); then the URL, written to the cache only once its checksum
matches. Nothing downloaded is kept in the project.
"""

import hashlib
import os
import shutil
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Remote:
    name: str
    filename: str
    url: str
    sha256: str


TINY_SHAKESPEARE = Remote(
    name="tinyshakespeare",
    filename="input.txt",
    url="https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
    sha256="86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
)


class ChecksumError(ValueError):
    """A file's SHA-256 is not the one its source publishes."""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_dir():
    return Path(os.environ.get("TWICE_CACHE", Path.home() / ".cache" / "twice"))


def fetch(remote, path=None, download=True):
    """The local path of `remote`'s file: found, or downloaded and verified into the cache."""
    candidates = [Path(path)] if path else []
    if os.environ.get("TWICE_DATA"):
        candidates.append(Path(os.environ["TWICE_DATA"]) / remote.name / remote.filename)
    cached = cache_dir() / remote.name / remote.filename
    candidates.append(cached)
    for candidate in candidates:
        if candidate.is_file():
            if sha256(candidate) != remote.sha256:
                raise ChecksumError(f"{candidate} is not {remote.name}: its SHA-256 is "
                                    f"{sha256(candidate)}, expected {remote.sha256}")
            return candidate
    if path:
        raise FileNotFoundError(f"{path} does not exist")
    if not download:
        raise FileNotFoundError(f"{remote.name} is not in {', '.join(map(str, candidates))}; "
                                "pass download=True to fetch it")
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkstemp(dir=cached.parent, suffix=".part")[1])
    try:
        with urllib.request.urlopen(remote.url, timeout=60) as response, partial.open("wb") as out:
            shutil.copyfileobj(response, out)
        if sha256(partial) != remote.sha256:
            raise ChecksumError(f"the download of {remote.url} does not match its SHA-256")
        os.replace(partial, cached)                  # in the cache only once verified
    finally:
        partial.unlink(missing_ok=True)
    return cached


def tiny_shakespeare(path=None, download=True):
    """The 1,115,394 characters of tiny shakespeare (karpathy/char-rnn), as one string."""
    return fetch(TINY_SHAKESPEARE, path, download).read_text(encoding="utf-8")
