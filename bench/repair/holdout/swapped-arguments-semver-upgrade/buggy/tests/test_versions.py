import pytest

from releases.versions import compare, is_upgrade, latest, parse


def test_parse():
    assert parse("v2.10.3-rc.1") == (2, 10, 3, "rc.1")
    with pytest.raises(ValueError):
        parse("2.10")


def test_numeric_parts_compare_as_numbers():
    assert compare("1.10.0", "1.9.9") == 1
    assert compare("1.2.3", "1.2.3") == 0


def test_a_prerelease_comes_before_its_release():
    assert compare("2.0.0-rc.1", "2.0.0") == -1


def test_latest_skips_prereleases():
    assert latest(["1.4.0", "1.10.1", "2.0.0-beta.2", "1.9.0"]) == "1.10.1"


def test_a_newer_version_is_an_upgrade():
    assert is_upgrade("1.2.3", "1.3.0")
    assert not is_upgrade("1.3.0", "1.2.3")
