"""LLM repair: the model sees the failing tests, the errors and the suspicious code, and
answers with search/replace edit blocks.

Malformed answers and blocks that do not apply are recorded as failed proposals (they
are the model's errors, not ours) and the strategy yields nothing for that call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from myagent.llm.edits import EditApplyError, EditFormatError, apply_edit_blocks, parse_edit_blocks
from myagent.llm.provider import LLM, ChatMessage, LLMError
from myagent.repair.strategy import Fix, RepairProblem

SYSTEM = """You fix bugs in Python projects. You are shown failing tests, their errors and \
the most suspicious source lines (numbered). Change as little as possible; never edit tests.
Answer only with edit blocks, each in this form:

path/to/file.py
<<<<<<< SEARCH
exact lines copied from the file
=======
the corrected lines
>>>>>>> REPLACE"""

MAX_TRACEBACK = 1500
CONTEXT_LINES = 6


def _numbered(text: str, around: list[int]) -> str:
    lines = text.splitlines()
    keep: set[int] = set()
    for line in around:
        keep.update(range(max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES) + 1))
    out, last = [], 0
    for number in sorted(keep):
        if last and number != last + 1:
            out.append("   ...")
        out.append(f"{number:4d}| {lines[number - 1]}")
        last = number
    return "\n".join(out)


def build_prompt(problem: RepairProblem, max_files: int = 3) -> list[ChatMessage]:
    """The messages for one repair call."""
    parts = ["Failing tests:"]
    for test in problem.failing[:5]:
        detail = test.traceback[-MAX_TRACEBACK:] if test.traceback else test.message
        parts.append(f"- {test.nodeid}: {test.error_type or test.status} {test.message}\n{detail}")
    by_file: dict[str, list[int]] = {}
    for line in problem.localization.top(12):
        by_file.setdefault(line.path, []).append(line.line)
    for path in list(by_file)[:max_files]:
        text = problem.read(path)
        if text is not None:
            parts.append(f"\nSuspicious code in {path}:\n{_numbered(text, by_file[path])}")
    if problem.feedback:
        parts.append(
            "\nEarlier fixes that did not work:\n" + "\n".join(f"- {f}" for f in problem.feedback)
        )
    return [
        ChatMessage(role="system", content=SYSTEM),
        ChatMessage(role="user", content="\n".join(parts)),
    ]


class LlmRepair:
    """One model call per problem; its edit blocks become one fix."""

    name = "llm"

    def __init__(self, llm: LLM, on_failure: Callable[[str], None], max_tokens: int = 1024) -> None:
        self.llm = llm
        self.on_failure = on_failure
        self.max_tokens = max_tokens

    def fixes(self, problem: RepairProblem) -> Iterator[Fix]:
        try:
            answer = self.llm.complete(build_prompt(problem), max_tokens=self.max_tokens)
            blocks = parse_edit_blocks(answer.text)
            files = apply_edit_blocks(blocks, problem.read)
        except (EditFormatError, EditApplyError) as exc:
            self.on_failure(f"llm proposal unusable: {exc}")
            return
        except LLMError as exc:
            self.on_failure(f"llm call failed: {exc}")
            return
        if any(
            path.startswith("tests/") or "/test_" in path or path.startswith("test_")
            for path in files
        ):
            self.on_failure("llm proposal edits tests: refused")
            return
        yield Fix(
            strategy="llm",
            description=f"{self.llm.model}: edit of {', '.join(sorted(files))}",
            files=files,
            lines=tuple(f"{line.path}:{line.line}" for line in problem.localization.top(3)),
        )
