import pytest

from scheduler.jobqueue import JobQueue


def test_an_empty_queue():
    queue = JobQueue()
    assert len(queue) == 0
    with pytest.raises(IndexError):
        queue.pop()


def test_the_most_urgent_job_comes_first():
    queue = JobQueue()
    queue.push("backup", priority=5)
    queue.push("page on-call", priority=0)
    assert queue.pop() == "page on-call"
    assert len(queue) == 1


def test_equal_priorities_run_in_arrival_order():
    queue = JobQueue()
    for name in ("a", "b", "c"):
        queue.push(name)
    assert [queue.pop() for _ in range(3)] == ["a", "b", "c"]


def test_draining_the_queue_gives_priority_order():
    queue = JobQueue()
    for name, priority in [("d", 4), ("a", 1), ("e", 5), ("c", 3), ("b", 2), ("f", 6)]:
        queue.push(name, priority)
    queue.push("z", 0)
    assert [queue.pop() for _ in range(7)] == ["z", "a", "b", "c", "d", "e", "f"]
