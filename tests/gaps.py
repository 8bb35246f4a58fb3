"""What the default catalogue does not meet yet, as strict expected failures shared by the tests
that measure it: each still runs, and the first that passes fails until its mark goes."""

from __future__ import annotations

import pytest

REACH_NOT_MET = pytest.mark.xfail(
    strict=True,
    reason="the reach targets are not met yet: with profiles from the facts table, facets and "
    "the one-scene rule, about 20 acts (J-pop acts with K-pop-like profiles such as BE:FIRST, "
    "Number_i and HANA, classics, crossover idol groups) are in fewer than 0.5% of consistent "
    "takers' picks; the catalogue needs more breadth around them or the ranking another method",
)
