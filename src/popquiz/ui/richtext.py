"""A Rich ``Text`` that breaks lines by the rules of popquiz.text.linebreak (Japanese kinsoku
and phrases, Korean between words), in every table cell, panel and export that renders it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.measure import Measurement
from rich.text import Text

from popquiz.text.cells import cell_width, is_wide
from popquiz.text.linebreak import break_offsets, min_width, script_of

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod, RenderResult
    from rich.containers import Lines


class WrapText(Text):
    """A Text that breaks lines by the rules of its script (see the module docstring)."""

    __slots__ = ()

    @classmethod
    def of(cls, text: Text) -> Text:
        """``text`` as a WrapText if it contains Korean or Japanese, else ``text`` itself."""
        if script_of(text.plain) is None:
            return text
        new = cls(
            text.plain,
            style=text.style,
            justify=text.justify,
            overflow=text.overflow or "fold",
            no_wrap=text.no_wrap,
            end=text.end,
        )
        new._spans = list(text._spans)
        return new

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        from rich.containers import Lines

        wrap_justify = justify or self.justify or "default"
        wrap_overflow = overflow or self.overflow or "fold"
        no_wrap = bool(no_wrap if no_wrap is not None else self.no_wrap) or overflow == "ignore"
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line:
                line.expand_tabs(tab_size)
            if no_wrap:
                new_lines = Lines([line])
            else:
                plain = line.plain
                new_lines = line.divide(break_offsets(plain, width, script_of(plain)))
                for piece in new_lines:
                    piece.rstrip_end(width)
            if wrap_justify:
                new_lines.justify(console, width, justify=wrap_justify, overflow=wrap_overflow)
            for piece in new_lines:
                piece.truncate(width, overflow=wrap_overflow)
            lines.extend(new_lines)
        return lines

    def __rich__(self) -> _Rendered:
        # Console.print joins the Text objects it is given into one plain Text, which would
        # lose these rules: handing Rich a non-Text renderable keeps them at the top level too.
        return _Rendered(self)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.plain
        widest = max((cell_width(line) for line in plain.split("\n")), default=0)
        return Measurement(min(min_width(plain, script_of(plain)), widest), widest)


class _Rendered:
    """What Rich renders for a WrapText: its segments and measurement, by its own rules."""

    def __init__(self, text: WrapText) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from Text.__rich_console__(self.text, console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return self.text.__rich_measure__(console, options)


def plain_text(value: str, style: str = "") -> Text:
    """Untrusted text as an inert Text: no markup, CJK may fold, other words get an ellipsis."""
    return fit(Text(value, style=style))


def fit(text: Text) -> Text:
    """Set how ``text`` may break once complete: Korean and Japanese by their own rules (see
    popquiz.text.linebreak), other text with wide characters between any two characters;
    otherwise a word too long for its column ends in '…'."""
    wide = any(is_wide(ch) for ch in text.plain)
    text.overflow = "fold" if wide else "ellipsis"
    return WrapText.of(text)
