import hashlib
import io

import pytest

from transfer.checksum import digest, parse_checksum_line, verify


def test_parse_a_checksum_line():
    line = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08  *report.pdf\n"
    name, value = parse_checksum_line(line)
    assert name == "report.pdf"
    assert value.startswith("9f86d0")


def test_a_line_without_a_digest_is_rejected():
    with pytest.raises(ValueError):
        parse_checksum_line("report.pdf")


def test_digest_of_a_small_upload():
    data = b"hello world\n" * 10
    assert digest(io.BytesIO(data)) == (hashlib.sha256(data).hexdigest(), 120)


def test_verify_ignores_letter_case():
    expected = hashlib.sha256(b"test").hexdigest().upper()
    assert verify(io.BytesIO(b"test"), expected)
