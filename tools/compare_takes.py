"""Record, or compare against a record, what seeded takes of every shipped bank print.

A refactoring promises "no change in behaviour": this script makes the promise checkable. For
each shipped bank it plays 200 seeded random takes (languages in turn) through the real command
line, in-process, and keeps what each prints: `take --json`, the result screen (rich and
`--plain`, 80 columns, no colour), the adaptive and quick `--json`, and for every tenth seed the
Markdown, HTML, SVG and JSON exports.

    python tools/compare_takes.py --save /tmp/before     # on the old checkout
    python tools/compare_takes.py --check /tmp/before    # on the new one: exit 1 on any change

Runs with a throw-away POPQUIZ_HOME and cache, so no history line ("last time …") leaks in.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BANKS = sorted(
    p
    for p in (ROOT / "quizzes").rglob("*.yaml")
    if not p.name.endswith("-acts.yaml") and "kind: catalogue" not in p.read_text("utf-8")[:400]
)
LANGS = ("en", "ko", "ja")
TAKES = 200


def cases(bank: Path, tmp: Path) -> Iterator[tuple[str, list[str], Path | None]]:
    """(name, argv, export file or None) for every recorded output of one bank."""
    stem = bank.stem
    for seed in range(TAKES):
        lang = LANGS[seed % 3]
        base = ["take", str(bank), "--random", "--seed", str(seed), "--lang", lang, "--no-save"]
        yield f"{stem}/{seed:03d}-{lang}.json", [*base, "--json"], None
        if seed % 4 == 0:
            yield f"{stem}/{seed:03d}-{lang}.screen.txt", [*base, "--no-color"], None
            yield f"{stem}/{seed:03d}-{lang}.plain.txt", [*base, "--plain"], None
        if seed % 5 == 0:
            yield f"{stem}/{seed:03d}-{lang}.adaptive.json", [*base, "--adaptive", "--json"], None
            yield f"{stem}/{seed:03d}-{lang}.quick.json", [*base, "--quick", "--json"], None
        if seed % 10 == 0:
            for ext in ("md", "html", "svg", "json"):
                out = tmp / f"{stem}-{seed}.{ext}"
                yield (
                    f"{stem}/{seed:03d}-{lang}.export.{ext}",
                    [*base, "--json", "--export", str(out)],
                    out,
                )


def run_case(argv: list[str], export: Path | None) -> str:
    from popquiz.cli import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = run(argv)
    text = f"exit {status}\n--- stdout\n{out.getvalue()}--- stderr\n{err.getvalue()}"
    if export is not None:
        text += "--- export\n" + export.read_text("utf-8")
        export.unlink()
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path, help="write the outputs to this directory")
    mode.add_argument("--check", type=Path, help="compare the outputs with this directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ.update(
            POPQUIZ_HOME=home,
            POPQUIZ_CACHE_DIR=str(Path(home) / "cache"),
            COLUMNS="80",
            LINES="24",
            TERM="dumb",
            NO_COLOR="1",
        )
        os.environ.pop("POPQUIZ_LINKS", None)
        tmp = Path(home) / "exports"
        tmp.mkdir()
        total = differ = 0
        for bank in BANKS:
            for name, argv, export in cases(bank, tmp):
                total += 1
                text = run_case(argv, export)
                if args.save is not None:
                    target = args.save / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, "utf-8")
                    continue
                before_path = args.check / name
                before = before_path.read_text("utf-8") if before_path.exists() else "(missing)"
                if before != text:
                    differ += 1
                    if differ <= 5:
                        sys.stdout.writelines(
                            difflib.unified_diff(
                                before.splitlines(keepends=True),
                                text.splitlines(keepends=True),
                                f"before/{name}",
                                f"after/{name}",
                                n=1,
                            )
                        )
    banks = ", ".join(b.name for b in BANKS)
    if args.save is not None:
        print(f"saved {total} outputs of {banks} to {args.save}")
        return 0
    print(f"{total - differ} of {total} outputs identical ({banks}); {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
