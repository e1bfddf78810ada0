"""Renders the project's `[ui] pages`; started inside MyAgent's sandbox.

    python render_driver.py SPEC.json

SPEC: {"pages": [{"entry", "module", "callable", "args" (the argument text, as
written), "out" (the file to write the HTML to)}], "result": path of the result file,
"page_timeout_s": seconds, "max_chars": the longest page kept}. The result file holds
{"pages": [{"entry", "folder" (the module's folder, or "")} or {"entry", "error"}]},
rewritten after each page, so a run stopped by the sandbox's wall clock still tells
which pages were rendered.

Run by the project's interpreter with its import roots on PYTHONPATH: it imports the
project's modules and calls its code. Whatever a page's callable does wrong (raises,
exits, returns something else than a `str`, runs past `page_timeout_s`) becomes that
page's error ("KeyError: 'cards'"), and the next page is rendered. Arguments are read
with `ast.literal_eval`, never evaluated. Standard library only, and no syntax newer
than the oldest Python a project may use: this file is copied into a scratch folder
and run there, never imported by MyAgent.
"""

from __future__ import annotations

import ast
import importlib
import json
import signal
import sys
from pathlib import Path
from typing import Any

ERROR_CHARS = 300


class PageTimeout(BaseException):
    """Raised in the page's code when its time is up (not an `Exception`, so a broad
    `except Exception` in the project does not swallow it)."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise PageTimeout()


def arguments(text: str) -> tuple[Any, ...]:
    call = ast.parse(f"f({text})", mode="eval").body
    if not isinstance(call, ast.Call) or call.keywords:
        raise ValueError(f"arguments ({text}) are not positional Python literals")
    return tuple(ast.literal_eval(arg) for arg in call.args)


def render(page: dict[str, Any], max_chars: int) -> dict[str, Any]:
    """Render one page into its file; what the result file says about it."""
    module = importlib.import_module(page["module"])
    target: Any = module
    for name in page["callable"].split("."):
        target = getattr(target, name)
    html = target(*arguments(page["args"]))
    if not isinstance(html, str):
        return {"entry": page["entry"], "error": f"did not return a str ({type(html).__name__})"}
    if len(html) > max_chars:
        return {"entry": page["entry"], "error": f"returned more than {max_chars} characters"}
    Path(page["out"]).write_text(html, encoding="utf-8")
    source = getattr(module, "__file__", None)
    folder = str(Path(source).resolve().parent) if source else ""
    return {"entry": page["entry"], "folder": folder}


def main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    signal.signal(signal.SIGALRM, _on_alarm)
    result: list[dict[str, Any]] = []
    for page in spec["pages"]:
        signal.setitimer(signal.ITIMER_REAL, spec["page_timeout_s"])  # import and call
        try:
            result.append(render(page, spec["max_chars"]))
        except PageTimeout:
            error = f"did not finish in {spec['page_timeout_s']:g}s"
            result.append({"entry": page["entry"], "error": error})
        except BaseException as exc:  # the project's code: any failure is the page's
            if isinstance(exc, KeyboardInterrupt):
                raise
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            result.append({"entry": page["entry"], "error": error[:ERROR_CHARS]})
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        Path(spec["result"]).write_text(json.dumps({"pages": result}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
