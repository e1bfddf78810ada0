"""The subjects of the test-generation benchmark, and how a PyPI one is fetched.

A subject is a small pure-Python code base that becomes a MyAgent project
(`scaffold.py`): the example project (with its own tests, and again with its tests
removed) and small libraries from PyPI, pinned to one version each, whose source
distribution is downloaded with pip (`pip download --no-deps --no-binary :all:`, so the
package's own tests and layout come with it, to be removed) and unpacked.

Libraries chosen: no dependencies, pure Python, a few hundred lines, import on 3.11.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "invoicing"


@dataclass(frozen=True)
class Subject:
    """One code base to generate tests for."""

    name: str  # the benchmark's name for it, also its scratch folder
    origin: Literal["example", "pypi"]
    source: str  # the package, relative to the unpacked tree: "src/invoicing", "inflection"
    keep_tests: bool  # the tree's own tests stay (False: removed before either arm runs)
    requirement: str = ""  # pypi: "name==version"

    @property
    def import_root(self) -> str:
        """The folder the package is imported from: "src" or "." (flat)."""
        parent = Path(self.source).parent.as_posix()
        return parent if parent != "." else "."


SUBJECTS: tuple[Subject, ...] = (
    Subject("invoicing", "example", "src/invoicing", keep_tests=True),
    Subject("invoicing-bare", "example", "src/invoicing", keep_tests=False),
    Subject("inflection", "pypi", "inflection", False, requirement="inflection==0.5.1"),
    Subject("semver", "pypi", "src/semver", False, requirement="semver==3.0.4"),
)


def by_name(names: list[str]) -> list[Subject]:
    """The subjects named (all when `names` is empty), in the order of SUBJECTS."""
    known = {s.name for s in SUBJECTS}
    unknown = sorted(set(names) - known)
    if unknown:
        raise SystemExit(f"unknown subject(s): {', '.join(unknown)} (known: {', '.join(known)})")
    return [s for s in SUBJECTS if not names or s.name in names]


def download_sdist(requirement: str, folder: Path) -> Path:
    """The source distribution of `requirement` in `folder` (downloaded with this
    interpreter's pip unless it is already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    name, _, version = requirement.partition("==")
    for found in sorted(folder.iterdir()):
        if _is_sdist_of(found.name, name, version):
            return found
    argv = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
    argv += ["--disable-pip-version-check", "--quiet", "-d", str(folder), requirement]
    subprocess.run(argv, check=True, capture_output=True, text=True, timeout=300)
    for found in sorted(folder.iterdir()):
        if _is_sdist_of(found.name, name, version):
            return found
    raise FileNotFoundError(f"pip downloaded no source distribution of {requirement}")


def _is_sdist_of(filename: str, name: str, version: str) -> bool:
    """Whether `filename` is the sdist of `name` `version` (names compared as pip does:
    case, "-", "_" and "." alike)."""
    for suffix in (".tar.gz", ".zip"):
        if filename.endswith(suffix):
            stem = filename.removesuffix(suffix)
            return _normal(stem) == _normal(f"{name}-{version}")
    return False


def _normal(text: str) -> str:
    return text.lower().replace("-", "_").replace(".", "_")


def unpack(archive: Path, dest: Path) -> Path:
    """The top folder of `archive` (a .tar.gz or .zip sdist) unpacked under `dest`."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(dest)
    else:
        with tarfile.open(archive) as bundle:
            bundle.extractall(dest, filter="data")
    tops = [p for p in dest.iterdir() if p.is_dir()]
    return tops[0] if len(tops) == 1 else dest


def fetch(subject: Subject, downloads: Path, dest: Path) -> Path:
    """The subject's tree before scaffolding: the example itself (read, never written),
    or the pinned sdist unpacked under `dest`."""
    if subject.origin == "example":
        return EXAMPLE
    return unpack(download_sdist(subject.requirement, downloads), dest)
