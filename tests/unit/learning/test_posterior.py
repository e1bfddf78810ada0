"""Success rates as Beta posteriors: how far a record of successes can be trusted."""

from __future__ import annotations

import pytest

from myagent.learning.posterior import Posterior, beta_cdf, beta_quantile


def test_one_success_is_trusted_far_less_than_a_hundred_in_a_hundred() -> None:
    once, hundred = Posterior(1, 0), Posterior(100, 0)
    assert once.mean == pytest.approx(2 / 3)
    assert hundred.mean == pytest.approx(101 / 102)
    # Beta(1 + s, 1): the 5 % quantile is 0.05 ** (1 / (s + 1))
    assert once.lower == pytest.approx(0.05**0.5, abs=1e-9)
    assert hundred.lower == pytest.approx(0.05 ** (1 / 101), abs=1e-9)
    assert once.lower < 0.25 < 0.95 < hundred.lower


def test_without_evidence_the_rate_is_an_even_bet_with_no_confidence() -> None:
    prior = Posterior()
    assert (prior.mean, prior.evidence) == (0.5, 0)
    assert prior.lower == pytest.approx(0.05, abs=1e-9)  # uniform: the 5 % quantile is 0.05


def test_failures_lower_both_the_mean_and_the_bound() -> None:
    mixed, clean = Posterior(9, 1), Posterior(10, 0)
    assert mixed.mean < clean.mean and mixed.lower < clean.lower
    # Beta(1, 1 + f): the 5 % quantile is 1 - 0.95 ** (1 / (f + 1))
    assert Posterior(0, 3).lower == pytest.approx(1 - 0.95**0.25, abs=1e-9)


def test_weighted_counts_merge_into_one_belief() -> None:
    merged = Posterior(2, 0).plus(Posterior(4, 2), weight=0.5)
    assert (merged.successes, merged.failures) == (4.0, 1.0)
    assert merged.mean == pytest.approx(5 / 7)


@pytest.mark.parametrize(("a", "b"), [(2.0, 3.0), (30.5, 4.0), (1.0, 200.0), (0.5, 0.5)])
def test_the_quantile_inverts_the_distribution_function(a: float, b: float) -> None:
    for p in (0.05, 0.5, 0.95):
        assert beta_cdf(beta_quantile(p, a, b), a, b) == pytest.approx(p, abs=1e-9)
    assert beta_quantile(0.5, a, a) == pytest.approx(0.5, abs=1e-9)  # symmetric
