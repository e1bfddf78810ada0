"""axe-core in headless Chromium, in MyAgent's sandbox, on the project's pages.

What is checked, in one Chromium run, at most `MAX_PAGES` of each kind:

- the project's full HTML documents (files with an `<html>` tag: static pages and
  whole-page templates) opened from `file://`. A template is loaded as read by
  `markup` (expressions stand as `MASK` text, statements are dropped: a static
  approximation of its rendering);
- the pages the project renders, when `[ui] pages` names the callables that render
  them (`rendered`: run in the sandbox with the project's interpreter). A finding on
  one is reported at the template line its element comes from, or under the page's
  name (`<page module:callable>`); a template a rendered page comes from is
  *covered*: the findings on its unrendered copy are dropped (`source_map`).

JSX, partial templates on their own and pages only a running server produces are not
loaded. Each page is a copy in a scratch folder with `data-myagent-line="N"` on every
tag (so a finding names the line of its element; a rendered page's tags also carry
`data-myagent-element`) and a `<base>` pointing at the page's folder in the workspace
(so its styles and images load): a rendered page's is the folder of the template most
of its elements come from, else the rendering module's folder, else the workspace.

axe-core is the copy vendored in `vendor/axe.min.js` (npm `axe-core` `AXE_VERSION`,
MPL-2.0, its licence beside it; checked against `AXE_SHA256`): nothing is downloaded.
Rules: axe's WCAG 2.0/2.1/2.2 A and AA rules plus `EXTRA_RULES` (best practices the
static check shares), violations only.

Chromium (`find_chromium`: Debian's `/usr/lib/chromium/chromium`, or `chromium` on the
PATH) runs inside the sandbox with no network, driven by `axe_driver.py` over a
DevTools pipe. It needs the address-space limit lifted (`browser_runner`): V8 reserves
about a terabyte of address space at start, so under any useful RLIMIT_AS it dies
at once; the wall clock, CPU and process limits and the file-system and network
isolation stay.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from myagent.protocol import LintIssue, ToolRun, ToolStatus
from myagent.quality.a11y.markup import Document, read_markup
from myagent.quality.a11y.rendered import Rendering
from myagent.quality.a11y.source_map import (
    ELEMENT_ATTR,
    LINE_ATTR,
    TracedPage,
    marked_line,
    tag_index,
    trace,
)
from myagent.quality.a11y.static import markup_files, read_file
from myagent.quality.execution import BASE_ENV, Executed, ToolContext, count, crashed, run_tool
from myagent.quality.layout import Interpreter
from myagent.sandbox.bwrap import BwrapRunner
from myagent.sandbox.runner import SandboxRunner
from myagent.sandbox.unsandboxed import UnsandboxedRunner

AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
EXTRA_RULES = ("heading-order", "empty-heading", "meta-viewport")
MAX_PAGES = 20
PAGE_TIMEOUT_S = 20.0
BROWSER_MEMORY_MB = 1 << 22  # 4 TiB: no address-space limit in practice (see above)
CHROMIUM_PATHS = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")


def find_chromium() -> Path | None:
    """Chromium's binary, None when it is not installed."""
    for candidate in CHROMIUM_PATHS:
        if Path(candidate).is_file():
            return Path(candidate)
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


def axe_source() -> Path:
    """The vendored axe.min.js (package data)."""
    return Path(str(resources.files("myagent.quality.a11y") / "vendor" / "axe.min.js"))


def axe_intact(path: Path) -> bool:
    return hashlib.sha256(path.read_bytes()).hexdigest() == AXE_SHA256


def browser_runner(runner: SandboxRunner) -> SandboxRunner:
    """`runner` with the address-space limit lifted for Chromium (module docstring); a
    runner of another kind (a test's fake) is used as it is."""
    if isinstance(runner, BwrapRunner | UnsandboxedRunner):
        return type(runner)(replace(runner.policy, memory_mb=BROWSER_MEMORY_MB))
    return runner


def is_page(doc: Document) -> bool:
    return doc.kind != "jsx" and bool(doc.by_tag("html"))


def page_copy(doc: Document, folder: Path, *, elements: bool = False) -> str:
    """The page as loaded: each tag marked with its line (and with its index when
    `elements`), a `<base>` at `folder`."""
    source = doc.source
    inserts: list[tuple[int, str]] = []
    for element in doc.elements:
        name_end = element.start + 1 + len(element.tag)
        mark = f' {LINE_ATTR}="{element.line}"'
        if elements:
            mark += f' {ELEMENT_ATTR}="{element.index}"'
        inserts.append((name_end, mark))
    if not doc.by_tag("base"):
        anchor = doc.by_tag("head") or doc.by_tag("html")
        inserts.append((anchor[0].end if anchor else 0, f'<base href="{folder.as_uri()}/">'))
    for offset, text in sorted(inserts, reverse=True):
        source = source[:offset] + text + source[offset:]
    return source


def issues_from(
    result: dict[str, Any],
    traced: Mapping[str, TracedPage] | None = None,
    skip: frozenset[str] = frozenset(),
) -> tuple[list[LintIssue], list[str]]:
    """axe's violations as `LintIssue`s (one per element), and the pages that failed.
    A page in `traced` (a rendered one, by name) has its findings placed by
    `TracedPage.locate`; the findings of a page in `skip` (covered) are left out."""
    issues: list[LintIssue] = []
    failed: list[str] = []
    for page in result.get("pages", []):
        if "error" in page:
            failed.append(f"{page['path']}: {page['error']}")
            continue
        if page["path"] in skip:
            continue
        rendered = (traced or {}).get(page["path"])
        for violation in page.get("violations") or []:
            for html in violation.get("nodes", []):
                where = rendered.locate(html or "") if rendered else None
                path, line = where or (page["path"], marked_line(html or ""))
                issues.append(
                    LintIssue(
                        path=path,
                        line=line,
                        code=violation["id"],
                        message=f"{violation.get('help', '')} (axe, {violation.get('impact')})",
                    )
                )
    return issues, failed


def run_axe(
    runner: SandboxRunner,
    root: Path,
    python: Interpreter,
    timeout_s: float,
    rendering: Rendering | None = None,
) -> tuple[list[LintIssue], ToolRun]:
    """axe's findings on the project's pages and on the `rendering`'s pages, and the
    ToolRun "axe" (SKIPPED without Chromium or pages)."""
    chromium = find_chromium()
    if chromium is None:
        return [], _skipped("Chromium is not installed (apt-get install chromium)")
    rendering = rendering or Rendering()
    files = [(f.path, doc) for f in markup_files(root) if (doc := read_file(root, f))]
    pages = [(path, doc) for path, doc in files if is_page(doc)][:MAX_PAGES]
    index = tag_index(files)
    traced = [
        (page, trace(page.name, read_markup(page.html, "html", mask=False), index))
        for page in rendering.pages[:MAX_PAGES]
    ]
    if not pages and not traced:
        return [], _skipped("no HTML pages" + _render_failures(rendering))
    axe = axe_source()
    if not axe_intact(axe):
        return [], ToolRun(
            tool="axe", status=ToolStatus.CRASHED, detail="axe.min.js does not match its checksum"
        )
    loads = [(path, page_copy(doc, (root / path).parent)) for path, doc in pages]
    for page, traced_page in traced:
        template = traced_page.main_file()
        folder = (root / template).parent if template else page.folder or root
        loads.append((page.name, page_copy(traced_page.doc, folder, elements=True)))
    started = time.monotonic()
    out = Path(tempfile.mkdtemp(prefix="myagent-axe-"))
    try:
        result = _run(runner, root, python, chromium, loads, out, timeout_s)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if isinstance(result, ToolRun):
        return [], result
    covered = frozenset(path for _, t in traced for path in t.covered)
    issues, failed = issues_from(result, {t.name: t for _, t in traced}, skip=covered)
    detail = f"axe {AXE_VERSION} on {len(pages)} page(s)"
    if rendering.asked:
        detail += f" and {len(traced)} rendered page(s)" + _render_failures(rendering)
    replaced = sum(path in covered for path, _ in pages)
    if replaced:
        detail += f"; {replaced} page(s) checked as rendered only"
    if failed:
        detail += f"; {len(failed)} failed: {failed[0]}"
    duration = round(time.monotonic() - started, 3)
    return issues, ToolRun(tool="axe", status=ToolStatus.OK, duration_s=duration, detail=detail)


def _render_failures(rendering: Rendering) -> str:
    if not rendering.failed:
        return ""
    return f"; {count(len(rendering.failed), 'render')} failed: {rendering.failed[0]}"


def _run(
    runner: SandboxRunner, root: Path, python: Interpreter, chromium: Path,
    loads: list[tuple[str, str]], out: Path, timeout_s: float,
) -> dict[str, Any] | ToolRun:  # fmt: skip
    """axe_driver's result on the pages `loads` (path, text loaded), or how it failed."""
    specs = []
    for number, (path, text) in enumerate(loads):
        copy = out / f"page{number}.html"
        copy.write_text(text, encoding="utf-8")
        specs.append({"path": path, "url": copy.as_uri()})
    driver = out / "axe_driver.py"
    driver.write_bytes(Path(__file__).with_name("axe_driver.py").read_bytes())
    shutil.copyfile(axe_source(), out / "axe.min.js")
    spec = {
        "chromium": str(chromium), "axe": str(out / "axe.min.js"), "pages": specs,
        "rules": list(EXTRA_RULES), "out": str(out / "result.json"), "page_timeout_s": PAGE_TIMEOUT_S,
    }  # fmt: skip
    (out / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    ctx = ToolContext(
        browser_runner(runner), root, readable=python.readable, writable=(out,), env=dict(BASE_ENV)
    )
    ran = run_tool("axe", [str(python.path), str(driver), str(out / "spec.json")], ctx, timeout_s)
    if not isinstance(ran, Executed):
        return ran
    result_file = out / "result.json"
    if ran.result.returncode != 0 or not result_file.is_file():
        return crashed("axe", ran, "no result from the axe driver")
    return dict(json.loads(result_file.read_text(encoding="utf-8")))


def _skipped(why: str) -> ToolRun:
    return ToolRun(tool="axe", status=ToolStatus.SKIPPED, detail=why)
