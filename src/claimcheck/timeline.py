"""Comparing partial ISO dates: '2019-10-14', 'XXXX-10-14', '2019-10', 'XXXX-WXX-1'."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def is_day(date: str) -> bool:
    """A date to the day with its year ("2019-10-14"; not "2019", "XXXX-10-14", a weekday)."""
    return bool(_DAY.fullmatch(date))


def dates_compatible(a: str, b: str) -> bool:
    """'2019-10-14' ~ 'XXXX-10-14' ~ '2019-10'; a weekday fits a date of that weekday."""
    wa, wb = re.fullmatch(r"XXXX-WXX-(\d)", a), re.fullmatch(r"XXXX-WXX-(\d)", b)
    if wa or wb:
        if wa and wb:
            return a == b
        weekday, other = (wa or wb), (b if wa else a)
        assert weekday is not None
        try:
            return dt.date.fromisoformat(other).isoweekday() == int(weekday.group(1))
        except ValueError:
            return True
    n = min(len(a), len(b))
    return all(x == y or "X" in (x, y) for x, y in zip(a[:n], b[:n], strict=True))


def merge_dates(values: list[str]) -> str | None:
    """The most precise date all compatible values allow ('2019-10' + 'XXXX-10-14')."""
    dates = [v for v in values if not v.startswith("XXXX-W")]
    if not dates:
        return values[0] if values else None
    longest = max(len(v) for v in dates)
    chars = []
    for i in range(longest):
        known = [v[i] for v in dates if i < len(v) and v[i] != "X"]
        chars.append(Counter(known).most_common(1)[0][0] if known else "X")
    return "".join(chars)
