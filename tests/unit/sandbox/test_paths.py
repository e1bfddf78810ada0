"""Host-side path checks: traversal inputs, symlinks, and the descriptor walk."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from myagent.errors import UnsafePathError
from myagent.sandbox import paths
from myagent.sandbox.paths import delete_safely, safe_join, write_text_safely

REJECTED = [
    "../x",
    "../../etc/passwd",
    "/etc/passwd",
    "//etc/passwd",
    "a/../../x",
    "a/../b",
    "..",
    "./..",
    "a/./../../x",
    "a\x00b",
    "\x00",
    "n" * 256,
    "a/" + "n" * 256,
    "a/" * 2100,
    "",
    ".",
    "./",
    "///",
    ".git",
    ".git/config",
    "pkg/.git/hooks/pre-commit",
    "bad\udcffname\ud800",
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    return ws


@pytest.mark.parametrize("relative", REJECTED)
def test_traversal_inputs_are_rejected(root: Path, relative: str):
    with pytest.raises(UnsafePathError):
        safe_join(root, relative)
    with pytest.raises(UnsafePathError):
        write_text_safely(root, relative, "pwned")
    assert list(root.parent.iterdir()) == [root]
    assert list(root.iterdir()) == []


@pytest.mark.parametrize(
    ("relative", "expected"),
    [("a.py", "a.py"), ("pkg/mod.py", "pkg/mod.py"), ("./pkg//mod.py", "pkg/mod.py"),
     ("n" * 255, "n" * 255), ("..hidden", "..hidden"), ("ws-evil/x", "ws-evil/x")],
)  # fmt: skip
def test_plain_relative_paths_are_joined(root: Path, relative: str, expected: str):
    assert safe_join(root, relative) == root.resolve() / expected


def test_prefix_trick_is_not_inside(root: Path):
    sibling = root.parent / f"{root.name}-evil"
    sibling.mkdir()
    assert str(sibling / "x").startswith(str(root))  # the bug pattern we must avoid
    with pytest.raises(UnsafePathError):
        safe_join(root, str(sibling / "x"))


def test_root_given_through_a_symlink_is_resolved(root: Path, tmp_path: Path):
    alias = tmp_path / "alias"
    alias.symlink_to(root)
    assert safe_join(alias, "a.py") == root / "a.py"


@pytest.mark.parametrize(
    ("link", "relative"),
    [("out", "out"), ("sub/out", "sub/out"), ("sub", "sub/out"), ("sub", "sub/new/deep.txt")],
)
def test_any_symlink_on_the_way_is_rejected(root: Path, tmp_path: Path, link: str, relative: str):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "out").write_text("original")
    if link == "sub/out":
        (root / "sub").mkdir()
    (root / link).symlink_to(victim if link == "sub" else victim / "out")
    with pytest.raises(UnsafePathError):
        safe_join(root, relative)
    with pytest.raises(UnsafePathError):
        write_text_safely(root, relative, "pwned")
    assert (victim / "out").read_text() == "original"
    assert [p.name for p in victim.iterdir()] == ["out"]


def test_a_link_pointing_inside_is_still_refused(root: Path):
    (root / "real.txt").write_text("real")
    (root / "alias.txt").symlink_to(root / "real.txt")
    with pytest.raises(UnsafePathError):
        write_text_safely(root, "alias.txt", "changed")
    assert (root / "real.txt").read_text() == "real"


def test_descriptor_walk_catches_a_link_swapped_in_after_the_check(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """If a symlink appears between `safe_join` and the write, O_NOFOLLOW stops it."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (root / "sub").symlink_to(victim)
    monkeypatch.setattr(paths, "safe_join", lambda base, rel: base / rel)  # a racing check
    with pytest.raises(UnsafePathError):
        write_text_safely(root, "sub/new.txt", "pwned")
    assert list(victim.iterdir()) == []


def test_write_creates_parents_and_replaces_atomically(root: Path):
    written = write_text_safely(root, "pkg/sub/mod.py", "x = 1\n")
    assert written == root / "pkg" / "sub" / "mod.py"
    assert written.read_text() == "x = 1\n"
    written.chmod(0o755)
    write_text_safely(root, "pkg/sub/mod.py", "x = 2\n")
    assert written.read_text() == "x = 2\n"
    assert stat.S_IMODE(written.stat().st_mode) == 0o755  # permission bits kept
    assert sorted(p.name for p in written.parent.iterdir()) == ["mod.py"]  # no temp left


def test_write_replaces_a_planted_fifo_instead_of_blocking_on_it(root: Path):
    os.mkfifo(root / "pipe.txt")
    write_text_safely(root, "pipe.txt", "data")
    assert (root / "pipe.txt").read_text() == "data"


def test_write_does_not_write_through_a_hard_link(root: Path, tmp_path: Path):
    outside = tmp_path / "outside.txt"
    outside.write_text("original")
    os.link(outside, root / "linked.txt")
    write_text_safely(root, "linked.txt", "new")
    assert outside.read_text() == "original"
    assert (root / "linked.txt").read_text() == "new"


def test_delete_removes_a_file_and_only_the_link_itself(root: Path, tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (root / "pkg").mkdir()
    (root / "pkg" / "a.py").write_text("")
    (root / "link.txt").symlink_to(victim)
    delete_safely(root, "pkg/a.py")
    delete_safely(root, "link.txt")
    assert not (root / "pkg" / "a.py").exists()
    assert not (root / "link.txt").is_symlink()
    assert victim.read_text() == "keep"


def test_delete_refuses_a_symlinked_folder(root: Path, tmp_path: Path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "important.txt").write_text("keep")
    (root / "sub").symlink_to(victim)
    with pytest.raises(UnsafePathError):
        delete_safely(root, "sub/important.txt")
    assert (victim / "important.txt").read_text() == "keep"


@pytest.mark.parametrize("relative", ["../x", "/etc/passwd", ".git/config", "a\x00"])
def test_delete_rejects_traversal(root: Path, relative: str):
    with pytest.raises(UnsafePathError):
        delete_safely(root, relative)


def test_delete_of_a_missing_file_says_so(root: Path):
    with pytest.raises(FileNotFoundError):
        delete_safely(root, "nope.txt")
