import pytest

from releases.versions import Version, latest, parse_version


def test_parse_a_full_version():
    assert parse_version("v2.0.3") == Version(2, 0, 3, True, "")


def test_pre_releases_sort_first():
    assert parse_version("3.1.0-rc.1") < parse_version("3.1.0")


def test_latest():
    assert latest(["v1.4", "1.10.0", "1.9.9"]) == "1.10.0"


def test_garbage_is_a_value_error():
    with pytest.raises(ValueError):
        parse_version("latest")
