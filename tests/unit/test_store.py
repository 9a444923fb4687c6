import json
import threading
import time

import pytest

from checker.errors import InputError, LockBusy
from checker.models import Source
from checker.store.atomic import atomic_write
from checker.store.snapshots import Entry, SnapshotStore, Update, page_file

SPEC = Source(id="openapi", kind="spec", url="https://openrouter.ai/openapi.json")


def _entry(file: str, sha: str = "abc") -> Entry:
    return Entry(url="https://openrouter.ai/docs/a", final_url="https://openrouter.ai/docs/a", sha256=sha,
                 fetched_at="2026-11-01T00:00:00+00:00", file=file, status=200, etag='"v1"')


def test_save_and_reload_round_trip(tmp_path):
    store = SnapshotStore(tmp_path, "t")
    store.commit(Update(files={"openapi": (_entry("openapi.json"), '{"openapi": "3.1.0"}\n')}))
    again = SnapshotStore(tmp_path, "t")
    assert again.load(SPEC) == {"openapi": "3.1.0"}
    assert again.entry("openapi").etag == '"v1"'
    manifest = json.loads((tmp_path / "t" / "manifest.json").read_text())
    assert set(manifest["sources"]["openapi"]) >= {"url", "final_url", "etag", "last_modified", "sha256",
                                                   "fetched_at", "status"}


def test_entry_without_file_is_not_usable(tmp_path):
    store = SnapshotStore(tmp_path, "t")
    store.commit(Update(files={"openapi": (_entry("openapi.json"), "{}")}))
    (tmp_path / "t" / "openapi.json").unlink()
    assert SnapshotStore(tmp_path, "t").entry("openapi") is None


def test_corrupt_manifest_is_a_clear_error(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "manifest.json").write_text("{not json")
    with pytest.raises(InputError, match="manifest"):
        SnapshotStore(tmp_path, "t").entries


def test_atomic_write_leaves_old_file_when_interrupted(tmp_path, monkeypatch):
    path = tmp_path / "f.txt"
    atomic_write(path, "old")

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        atomic_write(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]  # no temp file left behind


def test_lock_excludes_a_second_run(tmp_path):
    store = SnapshotStore(tmp_path, "t")
    held = threading.Event()
    release = threading.Event()

    def holder():
        with store.writing():
            held.set()
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(5)
    started = time.monotonic()
    with pytest.raises(LockBusy):
        with SnapshotStore(tmp_path, "t").writing(timeout=0.2):
            pass
    assert time.monotonic() - started < 2
    release.set()
    thread.join()
    with store.writing(timeout=1):
        pass


def test_page_file_cannot_escape_the_store():
    assert page_file("../../etc/passwd") == "pages/etc/passwd.md"
    assert page_file("guides/features/tool-calling") == "pages/guides/features/tool-calling.md"
