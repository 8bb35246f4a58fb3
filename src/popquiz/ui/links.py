"""Listen links: search URLs for a recommended song on YouTube Music, Spotify and Apple Music.

popquiz builds and URL-encodes them itself and fetches nothing, and only for the services a
bank (or its catalogue) lists in `listen:`: a bank that lists none gets no links anywhere. They
go into the HTML card, the Markdown export and, where the terminal is known to support them,
OSC 8 terminal hyperlinks; ``POPQUIZ_LINKS=0`` keeps them out of every output.

Terminal hyperlinks are produced only here, from these URLs (never from bank text), and only
when :func:`terminal_links` says so: not with ``--plain``, not when stdout is not a terminal,
not when ``POPQUIZ_LINKS=0`` (the off switch), and otherwise only in terminals that advertise
support (``POPQUIZ_LINKS=1`` forces them on for any terminal).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import quote, quote_plus


class Link(NamedTuple):
    service: str  # the service's own name (not translated)
    url: str


def listen_links(act: str, song: str | None, services: tuple[str, ...]) -> list[Link]:
    """Search links for ``song`` by ``act`` (or the act alone when no song is known) on the
    ``services`` a bank lists (none: no links at all)."""
    query = f"{act} {song}" if song else act
    every = {
        "youtube-music": Link(
            "YouTube Music", "https://music.youtube.com/search?q=" + quote_plus(query)
        ),
        "spotify": Link("Spotify", "https://open.spotify.com/search/" + quote(query, safe="")),
        "apple-music": Link(
            "Apple Music", "https://music.apple.com/search?term=" + quote_plus(query)
        ),
    }
    return [every[s] for s in services if s in every]


def links_off(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the user switched listen links off (``POPQUIZ_LINKS=0``): then no output, not
    even a file, carries them."""
    env = os.environ if environ is None else environ
    return env.get("POPQUIZ_LINKS", "").strip().lower() in ("0", "no", "off", "false")


# Terminals known to draw OSC 8 hyperlinks (and to ignore nothing else they are sent), by the
# variables they set. Anything not listed gets plain text: an unknown terminal may print the
# escape sequence's parameters literally.
_PROGRAMS = {"iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "Tabby", "rio"}
_TERMS = ("xterm-kitty", "foot", "wezterm", "xterm-ghostty", "alacritty", "contour")


def terminal_links(
    *, plain: bool, is_terminal: bool, environ: Mapping[str, str] | None = None
) -> bool:
    """Whether the result screen may carry OSC 8 hyperlinks."""
    env = os.environ if environ is None else environ
    if plain or not is_terminal:
        return False
    switch = env.get("POPQUIZ_LINKS", "").strip().lower()
    if switch in ("0", "no", "off", "false"):
        return False
    if switch in ("1", "yes", "on", "true"):
        return True
    if env.get("TERM", "") == "dumb":
        return False
    if env.get("TERM_PROGRAM", "") in _PROGRAMS:
        return True
    if any(env.get("TERM", "").startswith(term) for term in _TERMS):
        return True
    if env.get("WT_SESSION") or env.get("KITTY_WINDOW_ID") or env.get("DOMTERM"):
        return True
    vte = env.get("VTE_VERSION", "")
    if vte.isdigit() and int(vte) >= 5000:  # GNOME Terminal, Tilix, ... (VTE 0.50+)
        return True
    konsole = env.get("KONSOLE_VERSION", "")
    return konsole.isdigit() and int(konsole) >= 200400
