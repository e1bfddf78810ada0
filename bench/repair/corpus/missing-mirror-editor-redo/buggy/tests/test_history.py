import pytest

from notepad.history import Editor


def test_typing_and_backspace():
    editor = Editor("ab")
    editor.type("cd")
    editor.backspace(3)
    assert editor.text == "a"


def test_undo():
    editor = Editor()
    editor.type("hello")
    editor.undo()
    assert editor.text == ""
    with pytest.raises(IndexError):
        editor.undo()


def test_undo_after_redo():
    editor = Editor()
    editor.type("hello")
    editor.undo()
    editor.redo()
    editor.undo()
    assert editor.text == ""


def test_typing_clears_redo():
    editor = Editor()
    editor.type("a")
    editor.undo()
    editor.type("b")
    with pytest.raises(IndexError):
        editor.redo()
