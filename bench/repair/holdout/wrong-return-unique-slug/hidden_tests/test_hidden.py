from blog.slugs import unique_slug


def test_the_first_number_is_two():
    assert unique_slug("Release notes", {"release-notes"}) == "release-notes-2"


def test_the_result_is_never_taken():
    taken = set()
    for _ in range(5):
        slug = unique_slug("Weekly update", taken)
        assert slug not in taken
        taken.add(slug)
    assert sorted(taken)[0] == "weekly-update"
