"""Phone number normalization to digit strings that index and query alike.

Every number yields its national form (leading 0) and, when it is German or written with a
country code, its international form without "+"/"00":

    >>> phone_forms("+49 (0) 2041 70 47 60")
    ['02041704760', '492041704760']
    >>> phone_forms("02041/704760")
    ['02041704760', '492041704760']
    >>> phone_forms("+31 20 123 4567")
    ['0201234567', '31201234567']

Querying: normalize the query with ``phone_query_prefix``; when it returns a string (the query
holds at least ``MIN_QUERY_DIGITS`` digits), search the phone field with a Prefix query on it.
The prefix is in national form when the query starts with "0", "+" or "00" and taken as it is
otherwise (then it matches the international form: "49204170"); both forms are indexed, so
"0204170476", "+49 2041 70476" and "4920417047" all find 02041 704760.
"""

from __future__ import annotations

import re

COUNTRY = "49"  # numbers without a country code are German
MIN_QUERY_DIGITS = 6  # shorter digit strings are too unspecific for a prefix search
MAX_DIGITS = 20  # E.164 allows 15 digits; a few more for extensions

# Separators between several numbers in one value; "/" is not one (it splits area code and number).
_SPLIT = re.compile(r"[,;\n]|\s(?:oder|or|und|and)\s", re.IGNORECASE)
# "(0)" after a country code is a national trunk prefix that must be dropped.
_TRUNK = re.compile(r"\(\s*0\s*\)")
_DIGITS = re.compile(r"\d")
# Two-digit country codes (and 1 / 7); longer codes are kept as three digits.
_CC2 = {
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
    "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
    "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
}


def split_numbers(value: str) -> list[str]:
    """Split a field value holding several numbers ("0201 1, 0201 2") into single numbers."""
    return [part for part in _SPLIT.split(value or "") if _DIGITS.search(part)]


def _country_and_rest(number: str) -> tuple[str, str] | None:
    """Return (country code, national significant number) or None when there are no digits."""
    stripped = number.strip()
    international = stripped.startswith("+") or stripped.startswith("00")
    digits = "".join(_DIGITS.findall(_TRUNK.sub("", stripped)))[:MAX_DIGITS]
    if not digits:
        return None
    if not international:
        return COUNTRY, digits[1:] if digits.startswith("0") else digits
    digits = digits[2:] if stripped.startswith("00") else digits
    size = 1 if digits[:1] in ("1", "7") else 2 if digits[:2] in _CC2 else 3
    return digits[:size], digits[size:].lstrip("0")


def phone_forms(number: str) -> list[str]:
    """Return the national and the international digit form of one number."""
    parsed = _country_and_rest(number)
    if parsed is None:
        return []
    country, rest = parsed
    if not rest:
        return [country]
    return ["0" + rest, country + rest]


def phone_query_prefix(query: str) -> str | None:
    """Return the national-form prefix to search for, or None if the query is not a number."""
    text = query.strip()
    if not text or re.search(r"[^\d\s+()/.\-]", text):
        return None
    digits = "".join(_DIGITS.findall(text))
    if len(digits) < MIN_QUERY_DIGITS:
        return None
    if text[0] not in "+0(":
        return digits  # no trunk or country prefix: match the international form ("4920...")
    return phone_forms(text)[0]
