"""Korean particles after a filled-in value: 와/과, 을/를, 이/가, 은/는 and 로/으로 depend on
whether the word before them ends in a final consonant (받침), and that word is often a bank's
text (a pole label, a file name), so a template cannot fix the particle in advance.

A Korean message writes the particle after a placeholder in the combined form a Korean
interface uses when the word is unknown ("{low}”와(과)", "{path}을(를)", "{name}(으)로"), with
only closing quotes or brackets between them. :func:`fill` fills the template and, where the
value ends in a Hangul syllable, writes the one particle that syllable takes; after anything
else (a Latin letter, a digit, a symbol) the combined form stays, which reads correctly either
way. Only particles the template wrote are resolved: a value's own text is never changed.
"""

from __future__ import annotations

import re
from string import Formatter

# combined form -> (after a syllable with no final consonant, after one with a final consonant)
PARTICLES = {
    "와(과)": ("와", "과"),
    "을(를)": ("를", "을"),
    "이(가)": ("가", "이"),
    "은(는)": ("는", "은"),
    "(으)로": ("로", "으로"),
}
_AFTER_VALUE = re.compile(r"([”’」』)\]\"']*)(" + "|".join(re.escape(p) for p in PARTICLES) + ")")
_FIRST, _LAST = 0xAC00, 0xD7A3  # Hangul syllables
_RIEUL = 8  # the final-consonant index of ㄹ, after which 로 (not 으로) follows


def particle(word: str, combined: str) -> str:
    """The particle ``combined`` (a key of :data:`PARTICLES`) as it follows ``word``; the
    combined form itself when ``word`` does not end in a Hangul syllable."""
    plain, final = PARTICLES[combined]
    last = word.rstrip()[-1:]
    if not last or not _FIRST <= ord(last) <= _LAST:
        return combined
    coda = (ord(last) - _FIRST) % 28
    if coda == 0 or (combined == "(으)로" and coda == _RIEUL):
        return plain
    return final


def fill(template: str, values: dict[str, object]) -> str:
    """``template.format(**values)``, with each combined particle that directly follows a
    placeholder (closing quotes and brackets between them) resolved for that placeholder's
    value."""
    formatter = Formatter()
    out: list[str] = []
    before: str | None = None  # the value just filled in, if the literal follows one
    for literal, field, spec, conversion in formatter.parse(template):
        if before is not None and literal:
            found = _AFTER_VALUE.match(literal)
            if found:
                closing, combined = found.groups()
                literal = closing + particle(before, combined) + literal[found.end() :]
        out.append(literal)
        if field is None:
            before = None
            continue
        value = formatter.convert_field(formatter.get_field(field, (), values)[0], conversion)
        before = formatter.format_field(value, spec or "")
        out.append(before)
    return "".join(out)
