import pytest

from throttle.bucket import TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_a_slow_bucket_needs_two_seconds_per_token():
    clock = FakeClock()
    bucket = TokenBucket(rate=0.5, capacity=1, clock=clock)
    assert bucket.try_acquire()
    clock.now += 1.0
    assert not bucket.try_acquire()
    clock.now += 1.0
    assert bucket.try_acquire()


def test_wait_time_after_a_partial_refill():
    clock = FakeClock()
    bucket = TokenBucket(rate=10, capacity=5, clock=clock)
    assert bucket.try_acquire(5)
    clock.now += 0.2
    assert bucket.wait_time(3) == pytest.approx(0.1)


def test_a_clock_going_backwards_adds_nothing():
    clock = FakeClock()
    bucket = TokenBucket(rate=3, capacity=2, clock=clock)
    assert bucket.try_acquire(2)
    clock.now -= 10
    assert not bucket.try_acquire()
