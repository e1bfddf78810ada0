"""Success rates as Beta posteriors: counts in, a mean and a lower credible bound out.

With a uniform prior, `s` successes and `f` failures give the posterior
Beta(1 + s, 1 + f). Its mean, (s + 1) / (s + f + 2), is the expected success rate; its
lower credible bound (the `LOWER_QUANTILE` quantile: 5 %, so the true rate is above it
with 95 % probability) is how far the evidence can be trusted. One success in one try
has mean 0.67 but bound 0.22; a hundred in a hundred has mean 0.99 and bound 0.97.

Counts may be fractional: a user-level store's counts are merged at a weight below 1.
The quantile is found by bisection on the regularised incomplete beta function
(evaluated by its continued fraction), so no numerical library is needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LOWER_QUANTILE = 0.05
_EPS = 3e-14
_TINY = 1e-300
_MAX_TERMS = 300


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS + 1):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            step = d * c
            h *= step
        if abs(step - 1.0) < _EPS:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """P(X <= x) for X ~ Beta(a, b), a, b > 0."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - x) / b


def beta_quantile(p: float, a: float, b: float) -> float:
    """The x with P(X <= x) = p for X ~ Beta(a, b), to about 1e-12."""
    low, high = 0.0, 1.0
    for _ in range(60):
        mid = (low + high) / 2
        if beta_cdf(mid, a, b) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2


@dataclass(frozen=True, slots=True)
class Posterior:
    """Beta(1 + successes, 1 + failures): the belief about one success rate."""

    successes: float = 0.0
    failures: float = 0.0

    @property
    def alpha(self) -> float:
        return 1.0 + self.successes

    @property
    def beta(self) -> float:
        return 1.0 + self.failures

    @property
    def evidence(self) -> float:
        """How many outcomes (possibly weighted) the belief rests on."""
        return self.successes + self.failures

    @property
    def mean(self) -> float:
        """The expected success rate: 0.5 without evidence."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def lower(self) -> float:
        """The 5 % lower credible bound of the success rate (the confidence)."""
        return beta_quantile(LOWER_QUANTILE, self.alpha, self.beta)

    def plus(self, other: Posterior, weight: float = 1.0) -> Posterior:
        """This belief with `other`'s counts added at `weight`."""
        return Posterior(
            self.successes + weight * other.successes, self.failures + weight * other.failures
        )
