"""What the default catalogue does not meet yet, as strict expected failures shared by the tests
that measure it: each still runs, and the first that passes fails until its mark goes."""

from __future__ import annotations

import pytest

REACH_NOT_MET = pytest.mark.xfail(
    strict=True,
    reason="the reach targets are not met yet: with profiles from the facts table, tuki. and "
    "ATARASHII GAKKO! (J-pop acts far from J-pop's profile on engagement and identity) and SHINee "
    "(EXO's near twin, which variety keeps apart) are each in under 0.5% of 10,000 consistent "
    "takers' top five (0.35%, 0.37%, 0.48%)",
)
