"""Plant small bugs one at a time and report which ones no test catches (tests.md, point 10).

    .venv/bin/python benchmarks/mutants.py            # every mutant, its focused tests
    .venv/bin/python benchmarks/mutants.py --full     # every mutant against the whole suite
    .venv/bin/python benchmarks/mutants.py ROLLBACK j/k --markdown

A mutant is data: a file, an exact piece of its code, what it becomes, and what the bug is.
Each one is applied to a fresh copy of the checkout (the working tree is never touched), and
the tests that should catch it run against that copy (``PYTHONPATH`` puts the copy's ``src``
ahead of the installed popquiz). A mutant is *killed* when a test fails, *survives* when they
all pass, and *does not apply* when its code is no longer there (the code changed: update the
mutant). The first nine are the planted bugs of the test audit that no test caught; the rest
guard this round's fixes. Exit status: 1 if any mutant survives or does not apply.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str  # relative to the checkout
    old: str  # must occur exactly once in the file
    new: str
    bug: str
    tests: tuple[str, ...]  # what should catch it (the whole suite with --full)


MUTANTS: tuple[Mutant, ...] = (
    # --- the nine planted bugs that survived the audit (tests.md) -----------------------------
    Mutant(
        "balanced-bridge",
        "src/popquiz/engine/recommend.py",
        "    others = [(m, a) for m, a in ranked if a.scene not in shown]",
        "    others = [(m, a) for m, a in ranked if a.id not in {x.id for _, x in main}]",
        "the bridge ignores the scene rule (may repeat a scene the picks show)",
        ("tests/engine",),
    ),
    Mutant(
        "ROLLBACK->COMMIT",
        "src/popquiz/store/database.py",
        'conn.execute("ROLLBACK")',
        'conn.execute("COMMIT")',
        "ROLLBACK -> COMMIT in the history transaction",
        ("tests/store/test_history.py",),
    ),
    Mutant(
        "resume-order",
        "src/popquiz/engine/session.py",
        "session = cls(bank, order + missing, answers, history, answer_order, mode=mode)",
        "session = cls(bank, [q.id for q in bank.questions], answers, history, answer_order,"
        " mode=mode)",
        "resume ignores the shuffled question order",
        ("tests/engine/test_session.py",),
    ),
    Mutant(
        "resume-answer-shuffle",
        "src/popquiz/engine/session.py",
        "session = cls(bank, order + missing, answers, history, answer_order, mode=mode)",
        "session = cls(bank, order + missing, answers, history, {}, mode=mode)",
        "resume drops the answer shuffle",
        ("tests/engine/test_session.py",),
    ),
    Mutant(
        "clear-threshold",
        "src/popquiz/engine/compiled.py",
        "if excess >= rule.clear:",
        "if excess >= rule.clear + 0.01:",
        '"clear" starts 0.01 later than rule.clear',
        ("tests/engine",),
    ),
    Mutant(
        "swapped-poles",
        "src/popquiz/engine/report.py",
        'return locale.text(axis.high if pole == "high" else axis.low)',
        'return locale.text(axis.low if pole == "high" else axis.high)',
        "high/low pole swapped in the report",
        ("tests/engine", "tests/ui/test_render.py"),
    ),
    Mutant(
        "dropped-why",
        "src/popquiz/engine/report.py",
        '"why": locale.text(outcome.why) if outcome.why is not None else "",',
        '"why": "",',
        'the outcome "why" paragraph dropped from the report',
        ("tests/engine", "tests/ui/test_render.py"),
    ),
    Mutant(
        "j/k-keys",
        "src/popquiz/ui/interactive.py",
        "use_jk_keys=True,",
        "use_jk_keys=False,",
        "j/k keys disabled",
        ("tests/ui/test_pause_pty.py::test_defect_3_arrow_keys_and_j_k_move_the_pointer",),
    ),
    Mutant(
        "arrow-keys",
        "src/popquiz/ui/interactive.py",
        "use_arrow_keys=True,",
        "use_arrow_keys=False,",
        "arrow keys disabled",
        ("tests/ui/test_pause_pty.py::test_defect_3_arrow_keys_and_j_k_move_the_pointer",),
    ),
    # --- also caught before only by analysis comparing its own copy of the rule --------------
    Mutant(
        "halved-margin",
        "src/popquiz/engine/compiled.py",
        "self.lead(fits, measured) < self.margin:",
        "self.lead(fits, measured) < self.margin / 2:",
        "the margin rule halved",
        ("tests/engine/test_result_content.py", "tests/engine/test_scoring.py"),
    ),
    # --- behaviours the third test audit found unprotected (compare's axes: see
    # "compare-counts-unmeasured" below) and the missed Ctrl-C ---------------------------------
    Mutant(
        "fallback-skips-bank-language",
        "src/popquiz/i18n/__init__.py",
        'return value.get(lang) or value.get(default) or next(iter(value.values()), "")',
        'return value.get(lang) or next(iter(value.values()), "")',
        "a missing translation falls back to the first-listed language, not the bank's",
        ("tests/ui/test_bank_text_in_outputs.py",),
    ),
    Mutant(
        "resume-ignores-lang",
        "src/popquiz/store/progress.py",
        "if not lang_given and isinstance(kept, str) and kept in",
        "if isinstance(kept, str) and kept in",
        "take --resume --lang X keeps the paused language, ignoring --lang",
        ("tests/ui/test_resume_language_pty.py",),
    ),
    Mutant(
        "blurb-unescaped",
        "src/popquiz/ui/card.py",
        """out.append(f'<p class="note">{esc(pick.blurb)}</p>')""",
        """out.append(f'<p class="note">{pick.blurb}</p>')""",
        "an act's blurb reaches the HTML card unescaped",
        ("tests/ui/test_bank_text_in_outputs.py",),
    ),
    Mutant(
        "markdown-pipe",
        "src/popquiz/ui/export.py",
        '_MD_SPECIAL = re.compile(r"([\\\\`*_\\[\\]<>#|~$])")',
        '_MD_SPECIAL = re.compile(r"([\\\\`*_\\[\\]<>#~$])")',
        "a | in bank text is not escaped in the Markdown export (breaks table rows)",
        ("tests/ui/test_bank_text_in_outputs.py",),
    ),
    Mutant(
        "resume-question-misses-ctrl-c",
        "src/popquiz/ui/interactive.py",
        "answer = read_line(question).strip().lower()\n    return not answer or answer[0] not in"
        ' "n아いノ"\n\n\ndef _import',
        "answer = input(question).strip().lower()\n    return not answer or answer[0] not in"
        ' "n아いノ"\n\n\ndef _import',
        "a Ctrl-C that does not interrupt read() at the resume question is missed",
        (
            "tests/ui/test_pause_pty.py::test_C5_a_ctrl_c_that_does_not_interrupt_the_read_still_stops_the_resume_question",
        ),
    ),
    # --- this round's fixes -----------------------------------------------------------------
    Mutant(
        "no-checkpoint",
        "src/popquiz/cli/main.py",
        "        history.close_all()",
        "        pass",
        "stores left open at exit: results live only in the -wal (C4)",
        ("tests/store/test_history.py",),
    ),
    Mutant(
        "empty-main-file",
        "src/popquiz/store/database.py",
        "if not head and wal.is_file() and wal.stat().st_size > 0:",
        "if False:",
        "a 0-byte main file beside a -wal taken for a new database (C4)",
        ("tests/store/test_history.py",),
    ),
    Mutant(
        "foreign-database",
        "src/popquiz/store/database.py",
        "        _check_not_foreign(conn)  # before anything is changed (WAL mode is permanent)",
        "        pass",
        "another application's database switched to WAL and moved aside (minor 1)",
        ("tests/store/test_history.py",),
    ),
    Mutant(
        "fifo-read",
        "src/popquiz/bank/safeio.py",
        "if not stat.S_ISREG(info.st_mode):",
        "if stat.S_ISDIR(info.st_mode):",
        "a FIFO or device is read (C1)",
        (
            "tests/store/test_bankcache.py",
            "tests/test_hostile.py::test_a_fifo_does_not_hang_the_loader",
        ),
    ),
    Mutant(
        "output-onto-a-fifo",
        "src/popquiz/store/outputs.py",
        "if not stat.S_ISREG(info.st_mode):",
        "if stat.S_ISDIR(info.st_mode):",
        "an export replaces a FIFO or device (C3)",
        ("tests/cli/test_streams_and_outputs.py",),
    ),
    Mutant(
        "shuffle-ignores-conditions",
        "src/popquiz/engine/session.py",
        "deps.discard(qid)",
        "deps.clear()",
        "shuffling puts a question before the one its condition names",
        ("tests/engine/test_session.py",),
    ),
    Mutant(
        "stale-answer-order",
        "src/popquiz/engine/session.py",
        "fixed = kept + [a for a in current if a not in kept]",
        "fixed = list(ids)",
        "a saved answer order trusted after the bank changed (M5)",
        ("tests/engine/test_session.py",),
    ),
    Mutant(
        "paused-quiz-overwritten",
        "src/popquiz/store/progress.py",
        "    if current is not None and not session.history:",
        "    if False:",
        "pausing with nothing answered overwrites a paused quiz (C5)",
        ("tests/ui/test_pause_pty.py",),
    ),
    Mutant(
        "raw-file-names",
        "src/popquiz/store/library.py",
        'return printable(f"warning: skipped {self.path} ({self.source}): {self.message}")',
        'return f"warning: skipped {self.path} ({self.source}): {self.message}"',
        "file names reach the terminal raw (C2)",
        ("tests/test_hostile.py",),
    ),
    # --- a friend's result file (compare) and strict JSON output ------------------------------
    Mutant(
        "compare-counts-unmeasured",
        "src/popquiz/engine/compare.py",
        'both = bool(x["measured"]) and bool(y["measured"])',
        'both = bool(x["measured"]) or bool(y["measured"])',
        "the similarity counts an axis only one result measured",
        ("tests/engine/test_compare.py",),
    ),
    Mutant(
        "json-nan-accepted",
        "src/popquiz/bank/jsonsafe.py",
        '    return _Bad(f"is not a finite number ({literal})")',
        "    return float(literal)  # type: ignore[return-value]",
        "NaN and Infinity in a friend's file are read as numbers",
        ("tests/cli/test_compare_and_history_export.py", "tests/bank/test_jsonsafe.py"),
    ),
    Mutant(
        "json-depth-unchecked",
        "src/popquiz/bank/jsonsafe.py",
        "    if deepest > MAX_DEPTH:",
        "    if deepest > 10**9:",
        "deep nesting reaches json's recursive decoder",
        ("tests/cli/test_compare_and_history_export.py", "tests/bank/test_jsonsafe.py"),
    ),
    Mutant(
        "json-output-allows-nan",
        "src/popquiz/cli/common.py",
        "json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)",
        "json.dumps(data, ensure_ascii=False, indent=2)",
        "--json output may print NaN, which strict parsers refuse",
        ("tests/cli/test_compare_and_history_export.py",),
    ),
    Mutant(
        "raw-stored-text",
        "src/popquiz/store/results.py",
        "        if FORBIDDEN.search(data) is None and hidden_char(data) is None:",
        "        if True:",
        "text read back from the history database reaches the terminal raw (N12)",
        ("tests/store/test_history_stored_text.py",),
    ),
    Mutant(
        "read-only-folder-unreadable",
        "src/popquiz/store/database.py",
        'return _open_read_only(path, schema, "mode=ro&immutable=1")',
        'return _open_read_only(path, schema, "mode=ro")',
        "a WAL history in a read-only folder cannot be listed (N5)",
        ("tests/store/test_history_readonly.py",),
    ),
    Mutant(
        "silent-lock-wait",
        "src/popquiz/store/database.py",
        "            self._on_wait()\n",
        "            pass\n",
        "waiting for another process's lock on the history says nothing (N4)",
        ("tests/store/test_history_locks.py",),
    ),
    Mutant(
        "locked-result-lost",
        "src/popquiz/cli/take.py",
        "            kept = store.keep_aside(report)",
        "            kept = store.path or store.keep_aside(report)",
        "a result the history's lock keeps out is not kept aside (N4)",
        ("tests/store/test_history_locks.py",),
    ),
)


def _copy_checkout(target: Path) -> None:
    ignore = shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", ".hypothesis")
    for item in ("src", "tests", "quizzes", "schema", "docs", "benchmarks"):
        if (ROOT / item).exists():
            shutil.copytree(ROOT / item, target / item, ignore=ignore)
    for item in ("pyproject.toml", "README.md", "SECURITY.md"):
        shutil.copy2(ROOT / item, target / item)


def run_one(mutant: Mutant, full: bool, scratch: Path) -> tuple[str, float]:
    """``("killed" | "survived" | "does not apply", seconds)``."""
    copy = scratch / "checkout"
    if copy.exists():
        shutil.rmtree(copy)
    _copy_checkout(copy)
    path = copy / mutant.file
    code = path.read_text(encoding="utf-8")
    if code.count(mutant.old) != 1:
        return "does not apply", 0.0
    path.write_text(code.replace(mutant.old, mutant.new), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("POPQUIZ_CACHE_DIR", None)
    tests = ["tests"] if full else list(mutant.tests)
    started = time.perf_counter()
    # One process (no xdist workers): a mutant's few test files start faster, and with workers
    # pytest reports a stop at the first failure as exit 2 (interrupted), not 1 (failed).
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    proc = subprocess.run(
        [*command, "-p", "no:xdist", *tests],
        cwd=copy,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode == 1:
        return "killed", elapsed
    if proc.returncode == 0:
        return "survived", elapsed
    return f"error (pytest exit {proc.returncode}): {proc.stdout[-300:]}", elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only mutants whose name contains one of these")
    parser.add_argument("--full", action="store_true", help="run the whole suite per mutant")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.names or any(n in m.name for n in args.names)]
    rows = []
    with tempfile.TemporaryDirectory(prefix="popquiz-mutants-") as tmp:
        for mutant in chosen:
            verdict, seconds = run_one(mutant, args.full, Path(tmp))
            rows.append((mutant.name, mutant.file.removeprefix("src/popquiz/"), mutant.bug,
                         verdict, f"{seconds:.0f} s"))  # fmt: skip
            print(f"{verdict:>15}  {mutant.name}: {mutant.bug}", file=sys.stderr, flush=True)
    head = ("mutant", "file", "planted bug", "result", "time")
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in rows:
            print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    else:
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        for row in [head, *rows]:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    bad = [r for r in rows if r[3] != "killed"]
    print(f"\n{len(rows) - len(bad)} of {len(rows)} mutants killed", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
