"""Fix templates: for each defect class a small buggy function whose exact fix (byte for
byte, formatting kept) is among the generated patches, plus ordering, validity,
deduplication and the size of the candidate set on a realistic module."""

from __future__ import annotations

import textwrap
import time

import pytest

from myagent.repair.templates import TEMPLATES, generate_patches
from myagent.repair.templates.catalog import cap
from myagent.repair.types import Localization, Patch, SuspiciousLine

PATH = "pkg/shop.py"
MARK = "# <-"  # marks the suspicious line in the cases below


def localization(*lines: int, path: str = PATH) -> Localization:
    suspicious = tuple(
        SuspiciousLine(path, line, 1.0 - 0.1 * rank, 2, rank, False)
        for rank, line in enumerate(lines)
    )
    return Localization("ochiai", ("tests/test_shop.py::test_it",), 3, suspicious)


def marked_line(source: str) -> int:
    return next(n for n, text in enumerate(source.splitlines(), 1) if MARK in text)


def patches_for(source: str, *lines: int, favour: str | None = None) -> list[Patch]:
    prior = None if favour is None else (lambda t: 0.9 if t == favour else 0.5)
    return generate_patches({PATH: source}, localization(*lines), prior=prior)


# (template, buggy source, fixed source); the suspicious line carries MARK.
CASES: list[tuple[str, str, str]] = [
    (
        "arith-operator",
        """
        def average(values):
            total = 0
            for value in values:
                total  -=  value  # <-
            return total / len(values)
        """,
        """
        def average(values):
            total = 0
            for value in values:
                total  +=  value  # <-
            return total / len(values)
        """,
    ),
    (
        "comparison-operator",
        """
        def bulk_discount(quantity):
            \"\"\"10% off from ten units on.\"\"\"
            if quantity > 10:  # <-
                return 0.1
            return 0.0
        """,
        """
        def bulk_discount(quantity):
            \"\"\"10% off from ten units on.\"\"\"
            if quantity >= 10:  # <-
                return 0.1
            return 0.0
        """,
    ),
    (
        "boolean-operator",
        """
        def is_valid_age(age):
            return age >= 0 or age <= 130  # <-
        """,
        """
        def is_valid_age(age):
            return age >= 0 and age <= 130  # <-
        """,
    ),
    (
        "off-by-one",
        """
        def last(items):
            return items[len(items)]  # <-
        """,
        """
        def last(items):
            return items[len(items) - 1]  # <-
        """,
    ),
    (
        "off-by-one",
        """
        def triangle(n):
            total = 0
            for i in range(1, n):  # <-
                total += i
            return total
        """,
        """
        def triangle(n):
            total = 0
            for i in range(1, n + 1):  # <-
                total += i
            return total
        """,
    ),
    (
        "off-by-one",
        """
        def head(items, n):
            return items[: n - 1]  # <-
        """,
        """
        def head(items, n):
            return items[: n]  # <-
        """,
    ),
    (
        "off-by-one",
        """
        def insertion_point(sorted_values, value):
            lo, hi = 0, len(sorted_values)
            while lo < hi:
                mid = (lo + hi) // 2
                if sorted_values[mid] < value:
                    lo = mid  # <-
                else:
                    hi = mid
            return lo
        """,
        """
        def insertion_point(sorted_values, value):
            lo, hi = 0, len(sorted_values)
            while lo < hi:
                mid = (lo + hi) // 2
                if sorted_values[mid] < value:
                    lo = mid + 1  # <-
                else:
                    hi = mid
            return lo
        """,
    ),
    (
        "off-by-one",
        """
        def page(rows, number, size=20):
            first = number * size  # <-
            return rows[first : first + size]
        """,
        """
        def page(rows, number, size=20):
            first = (number - 1) * size  # <-
            return rows[first : first + size]
        """,
    ),
    (
        "negate-condition",
        """
        def first_even(numbers):
            for n in numbers:
                if n % 2:  # <-
                    return n
            return None
        """,
        """
        def first_even(numbers):
            for n in numbers:
                if not n % 2:  # <-
                    return n
            return None
        """,
    ),
    (
        "weaken-condition",
        """
        def should_notify(user, quiet_hours):
            if user.active and not quiet_hours and user.verified:  # <-
                return True
            return False
        """,
        """
        def should_notify(user, quiet_hours):
            if user.active and not quiet_hours:  # <-
                return True
            return False
        """,
    ),
    (
        "weaken-condition",
        """
        def config_lines(text):
            for raw in text.splitlines():
                line = raw.strip()
                if line.startswith(";"):  # <-
                    continue
                yield line
        """,
        """
        def config_lines(text):
            for raw in text.splitlines():
                line = raw.strip()
                if not line or line.startswith(";"):  # <-
                    continue
                yield line
        """,
    ),
    (
        "strengthen-condition",
        """
        def stock_of(stock, name):
            if stock[name] > 0:  # <-
                return stock[name]
            return 0
        """,
        """
        def stock_of(stock, name):
            if name in stock and stock[name] > 0:  # <-
                return stock[name]
            return 0
        """,
    ),
    (
        "swap-arguments",
        """
        def ratio(part, whole):
            return part / whole


        def percent(part, whole):
            return ratio(whole,  part) * 100  # <-
        """,
        """
        def ratio(part, whole):
            return part / whole


        def percent(part, whole):
            return ratio(part,  whole) * 100  # <-
        """,
    ),
    (
        "swap-arguments",
        """
        def clamp(value, low, high):
            return max(low, min(value, high))


        def clamp_all(values, low, high):
            return [
                clamp(
                    value,
                    high,  # <-
                    low,
                )
                for value in values
            ]
        """,
        """
        def clamp(value, low, high):
            return max(low, min(value, high))


        def clamp_all(values, low, high):
            return [
                clamp(
                    value,
                    low,  # <-
                    high,
                )
                for value in values
            ]
        """,
    ),
    (
        "wrong-variable",
        """
        def area(width, height):
            return width * width  # <-
        """,
        """
        def area(width, height):
            return width * height  # <-
        """,
    ),
    (
        "wrong-variable",
        """
        class Box:
            def __init__(self, width, height):
                self.width = width
                self.height = height

            def area(self):
                return self.width * self.width  # <-
        """,
        """
        class Box:
            def __init__(self, width, height):
                self.width = width
                self.height = height

            def area(self):
                return self.width * self.height  # <-
        """,
    ),
    (
        "wrong-literal",
        """
        def count_vowels(text):
            count = 1  # <-
            for ch in text:
                if ch in "aeiou":
                    count += 1
            return count
        """,
        """
        def count_vowels(text):
            count = 0  # <-
            for ch in text:
                if ch in "aeiou":
                    count += 1
            return count
        """,
    ),
    (
        "wrong-literal",
        """
        def parity(n):
            if n % 2 == 0:
                return 'odd'  # <-
            return 'odd' if n > 0 else 'even'
        """,
        """
        def parity(n):
            if n % 2 == 0:
                return 'even'  # <-
            return 'odd' if n > 0 else 'even'
        """,
    ),
    (
        "return-value",
        """
        def evens(numbers: list[int]) -> list[int]:
            if not numbers:
                return None  # <-
            return [n for n in numbers if n % 2 == 0]
        """,
        """
        def evens(numbers: list[int]) -> list[int]:
            if not numbers:
                return []  # <-
            return [n for n in numbers if n % 2 == 0]
        """,
    ),
    (
        "return-value",
        """
        class Basket:
            def __init__(self):
                self.items = []

            def add(self, item):
                self.items.append(item)
                return self.items  # <-
        """,
        """
        class Basket:
            def __init__(self):
                self.items = []

            def add(self, item):
                self.items.append(item)
                return self  # <-
        """,
    ),
    (
        "none-guard",
        """
        def total_length(words):
            total = 0
            for word in words:
                total += len(word)  # <-
            return total
        """,
        """
        def total_length(words):
            total = 0
            for word in words:
                if word is None:
                    continue
                total += len(word)  # <-
            return total
        """,
    ),
    (
        "none-guard",
        """
        def first(items):
            # the head of the list
            return items[0]  # <-
        """,
        """
        def first(items):
            # the head of the list
            if not items:
                return None
            return items[0]  # <-
        """,
    ),
    (
        "none-guard",
        """
        def initial(person) -> str:
            return person.middle_name[0] + "."  # <-
        """,
        """
        def initial(person) -> str:
            if not person.middle_name:
                return ""
            return person.middle_name[0] + "."  # <-
        """,
    ),
    (
        "method-swap",
        """
        def flatten(groups):
            result = []
            for group in groups:
                result.append(group)  # <-
            return result
        """,
        """
        def flatten(groups):
            result = []
            for group in groups:
                result.extend(group)  # <-
            return result
        """,
    ),
    (
        "method-swap",
        """
        def prices(catalog):
            return sorted(catalog.keys())  # <-
        """,
        """
        def prices(catalog):
            return sorted(catalog.values())  # <-
        """,
    ),
    (
        "method-swap",
        """
        def peek_job(queue, name):
            return queue.pop(name, None)  # <-
        """,
        """
        def peek_job(queue, name):
            return queue.get(name, None)  # <-
        """,
    ),
    (
        "division",
        """
        def middle(items):
            return items[len(items) / 2]  # <-
        """,
        """
        def middle(items):
            return items[len(items) // 2]  # <-
        """,
    ),
    (
        "mirror-statement",
        """
        def tally(values):
            positives = negatives = total = 0
            for v in values:
                if v > 0:
                    positives += 1
                    total += v
                else:
                    negatives += 1  # <-
            return positives, negatives, total
        """,
        """
        def tally(values):
            positives = negatives = total = 0
            for v in values:
                if v > 0:
                    positives += 1
                    total += v
                else:
                    negatives += 1  # <-
                    total += v
            return positives, negatives, total
        """,
    ),
    (
        "mirror-statement",
        """
        def summarize(orders):
            small_count = small_sum = 0
            large_count = large_sum = 0
            for amount in orders:
                if amount < 100:
                    small_count += 1
                    small_sum += amount
                else:
                    large_count += 1  # <-
            return small_count, small_sum, large_count, large_sum
        """,
        """
        def summarize(orders):
            small_count = small_sum = 0
            large_count = large_sum = 0
            for amount in orders:
                if amount < 100:
                    small_count += 1
                    small_sum += amount
                else:
                    large_count += 1  # <-
                    large_sum += amount
            return small_count, small_sum, large_count, large_sum
        """,
    ),
    (
        "mirror-statement",
        """
        class Point:
            def __init__(self, x, y, z):
                self.x = x  # <-
                self.y = y
        """,
        """
        class Point:
            def __init__(self, x, y, z):
                self.x = x  # <-
                self.y = y
                self.z = z
        """,
    ),
    (
        "mirror-statement",
        """
        def spread(values):
            lo = hi = values[0]
            for v in values:
                lo = min(lo, v)  # <-
            return hi - lo
        """,
        """
        def spread(values):
            lo = hi = values[0]
            for v in values:
                lo = min(lo, v)  # <-
                hi = max(hi, v)
            return hi - lo
        """,
    ),
    (
        "mirror-statement",
        """
        def move(stock, item, source, target, count):
            stock[source][item] -= count  # <-
            return stock
        """,
        """
        def move(stock, item, source, target, count):
            stock[source][item] -= count  # <-
            stock[target][item] += count
            return stock
        """,
    ),
    (
        "mirror-statement",
        """
        class Counter:
            def __init__(self):
                self.count = 0
                self.history = []

            def increment(self):
                self.history.append(self.count)
                self.count += 1

            def decrement(self):
                self.count -= 1  # <-
        """,
        """
        class Counter:
            def __init__(self):
                self.count = 0
                self.history = []

            def increment(self):
                self.history.append(self.count)
                self.count += 1

            def decrement(self):
                self.history.append(self.count)
                self.count -= 1  # <-
        """,
    ),
    (
        "loop-update",
        """
        def count_down(n):
            steps = []
            while n > 0:  # <-
                steps.append(n)
            return steps
        """,
        """
        def count_down(n):
            steps = []
            while n > 0:  # <-
                steps.append(n)
                n -= 1
            return steps
        """,
    ),
    (
        "loop-update",
        """
        def sum_present(values):
            i = total = 0
            while i < len(values):  # <-
                if values[i] is None:
                    continue
                total += values[i]
                i += 1
            return total
        """,
        """
        def sum_present(values):
            i = total = 0
            while i < len(values):  # <-
                if values[i] is None:
                    i += 1
                    continue
                total += values[i]
                i += 1
            return total
        """,
    ),
    (
        "loop-update",
        """
        def ones(n):
            count = 0
            while n:  # <-
                count += n % 2
            return count
        """,
        """
        def ones(n):
            count = 0
            while n:  # <-
                count += n % 2
                n //= 2
            return count
        """,
    ),
    (
        "loop-update",
        """
        def rounds_until(start, limit, step):
            rounds = 0
            value = start
            while value < limit:  # <-
                rounds += 1
            return rounds
        """,
        """
        def rounds_until(start, limit, step):
            rounds = 0
            value = start
            while value < limit:  # <-
                rounds += 1
                value *= step
            return rounds
        """,
    ),
    (
        "loop-update",
        """
        def numbered(lines, first=1):
            number = first
            out = []
            for line in lines:  # <-
                out.append(f"{number}. {line}")
            return out
        """,
        """
        def numbered(lines, first=1):
            number = first
            out = []
            for line in lines:  # <-
                out.append(f"{number}. {line}")
                number += 1
            return out
        """,
    ),
    (
        "loop-update",
        """
        def clean_names(users):
            names = []
            for user in users:  # <-
                name = user.strip().title()
            return names
        """,
        """
        def clean_names(users):
            names = []
            for user in users:  # <-
                name = user.strip().title()
                names.append(name)
            return names
        """,
    ),
]


@pytest.mark.parametrize(
    ("template", "buggy", "fixed"),
    [pytest.param(t, b, f, id=f"{t}-{i}") for i, (t, b, f) in enumerate(CASES)],
)
def test_each_defect_class_proposes_the_exact_fix(template: str, buggy: str, fixed: str) -> None:
    buggy, fixed = textwrap.dedent(buggy).lstrip(), textwrap.dedent(fixed).lstrip()
    patches = patches_for(buggy, marked_line(buggy), favour=template)
    fixes = [p for p in patches if p.new_source == fixed]
    assert fixes, "no exact fix among:\n" + "\n".join(p.description for p in patches)
    assert fixes[0].template == template
    assert fixes[0].path == PATH and fixes[0].line == marked_line(buggy)


def test_every_template_has_a_case() -> None:
    assert {case[0] for case in CASES} == set(TEMPLATES)


def test_a_guard_raises_when_the_annotation_excludes_none() -> None:
    source = textwrap.dedent(
        """
        import re

        PATTERN = re.compile(r"(\\d+)-(\\d+)")


        def parse_range(text: str) -> range:
            found = PATTERN.match(text)
            low, high = found.groups()  # <-
            return range(int(low), int(high))
        """
    ).lstrip()
    guard = '    if found is None:\n        raise ValueError(f"unexpected found: {found!r}")\n'
    line = marked_line(source)
    expected = source.replace("    low, high", guard + "    low, high")
    assert expected in {p.new_source for p in patches_for(source, line)}


def test_operator_fix_changes_one_character_and_says_what_changed() -> None:
    source = textwrap.dedent(CASES[1][1]).lstrip()
    patches = patches_for(source, 3)
    fix = next(p for p in patches if "quantity >= 10" in p.new_source)
    assert fix.edit_size == 1
    assert fix.description == "`>` -> `>=` in bulk_discount (pkg/shop.py:3)"
    assert patches[0] is fix or patches[0].edit_size <= fix.edit_size


MODULE = textwrap.dedent(
    '''
    """Money amounts in integer cents, so that sums never drift."""
    from __future__ import annotations

    from dataclasses import dataclass

    RATES = {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}


    @dataclass(frozen=True)
    class Money:
        cents: int
        currency: str = "EUR"

        @classmethod
        def parse(cls, text: str, currency: str = "EUR") -> Money:
            """Parse '12.34' or '12' into Money."""
            whole, _, frac = text.strip().partition(".")
            frac = (frac + "00")[:2]
            sign = -1 if whole.startswith("-") else 1
            return cls(sign * (abs(int(whole)) * 100 + int(frac)), currency)

        def __add__(self, other: Money) -> Money:
            if other.currency != self.currency:
                raise ValueError(f"cannot add {other.currency} to {self.currency}")
            return Money(self.cents + other.cents, self.currency)

        def times(self, factor: float) -> Money:
            return Money(round(self.cents * factor), self.currency)

        def convert(self, currency: str) -> Money:
            if currency not in RATES:
                raise KeyError("unknown currency")
            eur = self.cents / RATES[self.currency]
            return Money(round(eur * RATES[currency]), currency)

        def __str__(self) -> str:
            sign = "-" if self.cents < 0 else ""
            return f"{sign}{abs(self.cents) // 100}.{abs(self.cents) % 100:02d} {self.currency}"


    def total(amounts: list[Money], currency: str = "EUR") -> Money:
        result = Money(0, currency)
        for amount in amounts:
            result = result + amount
        return result
    '''
).lstrip()
TOP_LINES = (17, 18, 19, 20, 23, 25, 34, 45)  # parse, __add__, convert, total


def test_patches_on_a_real_module_compile_are_distinct_and_bounded() -> None:
    started = time.perf_counter()
    patches = generate_patches({PATH: MODULE}, localization(*TOP_LINES))
    elapsed = time.perf_counter() - started
    per_line = sum(cap(name) for name in TEMPLATES)
    assert 50 <= len(patches) <= min(200, len(TOP_LINES) * per_line)
    assert len({p.new_source for p in patches}) == len(patches)
    for patch in patches:
        compile(patch.new_source, patch.path, "exec")
        assert patch.new_source != MODULE
        assert patch.line in TOP_LINES
    assert elapsed < 5.0
    print(f"{len(patches)} patches for the top {len(TOP_LINES)} lines in {elapsed:.2f}s")


def test_order_follows_suspiciousness_then_prior_then_edit_size() -> None:
    prior = {"wrong-variable": 0.8, "none-guard": 0.7}
    patches = generate_patches(
        {PATH: MODULE}, localization(*TOP_LINES), prior=lambda t: prior.get(t, 0.5)
    )
    keys = [(-p.suspiciousness, -prior.get(p.template, 0.5), p.edit_size) for p in patches]
    assert keys == sorted(keys)
    first_line = [p for p in patches if p.line == TOP_LINES[0]]
    assert first_line == patches[: len(first_line)]
    assert first_line[0].template == "wrong-variable"


def test_max_patches_keeps_the_head_of_the_order() -> None:
    everything = generate_patches({PATH: MODULE}, localization(*TOP_LINES))
    head = generate_patches({PATH: MODULE}, localization(*TOP_LINES), max_patches=5)
    assert head == everything[:5]
    assert len(generate_patches({PATH: MODULE}, localization(*TOP_LINES), max_lines=1)) < len(
        everything
    )


def test_lines_without_source_or_statement_give_no_patch() -> None:
    assert generate_patches({}, localization(3)) == []
    assert generate_patches({PATH: "def broken(:\n"}, localization(1)) == []
    assert generate_patches({PATH: "x = 1\n\n\n"}, localization(3)) == []


def test_only_the_mutated_node_changes_in_oddly_formatted_code() -> None:
    source = "def f(a,b):\n    return (a  +\n            b)   # sum\n"
    patches = patches_for(source, 2)
    sources = {p.new_source for p in patches}
    assert "def f(a,b):\n    return (a  -\n            b)   # sum\n" in sources
    assert "def f(a,b):\n    return (a  *\n            b)   # sum\n" in sources
    for patch in patches:  # the header and the comment are never touched
        assert patch.new_source.startswith("def f(a,b):\n")
        assert patch.new_source.endswith("   # sum\n")
