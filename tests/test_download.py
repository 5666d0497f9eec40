"""The corpus loader: local copy, cache, verified download. Never the network: downloads are
served from file:// URLs the tests make."""

import dataclasses
import gzip
import hashlib
import struct
from pathlib import Path

import numpy as np
import pytest

from data import download

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "tinyshakespeare" / "input.txt"


def tiny_remote(tmp_path, text="First Citizen:\nBefore we proceed any further, hear me speak.\n"):
    """A corpus the test makes, published at a file:// URL with its checksum."""
    source = tmp_path / "published" / "input.txt"
    source.parent.mkdir()
    source.write_text(text)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return download.Remote("tiny", "input.txt", source.as_uri(), digest)


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TWICE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("TWICE_DATA", raising=False)


@pytest.mark.skipif(not SHARED.exists(), reason="the shared copy of tiny shakespeare is absent")
def test_reads_the_local_copy_and_checks_it():
    text = download.tiny_shakespeare(path=SHARED)
    assert len(text) == 1_115_394
    assert text.startswith("First Citizen:")


def test_downloads_once_into_the_cache_and_verifies(tmp_path):
    remote = tiny_remote(tmp_path)
    first = download.fetch(remote)
    assert first == tmp_path / "cache" / "tiny" / "input.txt"
    Path(remote.url.removeprefix("file://")).unlink()          # the source is gone...
    assert download.fetch(remote) == first                      # ...the cache serves it
    assert list(first.parent.iterdir()) == [first]              # no partial file left


def test_a_corrupt_download_is_refused_and_not_cached(tmp_path):
    remote = dataclasses.replace(tiny_remote(tmp_path), checksum="0" * 64)
    with pytest.raises(download.ChecksumError, match="does not match its sha256"):
        download.fetch(remote)
    assert not any((tmp_path / "cache" / "tiny").iterdir())


def test_a_wrong_local_file_is_refused(tmp_path):
    remote = tiny_remote(tmp_path)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the corpus")
    with pytest.raises(download.ChecksumError, match=r"is not tiny's input\.txt"):
        download.fetch(remote, path=wrong)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        download.fetch(remote, path=tmp_path / "missing.txt")


def test_no_download_when_told_not_to(tmp_path):
    with pytest.raises(FileNotFoundError, match="pass download=True"):
        download.fetch(tiny_remote(tmp_path), download=False)


def test_twice_data_directory_is_searched(tmp_path, monkeypatch):
    remote = tiny_remote(tmp_path)
    folder = tmp_path / "datasets" / "tiny"
    folder.mkdir(parents=True)
    (folder / "input.txt").write_bytes(Path(remote.url.removeprefix("file://")).read_bytes())
    monkeypatch.setenv("TWICE_DATA", str(tmp_path / "datasets"))
    assert download.fetch(remote, download=False) == folder / "input.txt"


def write_idx(path, array, type_code):
    """An IDX file written by hand from the format's definition, gzipped if path ends .gz."""
    header = bytes([0, 0, type_code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    body = array.astype(array.dtype.newbyteorder(">")).tobytes()
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as stream:
        stream.write(header + body)


@pytest.mark.parametrize(("dtype", "code"), [(np.uint8, 0x08), (np.int16, 0x0B),
                                             (np.float32, 0x0D), (np.float64, 0x0E)])
@pytest.mark.parametrize("name", ["values.idx", "values.idx.gz"])
def test_read_idx_round_trips(tmp_path, dtype, code, name):
    array = (np.arange(24).reshape(2, 3, 4) * 3).astype(dtype)
    write_idx(tmp_path / name, array, code)
    parsed = download.read_idx(tmp_path / name)
    np.testing.assert_array_equal(parsed, array)
    assert parsed.dtype == np.dtype(dtype)


def test_read_idx_refuses_bad_files(tmp_path):
    (tmp_path / "text.idx").write_bytes(b"hello world")
    with pytest.raises(ValueError, match="is not an IDX file"):
        download.read_idx(tmp_path / "text.idx")
    write_idx(tmp_path / "short.idx", np.zeros((2, 3), np.uint8), 0x08)
    truncated = (tmp_path / "short.idx").read_bytes()[:-1]
    (tmp_path / "short.idx").write_bytes(truncated)
    with pytest.raises(ValueError, match="promises shape"):
        download.read_idx(tmp_path / "short.idx")


def test_mnist_reads_a_folder_of_idx_files(tmp_path, monkeypatch):
    """Tiny stand-ins for the four files, with their own MD5s in place of MNIST's."""
    images = np.random.default_rng(0).integers(0, 256, (5, 28, 28)).astype(np.uint8)
    labels = np.array([3, 1, 4, 1, 5], dtype=np.uint8)
    remotes = {}
    for (split, part), remote in download.MNIST.items():
        path = tmp_path / remote.filename
        write_idx(path, images if part == "images" else labels, 0x08)
        remotes[(split, part)] = dataclasses.replace(
            remote, checksum=download.checksum(path, "md5"))
    monkeypatch.setattr(download, "MNIST", remotes)
    X, y = download.mnist("test", folder=tmp_path)
    assert X.shape == (5, 784)
    np.testing.assert_allclose(X, images.reshape(5, -1) / 255.0)
    np.testing.assert_array_equal(y, [3, 1, 4, 1, 5])
    assert y.dtype == np.int64
    monkeypatch.setattr(download, "MNIST", {})
    with pytest.raises(ValueError, match='split must be "train" or "test"'):
        download.mnist("validation", folder=tmp_path)
