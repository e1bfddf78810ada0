from mailmerge.template import render, render_all


def test_repeated_placeholder():
    assert render("{n} and {n}", {"n": "x"}) == "x and x"


def test_extra_values_are_ignored():
    assert render("Hi {who}", {"who": "Bob", "unused": 3}) == "Hi Bob"


def test_many_records():
    assert render_all("#{id}", [{"id": 1}, {"id": 2}]) == ["#1", "#2"]
