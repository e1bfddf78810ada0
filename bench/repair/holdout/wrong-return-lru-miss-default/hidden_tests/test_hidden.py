from memo.lru import LRUCache


def test_falsy_defaults():
    cache = LRUCache(2)
    assert cache.get("n", 0) == 0
    assert cache.get("s", "") == ""
    assert cache.get("l", []) == []


def test_a_cached_none_is_a_hit():
    cache = LRUCache(2)
    cache.put("k", None)
    assert cache.get("k", "default") is None
    assert cache.hits == 1


def test_updating_a_key_does_not_evict():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.put("a", 3) is None
    assert cache.get("a") == 3 and len(cache) == 2
