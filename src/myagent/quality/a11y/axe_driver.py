"""Runs axe-core on pages in headless Chromium; started inside MyAgent's sandbox.

    python axe_driver.py SPEC.json

SPEC: {"chromium": path, "axe": path to axe.min.js, "pages": [{"path", "url"}],
"rules": [rule ids to add to the WCAG A/AA tags], "out": path of the result file,
"page_timeout_s": seconds}. The result file holds {"pages": [{"path", "violations":
[{"id", "impact", "help", "nodes": [html snippets]}]} or {"path", "error"}]}.

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
it reads commands on fd 3 and writes on fd 4, each a JSON text ended by NUL), so no
port is opened and nothing but the standard library is needed. It runs with
`--no-sandbox`: inside bubblewrap (no new user namespaces) Chromium's own sandbox
cannot start; bubblewrap is the sandbox. Standard library only: this file is copied
into a scratch folder and run by MyAgent's interpreter, never imported there.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--no-first-run", "--no-default-browser-check", "--disable-extensions",
    "--disable-background-networking", "--disable-sync", "--mute-audio",
    "--remote-debugging-pipe", "--user-data-dir=/tmp/myagent-chromium", "about:blank",
]  # fmt: skip
RUN_AXE = """
(() => {
  const ids = axe.getRules(%s).map(r => r.ruleId).concat(%s);
  return axe.run(document, {runOnly: {type: 'rule', values: ids}, resultTypes: ['violations']})
    .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.map(n => n.html)})));
})()
"""


class Browser:
    """One Chromium process and the DevTools pipe to it."""

    def __init__(self, chromium: str) -> None:
        to_chrome_r, self._out = os.pipe()
        self._in, from_chrome_w = os.pipe()

        def wire() -> None:
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.process = subprocess.Popen(
            [chromium, *FLAGS],
            pass_fds=(3, 4),
            preexec_fn=wire,  # a single-threaded process: safe before exec
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next = 0

    def call(
        self, method: str, params: dict[str, Any], session: str = "", timeout: float = 30.0
    ) -> Any:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") != self._next:
                continue  # an event
            if "error" in reply:
                raise RuntimeError(f"{method}: {reply['error'].get('message', reply['error'])}")
            return reply.get("result", {})

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(raw))

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError, TimeoutError):
            self.call("Browser.close", {}, timeout=5)
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def evaluate(browser: Browser, session: str, expression: str, timeout: float) -> Any:
    result = browser.call(
        "Runtime.evaluate",
        {"expression": expression, "awaitPromise": True, "returnByValue": True},
        session,
        timeout,
    )
    if "exceptionDetails" in result:
        details = result["exceptionDetails"]
        raise RuntimeError(details.get("exception", {}).get("description") or details.get("text"))
    return result.get("result", {}).get("value")


def check_page(browser: Browser, url: str, axe: str, rules: list[str], timeout: float) -> Any:
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"
    ]
    try:
        browser.call("Page.navigate", {"url": url}, session, timeout)
        deadline = time.monotonic() + timeout
        while evaluate(browser, session, "document.readyState", timeout) != "complete":
            if time.monotonic() > deadline:
                raise TimeoutError("the page did not finish loading")
            time.sleep(0.05)
        evaluate(browser, session, axe, timeout)
        return evaluate(browser, session, RUN_AXE % (json.dumps(TAGS), json.dumps(rules)), timeout)
    finally:
        browser.call("Target.closeTarget", {"targetId": target})


def main(spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    axe = Path(spec["axe"]).read_text(encoding="utf-8")
    browser = Browser(spec["chromium"])
    pages: list[dict[str, Any]] = []
    try:
        for page in spec["pages"]:
            try:
                found = check_page(browser, page["url"], axe, spec["rules"], spec["page_timeout_s"])
                pages.append({"path": page["path"], "violations": found})
            except (RuntimeError, TimeoutError, KeyError) as exc:
                pages.append({"path": page["path"], "error": str(exc)[:300]})
    finally:
        browser.close()
    Path(spec["out"]).write_text(json.dumps({"pages": pages}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
