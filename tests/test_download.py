"""The corpus loader: local copy, cache, verified download. Never the network: downloads are
served from file:// URLs the tests make."""

import dataclasses
import hashlib
from pathlib import Path

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
    remote = dataclasses.replace(tiny_remote(tmp_path), sha256="0" * 64)
    with pytest.raises(download.ChecksumError, match="does not match its SHA-256"):
        download.fetch(remote)
    assert not any((tmp_path / "cache" / "tiny").iterdir())


def test_a_wrong_local_file_is_refused(tmp_path):
    remote = tiny_remote(tmp_path)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the corpus")
    with pytest.raises(download.ChecksumError, match="is not tiny"):
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
