"""What the default catalogue does not meet yet, as strict expected failures shared by the tests
that measure it: each still runs, and the first that passes fails until its mark goes."""

from __future__ import annotations

import pytest

REACH_NOT_MET = pytest.mark.xfail(
    strict=True,
    reason="the reach targets are not met yet: with profiles from the facts table, XG and NEXZ "
    "(crossover acts at the K-pop edge of nearly every axis) and Number_i, HANA and ATARASHII "
    "GAKKO! (J-pop acts with K-pop-like profiles) sit where almost no taker of their verdict "
    "does: each is in under 0.2% of 10,000 consistent takers' top five, and analyze's search "
    "finds no answers putting 11 of the 94 acts in their scene's top three",
)
