"""URLs of many rows at the cost of one reverse().

`reverse()` walks the URLconf and checks every argument against its converter: tens of
microseconds, which a 100-row table pays for every link of every row. A `RowLinks` reverses
once, with a sample value in the row's place, and puts each row's value there instead, quoted
as `reverse()` quotes it.
"""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

# What reverse() leaves unquoted in a path (django.urls.resolvers).
_SAFE = RFC3986_SUBDELIMS + "/~:@"


class RowLinks:
    """`links(value)` is `reverse(name, args=[*fixed, value])`. `sample` must pass the URL's
    converter for that place, as the values do (they come from Quay, which has the same naming
    rules as the converters)."""

    def __init__(self, name: str, fixed: list[str], sample: str) -> None:
        self._before, found, self._after = reverse(name, args=[*fixed, sample]).rpartition(sample)
        if not found:
            raise ValueError(f"{sample!r} is not in the URL of {name}")

    def __call__(self, value: str) -> str:
        return f"{self._before}{quote(value, safe=_SAFE)}{self._after}"
