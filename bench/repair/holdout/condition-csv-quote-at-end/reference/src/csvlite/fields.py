"""Splitting one CSV record into fields (RFC 4180 quoting, no multi-line records)."""


class CsvError(ValueError):
    """A record that is not valid CSV."""


def split_record(line: str, delimiter: str = ",") -> list[str]:
    """The fields of `line`; quoted fields may hold delimiters and doubled quotes."""
    fields: list[str] = []
    current: list[str] = []
    in_quotes = False
    i = 0
    while i < len(line):
        ch = line[i]
        if in_quotes:
            if ch == '"' and i + 1 < len(line) and line[i + 1] == '"':
                current.append('"')
                i += 1
            elif ch == '"':
                in_quotes = False
            else:
                current.append(ch)
        elif ch == '"':
            in_quotes = True
        elif ch == delimiter:
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    if in_quotes:
        raise CsvError(f"unterminated quoted field in {line!r}")
    fields.append("".join(current))
    return fields


def parse_row(line: str, header: list[str]) -> dict[str, str]:
    """A record as a dict keyed by the header's column names."""
    values = split_record(line.rstrip("\r\n"))
    if len(values) != len(header):
        raise CsvError(f"expected {len(header)} fields, got {len(values)}")
    return dict(zip(header, values, strict=True))
