from blog.slugs import slugify, unique_slug


def test_accents_and_punctuation():
    assert slugify("Crème brûlée: a how-to!") == "creme-brulee-a-how-to"


def test_a_title_without_letters():
    assert slugify("¿¡!?") == "post"


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slugify("a very " * 20)
    assert len(slug) <= 60 and not slug.endswith("-")


def test_a_free_slug_is_kept():
    assert unique_slug("Hello World", {"other"}) == "hello-world"


def test_a_taken_slug_gets_a_number():
    assert unique_slug("Hello World", {"hello-world", "hello-world-2"}) == "hello-world-3"
