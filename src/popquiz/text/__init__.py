"""The text rules every layer shares, written once: how a line of Japanese, Korean or Latin
text breaks, how many terminal cells a character takes, which characters are refused in a bank
or escaped before they reach a terminal, and per-language typography.

* :mod:`~popquiz.text.linebreak` — kinsoku, BudouX phrases, Korean word breaks, break offsets;
* :mod:`~popquiz.text.cells` — the terminal cell width of a character and of a string;
* :mod:`~popquiz.text.charclass` — the named character classes and the policies built of them
  (refused on input, escaped on output, refused by ``new``, not allowed in XML);
* :mod:`~popquiz.text.typography` — colons, brackets, list joiners, dates, the status line.

The terminal screens, the SVG and HTML cards, diagnostics' carets and ``new`` all use these.

May import: ``popquiz.i18n`` and the standard library only (``budoux`` lazily, when Japanese
text is wrapped); never rich, and no other popquiz package. ``popquiz.errors`` and every layer
import it.
"""
