from mailing.domains import largest_group


def test_single_address():
    assert largest_group(["a@b.io"]) == ["a@b.io"]


def test_ties_go_to_the_first_domain():
    assert largest_group(["x@one.com", "y@two.com"]) == ["x@one.com"]
