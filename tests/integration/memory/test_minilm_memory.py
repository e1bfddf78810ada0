"""The vector memory with the real all-MiniLM-L6-v2 (the `memory` extra), on the CPU.

The model is loaded once for the module with every outgoing connection refused, so a
test run proves it loads offline. Skips when the extra is not installed, except under
`MYAGENT_REQUIRE_SERVICES=1` (CI, where `make test` installs it): there that fails.
Load and embed times are printed (`pytest -s`) and recorded as test properties.
"""

from __future__ import annotations

import math
import socket
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from myagent.memory.code_index import CodeIndex
from myagent.memory.embedders import MiniLMEmbedder
from myagent.memory.vector import Document, VectorMemory

pytestmark = pytest.mark.integration


class CountingEmbedder:
    """Passes through to MiniLM and keeps every text it was asked to embed."""

    def __init__(self, inner: MiniLMEmbedder) -> None:
        self.inner = inner
        self.texts: list[str] = []

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return self.inner.embed(texts)


@pytest.fixture(scope="module")
def minilm(allow_minilm: None) -> MiniLMEmbedder:
    """MiniLM, loaded with the network refused; real calls allowed for the module."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("the network is off while the model loads")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        embedder = MiniLMEmbedder()
        started = time.perf_counter()
        embedder.load()
        embedder.embed(["warm up"])
        print(f"\nMiniLM loaded in {time.perf_counter() - started:.2f} s")
    assert attempts == [], f"loading the model tried to connect to {attempts}"
    return embedder


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_vectors_are_384_unit_floats(minilm: MiniLMEmbedder):
    (vector,) = minilm.embed(["IndexError: list index out of range"])
    assert len(vector) == minilm.dimension == 384
    assert math.isclose(math.sqrt(cosine(vector, vector)), 1.0, rel_tol=1e-4)


def test_similar_error_messages_are_nearer_than_unrelated_ones(minilm: MiniLMEmbedder):
    zero, paraphrase, key, network = minilm.embed(
        [
            "ZeroDivisionError: division by zero in average()",
            "dividing by zero when the list of values is empty",
            "KeyError: 'email' missing from the user record",
            "ConnectionRefusedError: could not reach the database server",
        ]
    )
    assert cosine(zero, paraphrase) > cosine(zero, key) + 0.1
    assert cosine(zero, paraphrase) > cosine(zero, network) + 0.1


def test_a_paraphrased_error_recalls_the_past_solution(tmp_path: Path, minilm: MiniLMEmbedder):
    memory = VectorMemory.persistent(tmp_path / "v", minilm)
    past = {
        "zero": "ZeroDivisionError: division by zero",
        "key": "KeyError: 'config' key not found in settings dict",
        "index": "IndexError: list index out of range",
        "none": "AttributeError: 'NoneType' object has no attribute 'strip'",
        "type": 'TypeError: can only concatenate str (not "int") to str',
        "file": "FileNotFoundError: [Errno 2] No such file or directory: 'data.csv'",
    }
    memory.upsert("error_patterns", [Document(k, v, {"fix": f"fix-{k}"}) for k, v in past.items()])
    asked = {
        "zero": "the average crashes because we divide by zero items",
        "key": "settings lookup fails: there is no 'config' entry",
        "index": "accessing an element past the end of the list",
        "none": "calling strip() on a value that is None",
        "type": "adding a number to a string raises a type error",
        "file": "the CSV input file is missing on disk",
    }
    top1 = {k: memory.search("error_patterns", q, k=1)[0].metadata["fix"] for k, q in asked.items()}
    assert top1 == {k: f"fix-{k}" for k in asked}


PROJECT = {
    "src/geo/shapes.py": '''
        import math


        def circle_area(radius):
            """The area of a circle of the given radius."""
            return math.pi * radius**2


        def perimeter(width, height):
            return 2 * (width + height)
        ''',
    "src/geo/io.py": '''
        import json


        def load_points(path):
            """Read a list of points from a JSON file."""
            with open(path) as handle:
                return json.load(handle)
        ''',
}


def test_the_code_index_embeds_only_what_changed(
    tmp_path: Path, minilm: MiniLMEmbedder, record_property: pytest.RecordProperty
):
    root = tmp_path / "project"
    for name, text in PROJECT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text).lstrip("\n"))
    counting = CountingEmbedder(minilm)
    index = CodeIndex(VectorMemory.persistent(tmp_path / "v", counting), root)
    assert index.update().added == 3
    assert index.search("compute the area of a circle", k=1)[0].metadata["qualname"] == (
        "circle_area"
    )
    assert index.search("parse JSON points from a file", k=1)[0].metadata["qualname"] == (
        "load_points"
    )
    embedded = len(counting.texts)
    assert index.update().embedded == 0
    assert len(counting.texts) == embedded  # unchanged: nothing embedded (queries aside)
    shapes = root / "src/geo/shapes.py"
    shapes.write_text(shapes.read_text().replace("2 * (width + height)", "width + width"))
    report = index.update()
    assert (report.updated, report.unchanged, report.files_parsed) == (1, 2, 1)
    assert len(counting.texts) == embedded + 1  # the changed function, nothing else
    assert "width + width" in counting.texts[-1]


def test_embedding_100_snippets_takes_seconds_not_minutes(
    minilm: MiniLMEmbedder, record_property: pytest.RecordProperty
):
    texts = [
        f"def handler_{i}(request):\n    return respond(request, status={i})" for i in range(100)
    ]
    started = time.perf_counter()
    vectors = minilm.embed(texts)
    seconds = time.perf_counter() - started
    record_property("embed_100_snippets_s", round(seconds, 2))
    print(f"\nembedded 100 snippets in {seconds:.2f} s")
    assert len(vectors) == 100
    assert seconds < 60
