"""Real data sets: a local copy first, else a download from the canonical URL, checked by
its published checksum and cached, so the network is touched once per machine at most.

    text = data.download.tiny_shakespeare()          # or tiny_shakespeare(path="input.txt")
    X, y = data.download.mnist("train")              # or mnist("test", folder="~/mnist")

Where a file is looked for, in order: the `path` given; $TWICE_DATA/<name>/<file>; the cache
($TWICE_CACHE, else ~/.cache/twice); then the URL, written to the cache only once its checksum
matches. Nothing downloaded is kept in the project.
"""

import gzip
import hashlib
import math
import os
import shutil
import struct
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Remote:
    name: str
    filename: str
    url: str
    checksum: str
    algorithm: str = "sha256"


TINY_SHAKESPEARE = Remote(
    name="tinyshakespeare",
    filename="input.txt",
    url="https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
    checksum="86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
)

# The four IDX files, from the mirror torchvision uses, with the MD5 sums published for them.
MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
MNIST = {
    (split, part): Remote("mnist", filename, MNIST_URL + filename, md5, algorithm="md5")
    for split, part, filename, md5 in (
        ("train", "images", "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        ("train", "labels", "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
        ("test", "images", "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
        ("test", "labels", "t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
    )
}


class ChecksumError(ValueError):
    """A file's checksum is not the one its source publishes."""


def checksum(path, algorithm="sha256"):
    digest = hashlib.new(algorithm)
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
            found = checksum(candidate, remote.algorithm)
            if found != remote.checksum:
                raise ChecksumError(f"{candidate} is not {remote.name}'s {remote.filename}: its "
                                    f"{remote.algorithm} is {found}, expected {remote.checksum}")
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
        if checksum(partial, remote.algorithm) != remote.checksum:
            raise ChecksumError(f"the download of {remote.url} does not match its "
                                f"{remote.algorithm}")
        os.replace(partial, cached)                  # in the cache only once verified
    finally:
        partial.unlink(missing_ok=True)
    return cached


def tiny_shakespeare(path=None, download=True):
    """The 1,115,394 characters of tiny shakespeare (karpathy/char-rnn), as one string."""
    return fetch(TINY_SHAKESPEARE, path, download).read_text(encoding="utf-8")


def read_idx(path):
    """An IDX file (LeCun's format for MNIST; gzipped or not) as a NumPy array.

    Layout: two zero bytes, a type code, the number of dimensions, each dimension as a
    big-endian uint32, then the values, big-endian, in C order.
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as stream:
        raw = stream.read()
    if len(raw) < 4 or raw[:2] != b"\0\0" or raw[2] not in IDX_TYPES:
        raise ValueError(f"{path} is not an IDX file (magic number {raw[:4].hex()})")
    ndim = raw[3]
    shape = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    dtype = np.dtype(IDX_TYPES[raw[2]])
    values = raw[4 + 4 * ndim:]
    if len(values) != dtype.itemsize * math.prod(shape):
        raise ValueError(f"{path} holds {len(values)} bytes of values, but its header "
                         f"promises shape {shape} of {dtype}")
    return np.frombuffer(values, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))


IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def mnist(split="train", folder=None, download=True):
    """MNIST's "train" (60,000) or "test" (10,000) split: X (N, 784) in [0, 1], y (N,) int64.

    folder: where the four .gz files are (each checked by its MD5); otherwise the cache or a
    download, as for every remote file here.
    """
    if split not in ("train", "test"):
        raise ValueError(f'split must be "train" or "test"; got {split!r}')
    paths = {}
    for part in ("images", "labels"):
        remote = MNIST[(split, part)]
        local = Path(folder).expanduser() / remote.filename if folder else None
        paths[part] = fetch(remote, local, download)
    images, labels = read_idx(paths["images"]), read_idx(paths["labels"])
    return images.reshape(len(images), -1) / 255.0, labels.astype(np.int64)
