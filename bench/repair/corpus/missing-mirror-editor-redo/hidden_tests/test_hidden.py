from notepad.history import Editor


def test_back_and_forth():
    editor = Editor()
    for word in ("one ", "two ", "three"):
        editor.type(word)
    editor.undo()
    editor.undo()
    editor.redo()
    assert editor.text == "one two "
    editor.undo()
    assert editor.text == "one "
    assert editor.can_undo()
