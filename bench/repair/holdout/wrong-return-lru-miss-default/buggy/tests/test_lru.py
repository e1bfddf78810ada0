from memo.lru import LRUCache


def test_the_least_recently_used_entry_is_evicted():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.get("a")
    assert cache.put("c", 3) == "b"
    assert "a" in cache and "c" in cache and "b" not in cache


def test_hit_rate():
    cache = LRUCache(4)
    cache.put("x", 10)
    cache.get("x")
    cache.get("y")
    cache.get("x")
    assert cache.hit_rate() == 2 / 3


def test_a_miss_without_a_default_is_none():
    assert LRUCache(1).get("nope") is None


def test_a_miss_returns_the_default():
    cache = LRUCache(3)
    assert cache.get("port", 8080) == 8080
    assert cache.misses == 1
