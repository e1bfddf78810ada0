"""A min-heap of jobs: the lowest priority number runs first, ties in arrival order."""

from itertools import count
from typing import Any


class JobQueue:
    def __init__(self) -> None:
        self._heap: list[tuple[int, int, Any]] = []
        self._arrivals = count()

    def __len__(self) -> int:
        return len(self._heap)

    def push(self, job: Any, priority: int = 10) -> None:
        self._heap.append((priority, next(self._arrivals), job))
        index = len(self._heap) - 1
        while index > 0:
            parent = (index - 1) // 2
            if self._heap[parent] <= self._heap[index]:
                break
            self._heap[parent], self._heap[index] = self._heap[index], self._heap[parent]
            index = parent

    def pop(self) -> Any:
        """The next job to run; raises IndexError when the queue is empty."""
        if not self._heap:
            raise IndexError("pop from an empty job queue")
        last = self._heap.pop()
        if not self._heap:
            return last[2]
        top, self._heap[0] = self._heap[0], last
        self._sift_down(0)
        return top[2]

    def _sift_down(self, index: int) -> None:
        size = len(self._heap)
        while True:
            smallest = index
            for child in (2 * index + 1, 2 * index + 2):
                if child < size and self._heap[child] < self._heap[index]:
                    smallest = child
            if smallest == index:
                return
            self._heap[index], self._heap[smallest] = self._heap[smallest], self._heap[index]
            index = smallest
