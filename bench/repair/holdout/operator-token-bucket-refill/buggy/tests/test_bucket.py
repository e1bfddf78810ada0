import pytest

from throttle.bucket import TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_full_bucket_allows_a_burst_then_refuses():
    bucket = TokenBucket(rate=5, capacity=3, clock=FakeClock())
    assert [bucket.try_acquire() for _ in range(4)] == [True, True, True, False]


def test_tokens_come_back_at_the_configured_rate():
    clock = FakeClock()
    bucket = TokenBucket(rate=2, capacity=4, clock=clock)
    for _ in range(4):
        bucket.try_acquire()
    clock.now += 1.0
    assert bucket.try_acquire(2)
    assert not bucket.try_acquire()


def test_an_idle_bucket_never_holds_more_than_its_capacity():
    clock = FakeClock()
    bucket = TokenBucket(rate=1, capacity=2, clock=clock)
    clock.now += 3600
    assert bucket.try_acquire(2)
    assert not bucket.try_acquire()


def test_wait_time_of_an_empty_bucket():
    bucket = TokenBucket(rate=4, capacity=1, clock=FakeClock())
    assert bucket.try_acquire()
    assert bucket.wait_time() == pytest.approx(0.25)


def test_invalid_settings():
    with pytest.raises(ValueError):
        TokenBucket(rate=0, capacity=1)
