from blog.tags import Post, all_tags, tag_counts, tagged

POSTS = [
    Post("Sourdough", ["baking", "bread"]),
    Post("Focaccia", ["bread", "italian"]),
    Post("Secret", ["baking"], draft=True),
]


def test_all_tags():
    assert all_tags(POSTS) == ["baking", "bread", "italian"]


def test_drafts_only():
    assert all_tags(POSTS[2:]) == []


def test_tag_counts():
    assert tag_counts(POSTS) == {"baking": 1, "bread": 2, "italian": 1}


def test_tagged():
    assert tagged(POSTS, "bread") == ["Sourdough", "Focaccia"]
