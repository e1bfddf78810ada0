from blog.tags import Post, all_tags


def test_a_post_without_tags():
    assert all_tags([Post("Untagged"), Post("One", ["x"])]) == ["x"]


def test_duplicates_across_posts():
    assert all_tags([Post("a", ["z", "y"]), Post("b", ["y", "z"])]) == ["y", "z"]
