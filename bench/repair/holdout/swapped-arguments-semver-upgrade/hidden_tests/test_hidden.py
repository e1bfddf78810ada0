from releases.versions import compare, is_upgrade, latest


def test_the_same_version_is_not_an_upgrade():
    assert not is_upgrade("3.1.4", "3.1.4")


def test_from_a_prerelease_to_its_release():
    assert is_upgrade("2.0.0-rc.2", "2.0.0")
    assert not is_upgrade("2.0.0", "2.0.0-rc.2")


def test_prerelease_identifiers():
    assert compare("1.0.0-alpha.10", "1.0.0-alpha.2") == 1
    assert compare("1.0.0-beta", "1.0.0-alpha.1") == 1


def test_latest_with_prereleases():
    assert latest(["1.0.0", "1.1.0-rc.1"], include_prereleases=True) == "1.1.0-rc.1"
    assert latest([]) is None
