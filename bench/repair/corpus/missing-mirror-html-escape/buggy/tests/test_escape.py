from htmlkit.escape import element, escape, link


def test_ampersand_and_quotes():
    assert escape('Tom & "Jerry"') == "Tom &amp; &quot;Jerry&quot;"


def test_tags_are_escaped():
    assert escape("<b>bold</b>") == "&lt;b&gt;bold&lt;/b&gt;"


def test_element_with_attributes():
    assert element("p", "hi", id="x", lang="en") == '<p id="x" lang="en">hi</p>'


def test_link():
    assert link("/a?b=1&c=2", "next") == '<a href="/a?b=1&amp;c=2">next</a>'
