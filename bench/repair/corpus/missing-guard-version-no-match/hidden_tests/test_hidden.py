import pytest

from releases.versions import latest, parse_version


def test_other_garbage():
    for text in ("", "1", "1.2.3.4", "v.1.2"):
        with pytest.raises(ValueError):
            parse_version(text)


def test_latest_with_a_bad_tag():
    with pytest.raises(ValueError):
        latest(["1.0", "nightly"])
