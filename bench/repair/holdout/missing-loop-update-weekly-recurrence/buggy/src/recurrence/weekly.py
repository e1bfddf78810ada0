"""Weekly recurring events ('every 2 weeks on Monday and Thursday'), as in iCalendar."""

from datetime import date, timedelta

WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
ONE_DAY = timedelta(days=1)


def parse_days(spec: str) -> set[int]:
    """'MO,TH' -> {0, 3}."""
    try:
        return {WEEKDAYS[code.strip().upper()] for code in spec.split(",")}
    except KeyError as exc:
        raise ValueError(f"unknown weekday {exc.args[0]!r} in {spec!r}") from None


def rule(days: set[int], interval: int = 1) -> str:
    """The iCalendar RRULE text, e.g. 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH'."""
    codes = [code for code, number in WEEKDAYS.items() if number in days]
    return f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={','.join(codes)}"


def occurrences(start: date, days: set[int], count: int, interval: int = 1) -> list[date]:
    """The first `count` dates from `start` on the given weekdays, every `interval` weeks.

    Weeks are counted from the Monday of the start date's week.
    """
    if not days or count < 0 or interval < 1:
        raise ValueError("need weekdays, a count of at least 0 and an interval of at least 1")
    week_zero = start - timedelta(days=start.weekday())
    dates: list[date] = []
    day = start
    while len(dates) < count:
        week = (day - week_zero).days // 7
        if day.weekday() in days and week % interval == 0:
            dates.append(day)
    return dates
