"""Undo and redo for the note editor: whole-text snapshots on two stacks."""

from __future__ import annotations


class Editor:
    def __init__(self, text: str = "") -> None:
        self.text = text
        self._undo: list[str] = []
        self._redo: list[str] = []

    def type(self, more: str) -> None:
        self._undo.append(self.text)
        self._redo.clear()
        self.text += more

    def backspace(self, count: int = 1) -> None:
        self._undo.append(self.text)
        self._redo.clear()
        self.text = self.text[: max(0, len(self.text) - count)]

    def undo(self) -> None:
        """Back one edit; IndexError when there is nothing to undo."""
        previous = self._undo.pop()
        self._redo.append(self.text)
        self.text = previous

    def redo(self) -> None:
        """Forward one undone edit; IndexError when there is nothing to redo."""
        following = self._redo.pop()
        self._undo.append(self.text)
        self.text = following

    def can_undo(self) -> bool:
        return bool(self._undo)
