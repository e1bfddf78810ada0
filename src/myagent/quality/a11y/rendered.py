"""Render the project's `[ui] pages` in the sandbox, for axe to check the real output.

Each entry (`page_entry`) names a callable of the project that returns one page's
HTML. Calling it runs project code, so it only happens inside the sandbox (`run_tool`
with the measuring runner, its file-system and network isolation), with the project's
interpreter (`ProjectLayout.python`, its `readable` paths) and the layout's import
roots on PYTHONPATH: `render_driver.py`, copied into a scratch folder, imports each
module, calls the callable with its literal arguments and writes `pageN.html`. Each
page has `PAGE_TIMEOUT_S` (the driver's timer), the whole run that per page plus
`STARTUP_S` (the sandbox's wall clock).

A page that cannot be rendered (an exception, a result that is not a `str`, too
long, out of time) is a failure with its reason (`Rendering.failed`, shown in the
"axe" ToolRun's detail), never an accessibility finding; the other pages still are
checked. Where axe's findings on a rendered page are reported: `source_map`.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from myagent.quality.a11y.page_entry import parse_page_entry
from myagent.quality.execution import BASE_ENV, Executed, ToolContext, one_line, run_tool
from myagent.quality.layout import ProjectLayout
from myagent.sandbox.runner import SandboxRunner

PAGE_TIMEOUT_S = 10.0
STARTUP_S = 10.0
MAX_CHARS = 1_000_000
MAX_RENDERED = 20


@dataclass(frozen=True)
class RenderedPage:
    """One page's HTML as the project rendered it."""

    entry: str  # the `[ui] pages` entry, as configured
    html: str
    folder: Path | None  # the rendering module's folder, when inside the workspace

    @property
    def name(self) -> str:
        """The path its findings are reported under when no template line is found."""
        return f"<page {self.entry}>"


@dataclass(frozen=True)
class Rendering:
    """The rendered pages, and the entries that failed ("entry: reason")."""

    pages: tuple[RenderedPage, ...] = ()
    failed: tuple[str, ...] = ()
    asked: bool = False  # pages were configured


def render_pages(runner: SandboxRunner, layout: ProjectLayout, entries: Sequence[str]) -> Rendering:
    """The pages `entries` render (see the module docstring); nothing without entries."""
    if not entries:
        return Rendering()
    out = Path(tempfile.mkdtemp(prefix="myagent-render-"))
    try:
        return _render(runner, layout, list(entries)[:MAX_RENDERED], out)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _render(
    runner: SandboxRunner, layout: ProjectLayout, entries: list[str], out: Path
) -> Rendering:
    specs = []
    for number, text in enumerate(entries):
        entry = parse_page_entry(text)  # validated with the config
        specs.append(
            {"entry": entry.text, "module": entry.module, "callable": entry.callable,
             "args": entry.args, "out": str(out / f"page{number}.html")}
        )  # fmt: skip
    driver = out / "render_driver.py"
    driver.write_bytes(Path(__file__).with_name("render_driver.py").read_bytes())
    result_file = out / "result.json"
    spec = {"pages": specs, "result": str(result_file), "page_timeout_s": PAGE_TIMEOUT_S,
            "max_chars": MAX_CHARS}  # fmt: skip
    (out / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    roots = [str(layout.root / r) for r in layout.import_roots]
    env = dict(BASE_ENV, PYTHONPATH=":".join(roots))
    ctx = ToolContext(
        runner, layout.root, readable=layout.python.readable, writable=(out,), env=env
    )
    argv = [str(layout.python.path), str(driver), str(out / "spec.json")]
    ran = run_tool("render", argv, ctx, PAGE_TIMEOUT_S * len(specs) + STARTUP_S)
    if isinstance(ran, Executed):
        why = one_line(ran.result.stderr) or f"the driver exited with {ran.result.returncode}"
    else:
        why = f"rendering {ran.status.value}: {ran.detail}"
    return read_result(result_file, specs, layout.root, why)


def read_result(result_file: Path, specs: list[dict[str, str]], root: Path, why: str) -> Rendering:
    """The driver's result; a page it did not report failed with `why`."""
    reported: dict[str, dict[str, str]] = {}
    try:
        for page in json.loads(result_file.read_text(encoding="utf-8"))["pages"]:
            reported[page["entry"]] = page
    except (OSError, ValueError, KeyError, TypeError):
        pass
    pages: list[RenderedPage] = []
    failed: list[str] = []
    for spec in specs:
        page = reported.get(spec["entry"], {"error": why})
        html = _html(Path(spec["out"])) if "error" not in page else None
        if html is None:
            failed.append(f"{spec['entry']}: {page.get('error') or 'no page written'}")
            continue
        folder = Path(page["folder"]).resolve() if page.get("folder") else None
        inside = folder is not None and folder.is_relative_to(root.resolve())
        pages.append(RenderedPage(spec["entry"], html, folder if inside else None))
    return Rendering(pages=tuple(pages), failed=tuple(failed), asked=True)


def _html(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
