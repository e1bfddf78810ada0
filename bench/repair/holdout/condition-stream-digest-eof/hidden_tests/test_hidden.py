import hashlib
import io

from transfer.checksum import digest, verify


def test_small_chunks_give_the_same_digest():
    data = bytes(range(256)) * 7
    assert digest(io.BytesIO(data), chunk_size=10) == (hashlib.sha256(data).hexdigest(), 1792)


def test_an_empty_stream():
    assert digest(io.BytesIO(b""), "md5") == (hashlib.md5(b"").hexdigest(), 0)


def test_only_the_rest_of_the_stream_counts():
    stream = io.BytesIO(b"headerbody")
    stream.read(6)
    assert digest(stream)[1] == 4


def test_verify_rejects_another_digest():
    assert not verify(io.BytesIO(b"a"), hashlib.sha256(b"b").hexdigest())
