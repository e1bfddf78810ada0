"""The Architect's model-driven fixes: one plan item, the files involved, edit blocks back.

Used for what the codemods cannot do (a cycle through imports that run at import time,
an import a lower layer really uses). The model answers with search/replace blocks
(`myagent.llm.edits`); a malformed or unmatched answer is the model's error, returned
as a reason (the loop goes on).
"""

from __future__ import annotations

from collections.abc import Mapping

from myagent.llm.budget import BudgetExhaustedError
from myagent.llm.edits import apply_edit_blocks, parse_edit_blocks
from myagent.llm.provider import LLM, ChatMessage, LLMError

MAX_FILE_CHARS = 12_000
MAX_TOKENS = 2048

SYSTEM = """You are a software architect restructuring a Python project's imports.
Change as little as possible and keep behaviour the same: the project's tests must still pass.
Answer only with edit blocks, each naming its file on the line before it:

path/to/file.py
<<<<<<< SEARCH
exact lines from the file
=======
the new lines
>>>>>>> REPLACE

An empty SEARCH part creates a new file."""


def build_prompt(problem: str, files: Mapping[str, str]) -> list[ChatMessage]:
    shown = "\n\n".join(
        f"{path}\n```python\n{text[:MAX_FILE_CHARS]}\n```" for path, text in sorted(files.items())
    )
    user = (
        f"Problem: {problem}\n\nFix it by moving code between modules, passing a dependency in "
        "as an argument, or moving an import to where it is used.\n\nFiles:\n\n" + shown
    )
    return [ChatMessage("system", SYSTEM), ChatMessage("user", user)]


def ask_model(
    llm: LLM, problem: str, files: Mapping[str, str], timeout_s: float | None = None
) -> dict[str, str] | str:
    """The new contents of the files the model changed, or why there are none."""
    try:
        answer = llm.complete(
            build_prompt(problem, files), max_tokens=MAX_TOKENS, timeout_s=timeout_s
        )
        blocks = parse_edit_blocks(answer.text)
        return apply_edit_blocks(blocks, files.get)
    except BudgetExhaustedError as exc:
        return str(exc)
    except LLMError as exc:
        return f"the model's answer was not usable: {exc}"
