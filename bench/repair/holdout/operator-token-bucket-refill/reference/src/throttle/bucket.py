"""A token-bucket rate limiter with an injectable clock."""

import time
from collections.abc import Callable


class TokenBucket:
    """Allows `rate` operations per second on average, in bursts of up to `capacity`."""

    def __init__(
        self, rate: float, capacity: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("rate must be positive and capacity at least 1")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._tokens = float(capacity)
        self._updated = clock()

    def _refill(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(float(self.capacity), self._tokens + elapsed * self.rate)
        self._updated = now

    def try_acquire(self, tokens: int = 1) -> bool:
        """Take `tokens` if the bucket holds them; never blocks."""
        self._refill()
        if tokens > self._tokens:
            return False
        self._tokens -= tokens
        return True

    def wait_time(self, tokens: int = 1) -> float:
        """Seconds until `tokens` can be taken (0.0 when they can be taken now)."""
        if tokens > self.capacity:
            raise ValueError(f"{tokens} tokens never fit a bucket of {self.capacity}")
        self._refill()
        missing = tokens - self._tokens
        return max(0.0, missing / self.rate)
