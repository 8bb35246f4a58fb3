"""The bank format's acts: what a catalogue (or a bank's own ``acts``) may hold, with the facets
acts are classified by and the words and links a result shows them with. Part of the one
definition of the format in :mod:`popquiz.bank.spec`, which re-exports every name here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from popquiz.bank.spec_values import Id, Lang, Name, Song, SpecModel, Text, Unit

_Model = SpecModel

MAX_ACTS = 2_000
MAX_FACETS = 16


LISTEN_SERVICES = ("youtube-music", "spotify", "apple-music")
Listen = Literal["youtube-music", "spotify", "apple-music"]


class Words(_Model):
    """What the result calls its recommendations, in the bank's own words (any left out:
    popquiz's neutral, translated default)."""

    picks: Text | None = Field(
        default=None, description="Heading of the recommendations (default: 'Closest matches')."
    )
    bridge: Text | None = Field(
        default=None,
        description="Heading of the one pick from another scene (default: 'Also close, from "
        "another group').",
    )
    bridges: Text | None = Field(
        default=None,
        description="Heading of several picks from other scenes (default: 'Also close, from "
        "other groups').",
    )
    across: Text | None = Field(
        default=None,
        description="After the heading of recommendations that span several scenes, what they "
        "come from (default: 'from more than one group').",
    )
    name: Text | None = Field(
        default=None, description="What one recommendation is, as a column heading ('Name')."
    )
    group: Text | None = Field(
        default=None, description="What a scene is, as a column heading (default: 'Group')."
    )
    match: Text | None = Field(
        default=None,
        description="Not shown: a pick carries no percentage, since the picks are ordered by "
        "relevance and variety, not by match. Accepted so that banks that set it stay valid.",
    )
    start: Text | None = Field(
        default=None,
        description="Before an act's first `songs` entry, shown only where there is one "
        "(default: 'Try first').",
    )


class Status(_Model):
    """A status that can change (active, disbanded, on hiatus) with the date it was true."""

    text: Text
    as_of: Annotated[int, Field(ge=1900, le=2100)] | Annotated[str, Field(max_length=10)] = Field(
        description="Year (or YYYY-MM) when the status was checked."
    )


class Facts(_Model):
    """Checked facts about an act; all optional, never guessed."""

    agency: Name | None = Field(default=None, description="Agency, label or maker.")
    debut: Annotated[int, Field(ge=1800, le=2100)] | None = Field(
        default=None, description="Debut year."
    )
    songs: list[Song] = Field(
        default_factory=list,
        max_length=10,
        description="Signature songs; the first is suggested as the place to start. Each is a "
        "title (shown in every language) or a mapping of language to the title fans of that "
        "language use, or the original transcribed or romanised for them; the mapping needs "
        "the bank's default language, which is shown where it gives no title. Whatever title "
        "an English, Korean or Japanese screen shows must be in a script its readers read "
        "(E221: no kana or kanji alone on a Korean screen, no Hangul alone on a Japanese or "
        "English one).",
    )
    status: Status | None = Field(
        default=None, description="What the act is doing now, with the date that was checked."
    )
    active: bool | None = Field(
        default=None,
        description="Whether the act is still active (performing or releasing) as of the "
        "status's `as_of` date. Inactive acts stay recommendable and are marked as classics; "
        "a result's first pick in each scene is an active act when one is within 5 match "
        "points of the best match there.",
    )


class FacetValue(_Model):
    """One value a facet can take (e.g. ``band`` of the facet ``kind``)."""

    id: Id
    name: Text = Field(description="The value's name as shown in reasons (a noun).")


class Facet(_Model):
    """A way of classifying acts (e.g. kind of act, style) with the values it can take."""

    id: Id
    name: Text = Field(description="The facet's name (e.g. 'kind of act').")
    single: bool = Field(
        default=False,
        description="Every act has exactly one value of this facet (given as a string); "
        "otherwise an act may have several (a list) or none.",
    )
    values: list[FacetValue] = Field(
        min_length=1, max_length=64, description="The values an act may take, each with an id."
    )


FacetValues = Id | Annotated[list[Id], Field(max_length=64)]


class Act(_Model):
    """Something to recommend (here: an artist), with its position on every axis."""

    id: Id
    name: Name
    scene: Id = Field(
        description="Id of the scene the act belongs to (an outcome id if the bank declares no "
        "`scenes`)."
    )
    profile: dict[Id, Unit] = Field(description="Axis id → position (-1..1); every axis.")
    blurb: Text | None = Field(
        default=None,
        description="One line on what the act is (optional: left out, the pick shows its "
        "reasons only).",
    )
    facts: Facts = Field(
        default_factory=Facts, description="Checked facts (agency, debut, songs, status)."
    )
    facets: dict[Id, FacetValues] = Field(
        default_factory=dict,
        description="Facet id → the act's value (a string, for a `single` facet) or values (a "
        "list). Facets and values must be declared in `facets:`; once any act lists facets, "
        "every act gives every `single` one.",
    )


class Catalogue(_Model):
    """An act catalogue: a file of its own, named by banks' ``catalogue:`` (docs/authoring.md,
    "Acts and the catalogue file")."""

    kind: Literal["catalogue"] = Field(
        description="Declares the file a catalogue (`kind: catalogue`, the first key)."
    )
    language: Lang = Field(
        default="en", description="Language of plain-string texts (when checked on its own)."
    )
    languages: list[Lang] = Field(
        default_factory=list,
        description="Languages every text must provide when the catalogue is checked on its "
        "own; a bank using it checks it against the bank's languages.",
    )
    facets: list[Facet] = Field(
        default_factory=list,
        max_length=MAX_FACETS,
        description="The facets acts are classified by (kind of act, style ...), declared once "
        "for every bank that uses the catalogue.",
    )
    acts: list[Act] = Field(
        min_length=1, max_length=MAX_ACTS, description="The acts banks using this file recommend."
    )
    words: Words | None = Field(
        default=None,
        description="What the result calls these acts (a bank's own `words` win, key by key).",
    )
    listen: list[Listen] = Field(
        default_factory=list,
        max_length=len(LISTEN_SERVICES),
        description="Services to offer search links on for each act ('youtube-music', "
        "'spotify', 'apple-music'); none unless listed.",
    )
