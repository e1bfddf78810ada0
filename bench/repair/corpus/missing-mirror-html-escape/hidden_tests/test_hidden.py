from htmlkit.escape import element, escape


def test_comparison_in_text():
    assert escape("3 > 2 < 4") == "3 &gt; 2 &lt; 4"


def test_script_in_content():
    assert element("td", "<script>") == "<td>&lt;script&gt;</td>"
