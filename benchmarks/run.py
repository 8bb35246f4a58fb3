"""popquiz benchmarks: startup, first question, scale and memory, each against its baseline.

Run from the repository root with the project's virtualenv (see benchmarks/README.md):

    .venv/bin/python benchmarks/run.py             # every figure, 9 timed runs each
    .venv/bin/python benchmarks/run.py --runs 15 --only help,validate
    .venv/bin/python benchmarks/run.py --check     # exit 1 if any target is missed

Every figure is the median wall-clock time of ``--runs`` fresh processes after one warm-up run;
the figure and its baseline are measured in the same invocation, interleaved (A B B A ...) so
that drift in machine load affects both alike. Peak memory is each child's ``ru_maxrss`` read
with ``os.wait4`` (the largest over the timed runs). The script only reports: it exits 0 unless
``--check`` is given and a target is missed. Timing assertions never belong in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
DEFAULT_BANK = ROOT / "quizzes" / "kpop-vs-jpop.yaml"
PY = sys.executable
POPQUIZ = [PY, "-m", "popquiz"]
MINIMAL_HELP = [PY, str(BENCH / "minimal_app.py"), "--help"]
MIB = 1024 * 1024


# --- measuring one process ---------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    rss: int | None  # peak resident set size in bytes (None where the OS cannot tell)
    status: int
    output: str = ""
    cpu: float | None = None  # user + system CPU seconds (None where the OS cannot tell)


def run_once(argv: Sequence[str], env: dict[str, str], *, capture: bool = False) -> Run:
    """Start ``argv``, wait for it, and return its wall time, peak RSS, CPU time and exit
    status."""
    with tempfile.TemporaryFile() as sink:
        out: Any = sink if capture else subprocess.DEVNULL
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), stdin=subprocess.DEVNULL, stdout=out, stderr=out, env=env, cwd=ROOT
        )
        rss: int | None = None
        cpu: float | None = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            # Linux reports KiB, macOS bytes.
            rss = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
            cpu = usage.ru_utime + usage.ru_stime
        else:  # pragma: no cover - Windows
            proc.wait()
            seconds = time.perf_counter() - start
        output = ""
        if capture:
            sink.seek(0)
            output = sink.read().decode("utf-8", "replace")
        return Run(seconds, rss, proc.returncode, output, cpu)


# --- the pseudo-terminal figure ----------------------------------------------------------

_GAP = r"(?:\s|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|[│╭╮╰╯─])+"


def words_pattern(text: str, words: int = 4) -> str:
    """A regex for the first words of ``text`` as a terminal shows them: any run of spaces,
    line breaks, escape sequences or box-drawing borders may sit between two words."""
    return _GAP.join(re.escape(w) for w in text.split()[:words])


def _texts(value: Any, lang: str = "en") -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or next(iter(value.values())))
    return str(value)


def pty_targets(bank: Path) -> tuple[str, str, str, str]:
    """(welcome regex, first-choices regex, and both as plain text) for ``bank``."""
    import yaml

    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    title = _texts(data["title"])
    first = next(q for q in data["questions"] if not q.get("when"))
    if first.get("kind") == "likert":
        answer = "Strongly disagree"
    else:
        answer = _texts(first["answers"][0]["text"])
    return words_pattern(title), words_pattern(answer), title, answer


@dataclass
class PtyRun:
    seconds: float
    status: int = 0
    output: str = ""


def pty_first_question(
    env: dict[str, str], welcome: str, choices: str, timeout: float, template: Path | None = None
) -> PtyRun:
    """Launch bare ``popquiz`` in a pty, press Enter the moment the welcome shows, stop when
    the first question's choices are on screen.

    Each run gets a home of its own (the run is interrupted, which saves progress that the next
    run would otherwise report): a copy of ``template`` (a returning user's home: history, no
    saved progress), or an empty folder (a first run).
    """
    import pexpect  # type: ignore[import-untyped,unused-ignore]

    home = tempfile.mkdtemp(prefix="popquiz-bench-")
    if template is not None:
        shutil.copytree(template, home, dirs_exist_ok=True)
    child_env = {**env, "POPQUIZ_HOME": home}
    child = None
    try:
        start = time.perf_counter()
        child = pexpect.spawn(
            POPQUIZ[0],
            POPQUIZ[1:],
            env=child_env,
            cwd=str(ROOT),
            dimensions=(50, 160),
            encoding="utf-8",
            codec_errors="replace",
            timeout=timeout,
        )
        child.delaybeforesend = None  # pexpect waits 50 ms before each send by default
        child.expect(welcome)
        child.send("\r")
        child.expect(choices)
        seconds = time.perf_counter() - start
        return PtyRun(seconds)
    except Exception as exc:  # pexpect.TIMEOUT / EOF: report what the screen showed
        seen = ""
        if child is not None:
            seen = str(child.before or "")[-400:]
        return PtyRun(0.0, 1, f"{type(exc).__name__}; last output: {seen!r}")
    finally:
        if child is not None:
            _stop(child)
        shutil.rmtree(home, ignore_errors=True)


def pty_command(env: dict[str, str], argv: Sequence[str], timeout: float) -> PtyRun:
    """Run ``argv`` to completion in a pty (the baseline pays the same pty costs)."""
    import pexpect  # type: ignore[import-untyped,unused-ignore]

    start = time.perf_counter()
    child = pexpect.spawn(
        argv[0], list(argv[1:]), env=env, cwd=str(ROOT), encoding="utf-8", timeout=timeout
    )
    try:
        child.expect(pexpect.EOF)
        seconds = time.perf_counter() - start
    finally:
        child.close()
    return PtyRun(seconds, child.exitstatus or 0, str(child.before or ""))


def _stop(child: Any) -> None:
    import pexpect  # type: ignore[import-untyped,unused-ignore]

    with suppress(Exception):
        if child.isalive():
            child.sendcontrol("c")
            child.expect(pexpect.EOF, timeout=5)
    with suppress(Exception):
        child.close(force=True)


# --- figures -----------------------------------------------------------------------------


@dataclass
class Series:
    label: str
    times: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak(self) -> int | None:
        return max(self.rss) if self.rss else None


@dataclass
class Row:
    figure: str
    value: str
    baseline: str = "—"
    ratio: str = "—"
    target: str = "—"
    peak: str = "—"
    result: str = "—"  # PASS / FAIL / n/a


@dataclass
class Figure:
    key: str
    title: str
    measure: Callable[[Context], list[Row]]


@dataclass
class Context:
    runs: int
    env: dict[str, str]
    timeout: float
    tmp: Path
    banks: dict[int, Path] = field(default_factory=dict)

    def bank(self, questions: int) -> Path:
        if questions not in self.banks:
            sys.path.insert(0, str(BENCH))
            from gen_bank import make_bank

            path = self.tmp / f"bank-{questions}.yaml"
            path.write_text(make_bank(questions), encoding="utf-8")
            self.banks[questions] = path
        return self.banks[questions]


Job = Callable[[], "Run | PtyRun"]


def interleaved(
    ctx: Context, jobs: dict[str, Job], ok: Callable[[str, Any], str | None]
) -> dict[str, Series]:
    """Warm each job up once (checking its result with ``ok``), then time ``ctx.runs`` rounds,
    alternating the order every round."""
    series = {name: Series(name) for name in jobs}
    for name, job in jobs.items():
        first = job()
        series[name].error = ok(name, first)
    live = [n for n in jobs if series[n].error is None]
    for i in range(ctx.runs):
        for name in live if i % 2 == 0 else list(reversed(live)):
            result = jobs[name]()
            problem = ok(name, result)
            if problem is not None:
                series[name].error = problem
                continue
            series[name].times.append(result.seconds)
            rss = getattr(result, "rss", None)
            if rss is not None:
                series[name].rss.append(rss)
            cpu = getattr(result, "cpu", None)
            if cpu is not None:
                series[name].cpus.append(cpu)
    for s in series.values():
        if s.error is None and not s.times:
            s.error = "no successful run"
    return series


def _exit_ok(*allowed: int) -> Callable[[str, Any], str | None]:
    def check(name: str, result: Any) -> str | None:
        if result.status in allowed:
            return None
        tail = " ".join(str(getattr(result, "output", "")).split())[-300:]
        return f"exit status {result.status}" + (f": {tail}" if tail else "")

    return check


def _cmd(ctx: Context, argv: Sequence[str], capture: bool = False) -> Job:
    def job() -> Run:
        return run_once(argv, ctx.env, capture=capture)

    return job


def _secs(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _mib(rss: int | None) -> str:
    return "—" if rss is None else f"{rss / MIB:.1f} MiB"


def ratio_rows(
    title: str,
    series: dict[str, Series],
    main: str,
    base: str,
    max_ratio: float,
    max_seconds: float | None = None,
) -> list[Row]:
    s, b = series[main], series[base]
    if s.error or b.error:
        which = s if s.error else b
        return [Row(title, f"n/a ({which.label}: {which.error})", result="n/a")]
    ratio = s.median / b.median
    passed = ratio <= max_ratio and (max_seconds is None or s.median <= max_seconds)
    target = f"ratio ≤ {max_ratio:g}"
    if max_seconds is not None:
        target += f", ≤ {max_seconds:g} s"
    return [
        Row(
            title,
            _secs(s.median),
            f"{_secs(b.median)} ({b.label})",
            f"{ratio:.2f}",
            target,
            _mib(s.peak),
            "PASS" if passed else "FAIL",
        )
    ]


def info_row(title: str, series: dict[str, Series], main: str, base: str) -> Row:
    """A reference point with no target (e.g. the floor a figure cannot go below)."""
    s, b = series[main], series[base]
    if s.error or b.error:
        which = s if s.error else b
        return Row(title, f"n/a ({which.label}: {which.error})", result="info")
    return Row(
        title,
        _secs(s.median),
        f"{_secs(b.median)} (same baseline)",
        f"{s.median / b.median:.2f}",
        peak=_mib(s.peak),
        result="info",
    )


def cpu_row(series: dict[str, Series], main: str, base: str) -> list[Row]:
    """The same ratio in CPU time (user + system): on a machine shared with other work, wall
    time also counts the waiting for a core, CPU time much less."""
    s, b = series[main], series[base]
    if s.error or b.error or not s.cpus or not b.cpus:
        return []
    ratio = statistics.median(s.cpus) / statistics.median(b.cpus)
    return [
        Row(
            "  the same in CPU time",
            _secs(statistics.median(s.cpus)),
            f"{_secs(statistics.median(b.cpus))} (same baseline)",
            f"{ratio:.2f}",
            result="info",
        )
    ]


def memory_row(title: str, s: Series, max_mib: float) -> Row:
    if s.error or s.peak is None:
        return Row(title, "n/a", target=f"≤ {max_mib:g} MiB", result="n/a")
    mib = s.peak / MIB
    return Row(
        title,
        f"{mib:.1f} MiB",
        target=f"≤ {max_mib:g} MiB",
        peak=f"{mib:.1f} MiB",
        result="PASS" if mib <= max_mib else "FAIL",
    )


def fig_help(ctx: Context) -> list[Row]:
    series = interleaved(
        ctx,
        {"popquiz --help": _cmd(ctx, [*POPQUIZ, "--help"]), "minimal app": _cmd(ctx, MINIMAL_HELP)},
        _exit_ok(0),
    )
    return ratio_rows("popquiz --help", series, "popquiz --help", "minimal app", 1.05)


def fig_validate(ctx: Context) -> list[Row]:
    series = interleaved(
        ctx,
        {
            "validate": _cmd(ctx, [*POPQUIZ, "validate", str(DEFAULT_BANK)]),
            "minimal app": _cmd(ctx, MINIMAL_HELP),
        },
        _exit_ok(0),
    )
    rows = ratio_rows("popquiz validate (default bank)", series, "validate", "minimal app", 1.3)
    return rows + cpu_row(series, "validate", "minimal app")


def fig_first_question(ctx: Context) -> list[Row]:
    title = "first question on screen (pty)"
    try:
        import pexpect  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
    except ImportError:
        return [Row(title, "n/a (pexpect not installed: pip install -e '.[test]')", result="n/a")]
    probe = run_once(
        [
            PY,
            "-c",
            "import importlib.util as u, sys; "
            "sys.exit(u.find_spec('popquiz.ui.interactive') is None)",
        ],
        ctx.env,
    )
    if probe.status != 0:
        return [Row(title, "n/a (interactive UI missing)", result="n/a")]
    welcome, choices, welcome_text, choice_text = pty_targets(DEFAULT_BANK)
    env = {
        **ctx.env,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm-256color",
        "LC_ALL": "C.UTF-8",  # the bank's default language (en), whatever the host locale
        "LANG": "C.UTF-8",
    }
    env.pop("NO_COLOR", None)
    baseline = [PY, "-c", "import questionary, rich.console, yaml"]
    # A returning user's home: a history database, no saved progress.
    template = ctx.tmp / "returning-home"
    made = run_once(
        [*POPQUIZ, "take", "--random", "--json"], {**env, "POPQUIZ_HOME": str(template)}
    )
    if made.status != 0:
        return [Row(title, f"n/a (could not prepare a home: exit {made.status})", result="n/a")]

    def cold() -> PtyRun:
        with fresh_cache(env) as first_env:
            return pty_first_question(first_env, welcome, choices, ctx.timeout)

    series = interleaved(
        ctx,
        {
            "popquiz": lambda: pty_first_question(env, welcome, choices, ctx.timeout, template),
            "import questionary, rich.console, yaml": lambda: pty_command(
                env, baseline, ctx.timeout
            ),
            "cold": cold,
        },
        _exit_ok(0),
    )
    rows = ratio_rows(title, series, "popquiz", "import questionary, rich.console, yaml", 1.15)
    rows.append(
        info_row(
            "  first run (empty cache, no history)",
            series,
            "cold",
            "import questionary, rich.console, yaml",
        )
    )
    if series["popquiz"].error:
        rows[0].value = (
            f"n/a (waited for {welcome_text[:30]!r} then {choice_text[:30]!r}: "
            f"{series['popquiz'].error})"
        )
    return rows


@contextmanager
def fresh_cache(env: dict[str, str]) -> Iterator[dict[str, str]]:
    """``env`` with an empty home and an empty compiled-bank cache: popquiz's very first run."""
    folder = Path(tempfile.mkdtemp(prefix="popquiz-bench-cold-"))
    try:
        yield {**env, "POPQUIZ_HOME": str(folder / "home"), "POPQUIZ_CACHE_DIR": str(folder / "c")}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fig_take_json(ctx: Context) -> list[Row]:
    take = [*POPQUIZ, "take", "--random", "--seed", "1", "--json"]
    check_exit = _exit_ok(0)

    def check(name: str, result: Any) -> str | None:
        problem = check_exit(name, result)
        if problem is None and name == "take" and result.output:
            try:
                json.loads(result.output)
            except ValueError:
                return "output is not one JSON document"
        return problem

    jobs: dict[str, Job] = {}
    first = [True]

    def take_job() -> Run:
        capture = first[0]  # parse the warm-up's output once; time the rest to /dev/null
        first[0] = False
        return run_once(take, ctx.env, capture=capture)

    jobs["take"] = take_job
    jobs["import typer, rich.console, questionary, yaml"] = _cmd(
        ctx, [PY, "-c", "import typer, rich.console, questionary, yaml"]
    )

    def cold() -> Run:
        with fresh_cache(ctx.env) as first_env:
            return run_once(take, first_env)

    jobs["cold"] = cold
    series = interleaved(ctx, jobs, check)
    rows = ratio_rows(
        "popquiz take --random --seed 1 --json",
        series,
        "take",
        "import typer, rich.console, questionary, yaml",
        0.45,
    )
    rows.append(
        info_row(
            "  first run (empty cache, no history)",
            series,
            "cold",
            "import typer, rich.console, questionary, yaml",
        )
    )
    rows.append(memory_row("peak memory: take --random --json", series["take"], 60))
    return rows


def _validate_default(ctx: Context) -> Job:
    return _cmd(ctx, [*POPQUIZ, "validate", str(DEFAULT_BANK)])


def fig_validate_scale(ctx: Context) -> list[Row]:
    """Validating the largest bank the format allows, against the default bank."""
    big = ctx.bank(10_000)
    series = interleaved(
        ctx,
        {
            "10,000 questions": _cmd(ctx, [*POPQUIZ, "validate", str(big)]),
            "validate (default bank)": _validate_default(ctx),
        },
        _exit_ok(0),
    )
    rows = ratio_rows(
        "validate 10,000-question bank",
        series,
        "10,000 questions",
        "validate (default bank)",
        3,
    )
    return rows + cpu_row(series, "10,000 questions", "validate (default bank)")


def catalogue_bank(ctx: Context, acts: int) -> Path:
    """The default bank with a catalogue of ``acts`` acts: the default catalogue's acts (three
    languages, facts, songs) repeated under new ids, as a large real catalogue would read."""
    folder = ctx.tmp / f"catalogue-{acts}"
    bank = folder / DEFAULT_BANK.name
    if bank.exists():
        return bank
    folder.mkdir()
    source = (DEFAULT_BANK.parent / "kpop-vs-jpop-acts.yaml").read_text(encoding="utf-8")
    head, body = source.split("\nacts:\n", 1)
    items = [i for i in re.split(r"(?m)^(?=  - id: )", body) if i.startswith("  - id: ")]
    out = []
    for n in range(acts):
        item = items[n % len(items)]
        out.append(re.sub(r"^(  - id: \S+)", rf"\g<1>-{n}", item, count=1))
    (folder / "kpop-vs-jpop-acts.yaml").write_text(
        head + "\nacts:\n" + "".join(out), encoding="utf-8"
    )
    shutil.copyfile(DEFAULT_BANK, bank)
    return bank


def fig_catalogue(ctx: Context) -> list[Row]:
    """A catalogue at the act limit (2,000) is checked, and one far over it (5,000) refused,
    each against the default bank's validate."""
    limit, over = catalogue_bank(ctx, 2_000), catalogue_bank(ctx, 5_000)
    check_exit = _exit_ok(0)
    refused_exit = _exit_ok(1)

    def check(name: str, result: Any) -> str | None:
        return (refused_exit if name == "5,000 acts" else check_exit)(name, result)

    series = interleaved(
        ctx,
        {
            "2,000 acts": _cmd(ctx, [*POPQUIZ, "validate", str(limit)]),
            "5,000 acts": _cmd(ctx, [*POPQUIZ, "validate", str(over)]),
            "validate (default bank)": _validate_default(ctx),
        },
        check,
    )
    base = "validate (default bank)"
    return [
        *ratio_rows("validate a 2,000-act catalogue", series, "2,000 acts", base, 2),
        *cpu_row(series, "2,000 acts", base),
        *ratio_rows("refuse a 5,000-act catalogue", series, "5,000 acts", base, 1),
        *cpu_row(series, "5,000 acts", base),
    ]


def _has_analyze(ctx: Context) -> bool:
    return run_once([*POPQUIZ, "analyze", "--help"], ctx.env).status == 0


def fig_analyze(ctx: Context) -> list[Row]:
    """``analyze`` against ``validate`` of the same bank: the default bank and a 40-question,
    4-answer, 6-axis one."""
    titles = ("popquiz analyze (default bank)", "popquiz analyze (40 questions, 4×6)")
    if not _has_analyze(ctx):
        return [Row(t, "n/a (popquiz analyze missing)", result="n/a") for t in titles]
    forty = ctx.bank(40)
    series = interleaved(
        ctx,
        {
            "analyze (default bank)": _cmd(ctx, [*POPQUIZ, "analyze", str(DEFAULT_BANK)]),
            "validate (default bank)": _validate_default(ctx),
            "analyze (40 questions)": _cmd(ctx, [*POPQUIZ, "analyze", str(forty)]),
            "validate (40 questions)": _cmd(ctx, [*POPQUIZ, "validate", str(forty)]),
        },
        _exit_ok(0),
    )
    rows = ratio_rows(titles[0], series, "analyze (default bank)", "validate (default bank)", 2)
    rows += ratio_rows(titles[1], series, "analyze (40 questions)", "validate (40 questions)", 2)
    rows.append(
        memory_row("peak memory: analyze 40 questions", series["analyze (40 questions)"], 200)
    )
    return rows


def fig_analyze_adaptive(ctx: Context) -> list[Row]:
    """``analyze --adaptive`` (adaptive play over seeded takers) against ``validate``."""
    title = "popquiz analyze --adaptive (default bank)"
    if not _has_analyze(ctx):
        return [Row(title, "n/a (popquiz analyze missing)", result="n/a")]
    quick = Context(max(1, min(ctx.runs, 3)), ctx.env, ctx.timeout, ctx.tmp, ctx.banks)
    series = interleaved(
        quick,
        {
            "analyze --adaptive": _cmd(ctx, [*POPQUIZ, "analyze", "--adaptive", str(DEFAULT_BANK)]),
            "analyze": _cmd(ctx, [*POPQUIZ, "analyze", str(DEFAULT_BANK)]),
            "validate (default bank)": _validate_default(ctx),
        },
        _exit_ok(0),
    )
    rows = ratio_rows(title, series, "analyze --adaptive", "validate (default bank)", 5)
    # What the adaptive walks themselves add (the rest is plain analyze's own figure).
    walks, plain, base = (
        series[k] for k in ("analyze --adaptive", "analyze", "validate (default bank)")
    )
    if not (walks.error or plain.error or base.error):
        extra = walks.median - plain.median
        rows.append(
            Row(
                "  its adaptive walks (analyze --adaptive − analyze)",
                _secs(max(extra, 0.0)),
                f"{_secs(base.median)} (validate (default bank))",
                f"{extra / base.median:.2f}",
                result="info",
            )
        )
    return rows


def fig_analyze_memory(ctx: Context) -> list[Row]:
    """Peak memory of ``analyze`` on the largest bank the format allows (its cost budget
    bounds the time; this is the memory it needs for it)."""
    title = "peak memory: analyze 10,000 questions"
    if not _has_analyze(ctx):
        return [Row(title, "n/a (popquiz analyze missing)", result="n/a")]
    big = ctx.bank(10_000)
    quick = Context(1, ctx.env, ctx.timeout, ctx.tmp, ctx.banks)
    series = interleaved(
        quick, {"analyze": _cmd(ctx, [*POPQUIZ, "analyze", str(big)])}, _exit_ok(0)
    )
    rows = [memory_row(title, series["analyze"], 256)]
    s = series["analyze"]
    if not s.error:
        rows[0].value += f" ({_secs(s.median)})"
    return rows


_SHUFFLE_CHILD = """
import json, resource, sys, time
from popquiz.bank.loader import load_bank
from popquiz.engine.session import Session
bank = load_bank(sys.argv[1])
started = time.perf_counter()
session = Session.start(bank, shuffle=True, seed=1)
elapsed = time.perf_counter() - started
assert len(session.order) == len(bank.questions)
print(json.dumps({"seconds": elapsed, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def fig_shuffle(ctx: Context) -> list[Row]:
    """``take --shuffle``'s ordering step on chains (each question's ``when`` names the one
    before it): the worst case for keeping conditions in order. It was cubic (2,000 questions
    16 s, 10,000 never finished); Kahn's sort on a heap makes it O(n log n)."""
    sys.path.insert(0, str(BENCH))
    from gen_bank import make_bank

    rows = []
    for questions, limit in ((2_000, 0.5), (10_000, 2.0)):
        path = ctx.tmp / f"chain-{questions}.yaml"
        path.write_text(make_bank(questions, n_answers=2, chain=True), encoding="utf-8")
        times, peak = [], 0
        for _ in range(max(1, min(ctx.runs, 3))):
            data = _in_child(ctx, _SHUFFLE_CHILD, str(path))
            if isinstance(data, str):
                return [Row("shuffle a chain", data, result="n/a")]
            times.append(float(data["seconds"]))
            peak = max(peak, int(data["rss"]) * 1024)
        median = statistics.median(times)
        rows.append(
            Row(
                f"shuffle a {questions:,}-question chain (take --shuffle's ordering)",
                _secs(median),
                target=f"≤ {limit:g} s",
                peak=_mib(peak),
                result="PASS" if median <= limit else "FAIL",
            )
        )
    return rows


_ADAPTIVE_CHILD = """
import io, json, random, statistics, sys, time
from rich.console import Console
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
import questionary
from popquiz.bank.loader import load_bank
from popquiz.engine import adaptive, estimate
from popquiz.engine.takers import consistent_assignment
from popquiz.engine.compiled import compiled
from popquiz.engine.session import Session
from popquiz.i18n import Locale
from popquiz.ui.interactive import progress_renderable, prompt_spec, question_renderable
bank = load_bank(sys.argv[1])
locale = Locale("en", bank.language)
c = compiled(bank)
rules = adaptive.settings_for(bank)
estimate.particles(bank)  # built once per bank, before the first question
rng = random.Random(1)
choose, render = [], []
for _ in range(int(sys.argv[2])):
    assign = consistent_assignment(c, rng)
    session = Session.start(bank, mode="adaptive")
    while True:
        state = session.state()
        started = time.perf_counter()
        step = adaptive.step(c, state, "adaptive", rules)
        choose.append(time.perf_counter() - started)
        if step.next is None:
            break
        q = bank.questions[step.next]
        started = time.perf_counter()
        spec = prompt_spec(session, q, locale)
        console = Console(file=io.StringIO(), width=80, force_terminal=True)
        console.print(progress_renderable(session, locale, 80, plain=False))
        console.print(question_renderable(spec, plain=False))
        with create_pipe_input() as pipe:
            questionary.select(
                spec.message,
                choices=[questionary.Choice(x.title, value=x.value, shortcut_key=x.key)
                         for x in spec.choices],
                use_shortcuts=True, input=pipe, output=DummyOutput(),
            )
        render.append(time.perf_counter() - started)
        session.answer(c.values[step.next][assign[step.next]])
print(json.dumps({"choose": statistics.median(choose), "render": statistics.median(render),
                  "steps": len(choose)}))
"""


def fig_adaptive(ctx: Context) -> list[Row]:
    """Adaptive play: choosing the next question of an adaptive quiz (lock-in check, estimate and
    information order) against drawing one question screen (panel, progress and the prompt
    application), both in one process, medians over every step of seeded consistent takers."""
    data = _in_child(ctx, _ADAPTIVE_CHILD, str(DEFAULT_BANK), str(max(3, ctx.runs)))
    title = "adaptive: choose the next question vs render a question screen"
    if isinstance(data, str):
        return [Row(title, data, result="n/a")]
    ratio = data["choose"] / data["render"]
    return [
        Row(
            title,
            _secs(data["choose"]),
            baseline=_secs(data["render"]),
            ratio=f"{ratio:.2f}×",
            target="≤ 0.10×",
            result="PASS" if ratio <= 0.10 else "FAIL",
        )
    ]


# --- many outcomes ------------------------------------------------------------------------


def _outcomes_bank(tmp: Path, outcomes: int) -> Path:
    """A nearest-profile inventory: 70 likert statements on 4 axes with a declared distance
    (weights 1-4, powers 2 and 1.7386) and ``outcomes`` seeded profiles."""
    import random

    rng = random.Random(outcomes)
    lines = ["id: many-outcomes", "title: Many outcomes", "description: A benchmark.", "axes:"]
    for i, power in enumerate((2, 2, 1.7386, 1.7386)):
        lines.append(f"  - {{id: a{i}, low: l{i}, high: h{i}, weight: {i + 1}, power: {power}}}")
    lines.append("questions:")
    for q in range(70):
        reverse = "true" if rng.random() < 0.5 else "false"
        lines.append(
            f"  - {{id: q{q}, kind: likert, text: Statement {q}, axis: a{q % 4}, "
            f"weight: {rng.choice((1, 2, 5))}, reverse: {reverse}}}"
        )
    lines.append("outcomes:")
    for o in range(outcomes):
        profile = ", ".join(f"a{i}: {rng.uniform(-1, 1):.3f}" for i in range(4))
        lines.append(
            f"  - {{id: p{o}, title: Profile {o}, description: d, profile: {{{profile}}}}}"
        )
    path = tmp / f"outcomes-{outcomes}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fig_outcomes(ctx: Context) -> list[Row]:
    """validate, take and analyze a 256-outcome bank against the same bank with 32 outcomes
    (the old limit): nearest-profile ranking should cost about in proportion to outcomes."""
    big, small = _outcomes_bank(ctx.tmp, 256), _outcomes_bank(ctx.tmp, 32)
    rows: list[Row] = []
    for title, argv, ratio, most, runs in (
        ("validate 256 outcomes", ["validate"], 2.0, 2.0, ctx.runs),
        (
            "take --random --json, 256 outcomes",
            ["take", "--random", "--json", "--no-save"],
            2.0,
            2.0,
            ctx.runs,
        ),
        (
            "take --adaptive --random --json, 256 outcomes",
            ["take", "--adaptive", "--random", "--json", "--no-save"],
            10.0,
            15.0,
            min(ctx.runs, 3),
        ),
        ("analyze 256 outcomes", ["analyze"], 10.0, 60.0, min(ctx.runs, 2)),
    ):
        few = Context(runs, ctx.env, ctx.timeout, ctx.tmp, ctx.banks)
        series = interleaved(
            few,
            {
                "256 outcomes": _cmd(few, [*POPQUIZ, argv[0], str(big), *argv[1:]]),
                "32 outcomes": _cmd(few, [*POPQUIZ, argv[0], str(small), *argv[1:]]),
            },
            _exit_ok(0),
        )
        rows += ratio_rows(title, series, "256 outcomes", "32 outcomes", ratio, most)
    return rows


_RECOMMEND_CHILD = r"""
import json, random, statistics, sys, time
from popquiz.bank.loader import load_bank
from popquiz.engine.compiled import compiled
from popquiz.engine.recommend import recommend
from popquiz.engine.scoring import score_assignment
from popquiz.engine.takers import consistent_assignment

bank = load_bank(sys.argv[1])
c = compiled(bank)
rng = random.Random("bench-recommend")
results = [score_assignment(bank, consistent_assignment(c, rng)) for _ in range(int(sys.argv[2]))]
recommend(bank, results[0])  # the bank's derived forms, built once per bank
times = []
for result in results:
    started = time.perf_counter()
    recommend(bank, result)
    times.append(time.perf_counter() - started)
print(json.dumps({"median": statistics.median(times), "calls": len(times)}))
"""
RECOMMEND_TARGET = 0.005  # seconds: ranking, variety and reasons for one taker


def fig_recommend(ctx: Context) -> list[Row]:
    """Recommending for one taker (the ranking with variety, and the reasons) on the default
    bank: the median of many in-process calls for seeded consistent takers, against 5 ms."""
    data = _in_child(ctx, _RECOMMEND_CHILD, str(DEFAULT_BANK), str(max(200, 40 * ctx.runs)))
    title = "recommend for one taker (default bank)"
    if isinstance(data, str):
        return [Row(title, data, result="n/a")]
    median = data["median"]
    ratio = median / RECOMMEND_TARGET
    return [
        Row(
            title,
            f"{median * 1000:.2f} ms",
            baseline=f"target {RECOMMEND_TARGET * 1000:g} ms",
            ratio=f"{ratio:.2f}",
            target="ratio ≤ 1",
            result="PASS" if ratio <= 1 else "FAIL",
        )
    ]


FIGURES = [
    Figure("help", "popquiz --help vs a minimal typer app", fig_help),
    Figure("validate", "validate the default bank vs a minimal typer app", fig_validate),
    Figure("pty", "first question in a pseudo-terminal", fig_first_question),
    Figure("take", "take --random --json (and its memory)", fig_take_json),
    Figure("scale", "validate 10,000 questions vs the default bank", fig_validate_scale),
    Figure("catalogue", "validate 2,000- and 5,000-act catalogues", fig_catalogue),
    Figure("analyze", "analyze vs validate: the default and a 40-question bank", fig_analyze),
    Figure("analyze-adaptive", "analyze --adaptive vs validate", fig_analyze_adaptive),
    Figure("analyze-memory", "peak memory of analyze on 10,000 questions", fig_analyze_memory),
    Figure("shuffle", "shuffle 2,000- and 10,000-question chains", fig_shuffle),
    Figure("adaptive", "choosing the next adaptive question vs one question screen", fig_adaptive),
    Figure("outcomes", "validate, take and analyze 256 vs 32 outcomes", fig_outcomes),
    Figure("recommend", "recommending for one taker vs its 5 ms target", fig_recommend),
]


# --- report ------------------------------------------------------------------------------


def versions() -> str:
    from importlib import metadata

    parts = []
    for dist in ("typer", "rich", "questionary", "prompt_toolkit", "pydantic", "PyYAML", "numpy"):
        try:
            parts.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist} -")
    return ", ".join(parts)


def table(rows: list[Row]) -> str:
    head = Row("figure", "median", "baseline (median)", "ratio", "target", "peak RSS", "result")
    cols = ["figure", "value", "baseline", "ratio", "target", "peak", "result"]
    cells = [[getattr(r, c) for c in cols] for r in [head, *rows]]
    lines = ["| " + " | ".join(row) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("---" for _ in cols) + "|")
    return "\n".join(lines)


@contextmanager
def scratch() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="popquiz-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _in_child(ctx: Context, script: str, *args: str) -> dict[str, Any] | str:
    """What a measuring script run in a fresh interpreter printed (one JSON object), or why
    there is no figure ("n/a (...)" with the end of its error output)."""
    proc = subprocess.run(
        [PY, "-c", script, *args], capture_output=True, text=True, env=ctx.env, timeout=600
    )
    if proc.returncode != 0:
        return f"n/a ({proc.stderr[-200:]})"
    found: dict[str, Any] = json.loads(proc.stdout)
    return found


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE", "POPQUIZ_DEBUG"):
        env.pop(var, None)
    env["POPQUIZ_HOME"] = str(home)
    # One compiled-bank cache for the whole run, filled by each figure's warm-up, as a user's
    # is after their first quiz (figures that use a fresh home per run still share it).
    env["POPQUIZ_CACHE_DIR"] = str(home.parent / "cache")
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per command (default 9)")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated figures: " + ", ".join(f.key for f in FIGURES),
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if any target is missed")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="pty wait limit in seconds (default 30)"
    )
    args = parser.parse_args(argv)
    chosen = [k for k in args.only.split(",") if k]
    unknown = set(chosen) - {f.key for f in FIGURES}
    if unknown:
        parser.error(f"unknown figure(s): {', '.join(sorted(unknown))}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    print(
        f"popquiz benchmarks · {time.strftime('%Y-%m-%d %H:%M:%S')} · Python "
        f"{platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs · {PY}"
    )
    print(versions())
    note = "" if args.runs >= 7 else " (fewer than the 7 the targets assume)"
    print(f"median of {args.runs} runs after 1 warm-up{note}; baselines measured interleaved\n")

    rows: list[Row] = []
    with scratch() as tmp:
        home = tmp / "home"
        home.mkdir()
        ctx = Context(args.runs, child_env(home), args.timeout, tmp)
        for fig in FIGURES:
            if chosen and fig.key not in chosen:
                continue
            sys.stdout.flush()
            print(f"measuring: {fig.title} ...", file=sys.stderr, flush=True)
            try:
                rows += fig.measure(ctx)
            except Exception as exc:  # report, never crash half-way through a table
                rows.append(Row(fig.title, f"n/a (benchmark error: {exc!r})", result="n/a"))
    print(table(rows))
    failed = [r for r in rows if r.result == "FAIL"]
    missing = [r for r in rows if r.result == "n/a"]
    print(
        f"\n{sum(r.result == 'PASS' for r in rows)} passed, {len(failed)} missed, "
        f"{len(missing)} not measured (info rows are reference points without a target)"
    )
    if args.json is not None:
        args.json.write_text(
            json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    if args.check and (failed or missing):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
