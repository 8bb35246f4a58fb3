"""The ``card:`` section of a bank: what the shared result card says and how it looks.

A card needs a hook a viewer takes in at a glance: a named type (from the taker's strongest
leaning, named by the bank per axis pole), one big number (the taker's overall lean toward
one end of the axes, named by the bank), a look per outcome (two background colours, an
accent and a mark), and the command that starts the quiz. Everything is optional: a bank
without ``card:`` gets popquiz's neutral look and no type or number.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import Field, PlainValidator, StringConstraints, WithJsonSchema, model_validator

from popquiz.bank.spec_values import Id, SpecModel, Text

# White text must stay readable on every background colour (WCAG 2 "AA" for normal text), and
# the accent on them (3:1, its large-text level: the accent draws the big number and headings).
TEXT_CONTRAST = 4.5
ACCENT_CONTRAST = 3.0
Mark = Literal["star", "bolt", "heart", "sparkle", "rings", "wave", "diamond", "circle"]
MARKS: tuple[str, ...] = get_args(Mark)


def luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb`` (WCAG 2)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _check_colour(value: Any) -> str:
    if not isinstance(value, str) or not _is_hex(value):
        raise ValueError(f"a colour is written #rrggbb (like '#2a1363'), not {value!r}")
    return value.lower()


def _is_hex(value: str) -> bool:
    return (
        len(value) == 7
        and value[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )


Colour = Annotated[
    str,
    PlainValidator(_check_colour),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^#[0-9a-fA-F]{6}$",
            "description": "A colour as #rrggbb.",
            "errorMessage": "a colour is written #rrggbb, like '#2a1363'",
        }
    ),
]


class CardNumber(SpecModel):
    """The big number: the taker's average position over the axes, as a percentage toward
    the end they lean to, with that end's name."""

    low: Text = Field(description="What the low end of the axes is called (e.g. 'tea').")
    high: Text = Field(description="What the high end of the axes is called (e.g. 'coffee').")


class CardType(SpecModel):
    """The names of a taker whose strongest leaning is on this axis."""

    axis: Id = Field(description="The axis.")
    low: Text = Field(description="The type of a taker whose strongest leaning is the low pole.")
    high: Text = Field(description="The type of a taker whose strongest leaning is the high pole.")


class CardLook(SpecModel):
    """How the card looks when this outcome is the verdict."""

    outcome: Id = Field(description="The outcome.")
    background: list[Colour] = Field(
        min_length=2,
        max_length=2,
        description="Two colours, top left to bottom right; white text must be readable on "
        "both (contrast 4.5:1).",
    )
    accent: Colour = Field(
        description="The big number, the headings and the mark (contrast 3:1 on both "
        "background colours)."
    )
    mark: Mark = Field(
        description="The outcome's mark, drawn large in the top corner: " + ", ".join(MARKS) + "."
    )

    @model_validator(mode="after")
    def _readable(self) -> CardLook:
        for colour in self.background:
            if contrast("#ffffff", colour) < TEXT_CONTRAST:
                raise ValueError(
                    f"white text on {colour} has contrast {contrast('#ffffff', colour):.1f}:1, "
                    f"under {TEXT_CONTRAST}:1: choose a darker background colour"
                )
            if contrast(self.accent, colour) < ACCENT_CONTRAST:
                raise ValueError(
                    f"the accent {self.accent} on {colour} has contrast "
                    f"{contrast(self.accent, colour):.1f}:1, under {ACCENT_CONTRAST}:1: choose a "
                    "lighter accent or a darker background"
                )
        return self


class Card(SpecModel):
    """The shared result card: its hook (type and number), its look per outcome and the
    command that starts the quiz."""

    take: (
        Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=r"^[^\n\r]+$")] | None
    ) = Field(
        default=None,
        description="The command a viewer runs to take this quiz, shown on the card "
        "(default: `popquiz` for the default quiz, else `popquiz take <id>`).",
    )
    number: CardNumber | None = Field(
        default=None, description="The big number's two ends; without it the card has none."
    )
    types: list[CardType] = Field(
        default_factory=list,
        max_length=100,
        description="Type names per axis pole: the card names the taker by their strongest "
        "leaning (an axis without names is passed over).",
    )
    middle: Text | None = Field(
        default=None,
        description="The type of a taker who leans clearly on no named axis (without it such "
        "a card names no type).",
    )
    looks: list[CardLook] = Field(
        default_factory=list,
        max_length=1000,
        description="A look per outcome (others get popquiz's own).",
    )
