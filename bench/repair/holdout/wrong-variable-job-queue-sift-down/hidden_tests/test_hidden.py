import random

from scheduler.jobqueue import JobQueue


def test_random_priorities_come_out_sorted():
    rng = random.Random(7)
    for _ in range(30):
        priorities = [rng.randrange(20) for _ in range(rng.randrange(1, 40))]
        queue = JobQueue()
        for n, priority in enumerate(priorities):
            queue.push((priority, n), priority)
        drained = [queue.pop() for _ in priorities]
        assert drained == sorted(drained)


def test_pushing_after_popping():
    queue = JobQueue()
    for priority in (3, 1, 4, 1, 5):
        queue.push(priority, priority)
    assert queue.pop() == 1
    queue.push(0, 0)
    assert [queue.pop() for _ in range(5)] == [0, 1, 3, 4, 5]
