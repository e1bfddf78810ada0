from mailing.domains import domain, domains, group_by_domain, largest_group

EMAILS = ["ann@example.org", "bob@mail.com", "cy@Example.org", "dee@longdomain.net"]


def test_domain_is_lower_case():
    assert domain("cy@Example.org") == "example.org"


def test_groups():
    assert group_by_domain(EMAILS)["example.org"] == ["ann@example.org", "cy@Example.org"]
    assert domains(EMAILS) == ["example.org", "longdomain.net", "mail.com"]


def test_largest_group():
    assert largest_group(EMAILS) == ["ann@example.org", "cy@Example.org"]


def test_no_subscribers():
    assert largest_group([]) == []
