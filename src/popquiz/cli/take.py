"""`popquiz take` (and `popquiz` with no command): play a bank, score it, show and save it."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from popquiz.cli.common import err_console_print, json_dumps, load_or_fail, write_stdout
from popquiz.errors import ExitStatus, PopquizError, UsageError

if TYPE_CHECKING:
    import typer

    from popquiz.bank.model import AnswerValue, Bank
    from popquiz.engine.adaptive import Mode
    from popquiz.engine.report import Play as PlayRecord


class Interrupted(PopquizError):
    exit_status = ExitStatus.INTERRUPTED

    def __init__(self, message: str, status: ExitStatus = ExitStatus.INTERRUPTED) -> None:
        super().__init__(message)
        self.exit_status = status


class _Signalled(KeyboardInterrupt):
    """SIGTERM / SIGHUP during a quiz, handled like Ctrl-C (progress saved, terminal restored)."""

    def __init__(self, status: ExitStatus) -> None:
        super().__init__(status.name)
        self.status = status


class _Guard:
    """While ``saving`` is set, a signal is remembered instead of interrupting the save."""

    def __init__(self) -> None:
        self.saving = False
        self.pending: ExitStatus | None = None


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[_Guard]:
    """Turn SIGTERM, SIGHUP, SIGINT (``kill -INT``) and SIGQUIT (Ctrl-\\) into
    :class:`_Signalled` while the quiz runs (main thread only), and keep them from cutting the
    save of progress short: the handlers stay installed until the caller has saved.

    Without this, SIGTERM and SIGHUP kill the process inside a prompt: the terminal stays in raw
    mode (no echo) and the answers so far are lost; SIGQUIT dumps core with status 131.
    """
    import signal

    wanted = {
        "SIGTERM": ExitStatus.TERMINATED,
        "SIGHUP": ExitStatus.HANGUP,
        "SIGINT": ExitStatus.INTERRUPTED,
        "SIGQUIT": ExitStatus.INTERRUPTED,
    }
    previous: dict[int, Any] = {}
    guard = _Guard()

    def handler(signum: int, frame: object) -> None:
        status = wanted[signal.Signals(signum).name]
        if guard.saving or guard.pending is not None:
            # SIGHUP then SIGTERM 5 ms later: the first one decides, the second must not
            # interrupt the save the first one started.
            guard.pending = guard.pending or status
            return
        guard.pending = status
        raise _Signalled(status)

    for name in wanted:
        if hasattr(signal, name):
            number = getattr(signal, name)
            previous[number] = signal.signal(number, handler)
    try:
        yield guard
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def run_take(
    bank: str | None = None,
    *,
    answers: Path | None = None,
    random_answers: bool = False,
    seed: int | None = None,
    lang: str | None = None,
    as_json: bool = False,
    no_save: bool = False,
    resume: bool = False,
    shuffle: bool = False,
    quick: bool = False,
    export: Path | None = None,
    plain: bool = False,
    no_color: bool = False,
    adaptive: bool = False,
) -> None:
    """Everything `take` does, with plain Python defaults (also used by bare `popquiz`)."""
    from popquiz.i18n import pick_language, t
    from popquiz.store.library import find_bank

    interactive = answers is None and not random_answers
    if interactive and not _has_terminal():
        raise UsageError(NO_TERMINAL)
    path = find_bank(bank)
    quiz = load_or_fail(path)
    from popquiz.i18n import LANGUAGES

    if lang is not None and lang not in quiz.all_languages and lang not in LANGUAGES:
        raise UsageError(
            f"bank {quiz.id!r} is not available in {lang!r}; it has: "
            + ", ".join(quiz.all_languages)
        )
    language = pick_language(lang, quiz.all_languages, quiz.language)
    if language not in quiz.all_languages:  # the chrome speaks it; the bank text falls back
        err_console_print(_fallback_note(language, quiz.language))
    if answers is not None and random_answers:
        raise UsageError("use either --answers or --random, not both")
    if export is not None and export.suffix.lower() not in (".svg", ".html", ".md", ".json"):
        raise UsageError(
            f"--export: unknown file type {export.suffix!r}; use .svg, .html, .md or .json"
        )
    if export is not None:
        from popquiz.store.outputs import check_target

        check_target(export)  # refuse a bad target before any question is asked

    store = None if no_save else _open_store()
    from popquiz.engine.session import play_mode

    mode = play_mode(quiz, adaptive=adaptive, quick=quick, interactive=interactive)

    if not interactive and store is not None and store.load_progress(quiz.id) is not None:
        # Answering from a file or at random never touches a paused quiz: say it is still there.
        note = t(language, "quiz.paused_kept", command=_resume_hint(quiz, bank))
        err_console_print(note)

    chosen: dict[str, AnswerValue]
    play: PlayRecord | None = None
    if answers is not None or random_answers:
        if answers is not None:
            from popquiz.bank.answers import load_answers

            chosen = load_answers(answers, quiz)
        else:
            import random

            from popquiz.engine.session import random_answers as draw

            chosen = draw(quiz, random.Random(seed))
        if mode != "full":
            from popquiz.engine.adaptive import walk
            from popquiz.engine.report import Play

            walked = walk(quiz, chosen, mode)
            chosen = walked.answers
            play = Play(mode, walked.asked, walked.total, walked.stopped, walked.confidence)
    else:
        played = _interactive(
            quiz,
            language,
            store,
            bank_ref=bank,
            resume=resume,
            shuffle=shuffle,
            seed=seed,
            mode=mode,
            plain=plain,
            no_color=no_color,
            lang_given=lang is not None,
        )
        chosen, play = played.answers, played.play
        # A resumed quiz keeps the paused session's language and display options.
        language, plain, no_color = played.language, played.plain, played.no_color

    from popquiz.engine.recommend import recommend
    from popquiz.engine.report import build_report
    from popquiz.engine.scoring import score

    result = score(quiz, chosen)
    # A resumed quick session is still a quick one (and so is a subset session of popquiz 0.x).
    quick = quick or (play is not None and play.mode == "quick")
    report = build_report(quiz, result, recommend(quiz, result), language, quick=quick, play=play)
    previous = None
    saved_as: int | None = None
    if store is not None:
        from popquiz.engine.relocalise import report_outcome_in

        previous = report_outcome_in(quiz, store.previous_result(quiz.id), language)
        try:
            saved_as = store.save_result(report)
        except OSError as exc:  # the result is still shown
            err_console_print(t(language, "result.not_saved", error=exc))
    export_error: PopquizError | None = None
    if export is not None:
        from popquiz.store.outputs import OutputError
        from popquiz.ui.export import export_report

        try:
            export_report(report, export, previous=previous)
        except OutputError as exc:  # the result is still shown (and was saved above)
            export_error = exc
    if as_json:
        write_stdout(json_dumps(report))
    else:
        from popquiz.ui.console import make_console
        from popquiz.ui.links import terminal_links
        from popquiz.ui.render import render_report

        console = make_console(plain=plain, no_color=no_color)
        links = terminal_links(plain=plain, is_terminal=console.is_terminal)
        if interactive:
            from popquiz.ui.hint import next_steps, print_next_steps

            steps = next_steps(language, saved_as, prog=invoked_as(), bank_ref=bank)
        if interactive and not plain:
            from popquiz.ui.reveal import reveal

            # After the last answer: the verdict and the bars on one screen, the rest below.
            reveal(report, console, previous=previous, next_steps=steps, links=links)
        else:
            render_report(report, console, plain=plain, previous=previous, links=links)
            if interactive:
                print_next_steps(console, steps, plain=plain)
    if export_error is not None:
        raise export_error
    if export is not None and not as_json:
        from popquiz.errors import printable

        err_console_print(printable(t(language, "export.written", path=export)))


def _fallback_note(language: str, bank_language: str) -> str:
    """The one line saying the bank has no text in ``language`` (the chrome has)."""
    from popquiz.i18n import MESSAGES, t

    def name(code: str) -> str:
        key = f"lang.{code}"
        return t(language, key) if key in MESSAGES["en"] else code

    return t(language, "lang.fallback", language=name(language), bank_language=name(bank_language))


def _open_store() -> Any:
    from popquiz.store.history import open_store

    store = open_store()
    if store.notice:
        err_console_print(store.notice)
    return store


NO_TERMINAL = (
    "popquiz needs a terminal to ask questions. Without one, answer from a file with "
    "--answers FILE, or at random with --random [--seed N] (add --json for "
    "machine-readable output)."
)


def _has_terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def invoked_as() -> str:
    """popquiz as the user can type it again: ``popquiz`` when that is on PATH and is this
    program, else the full path it was started by (``.venv/bin/popquiz``), or
    ``python -m popquiz`` with the interpreter's full path."""
    import shlex
    import shutil
    from pathlib import Path

    argv0 = sys.argv[0] if sys.argv else ""
    on_path = shutil.which("popquiz")
    if not argv0 or Path(argv0).name in ("__main__.py", "-c", "-m"):
        if on_path:
            return "popquiz"
        return f"{shlex.quote(sys.executable)} -m popquiz"
    with contextlib.suppress(OSError):
        if on_path and Path(on_path).resolve() == Path(argv0).resolve():
            return "popquiz"
    return shlex.quote(str(Path(argv0).absolute()))


def _resume_hint(quiz: Bank, bank_ref: str | None) -> str:
    """The command that resumes, safe to show: shell-quoted, then made inert (``shlex.quote``
    leaves ESC and other controls in place)."""
    import shlex

    from popquiz.errors import printable

    if bank_ref is None:
        return printable(f"{invoked_as()} take --resume")
    return printable(f"{invoked_as()} take {shlex.quote(bank_ref)} --resume")


class _Played(NamedTuple):
    answers: dict[str, AnswerValue]
    play: PlayRecord
    language: str
    plain: bool
    no_color: bool


def _interactive(
    quiz: Bank,
    language: str,
    store: Any,
    *,
    bank_ref: str | None,
    resume: bool,
    shuffle: bool,
    seed: int | None,
    mode: Mode,
    plain: bool,
    no_color: bool,
    lang_given: bool = False,
) -> _Played:
    """Play the quiz in the terminal: the answers that count, how it was played (mode, asked,
    how it stopped), and the language and display options it was played with (a resumed quiz
    keeps those it was paused with unless given again).

    A paused quiz is never overwritten without asking: starting a bank that has one asks
    whether to resume it; pausing with nothing answered keeps it; and progress another
    terminal saved meanwhile with more answers is kept rather than replaced.
    """
    from popquiz.engine.session import Session
    from popquiz.errors import printable
    from popquiz.i18n import t
    from popquiz.ui.interactive import run_quiz

    progress_store = store if store is not None else _open_store()
    hint = _resume_hint(quiz, bank_ref)
    saved = progress_store.load_progress(quiz.id)
    session = None
    if resume:
        if saved is None:
            raise UsageError(t(language, "resume.none", bank=repr(quiz.id)))
        try:
            session = Session.from_state(quiz, saved)
        except ValueError as exc:
            raise UsageError(t(language, "resume.unusable", error=exc)) from None
    elif saved is not None:
        from popquiz.ui.interactive import ask_resume

        asking = _kept_language(saved, quiz, language, lang_given)  # as it was played

        note = t(asking, "quiz.paused_found", answered=_answered(saved))
        try:
            resume = ask_resume(note, t(asking, "quiz.resume_ask"), plain=plain, no_color=no_color)
        except (KeyboardInterrupt, EOFError):
            raise Interrupted("\n" + t(asking, "quiz.kept", command=hint)) from None
        if resume:
            try:
                session = Session.from_state(quiz, saved)
            except ValueError as exc:
                resume = False
                err_console_print(t(asking, "quiz.progress_unusable", error=exc))
    if session is not None:
        # The paused session's language and display options, unless given again now.
        kept = _kept_options(saved)
        language = _kept_language(saved, quiz, language, lang_given)
        plain = plain or kept.get("plain") is True
        no_color = no_color or kept.get("no_color") is True
    options = {"language": language, "plain": plain, "no_color": no_color}
    if session is None:
        session = Session.start(quiz, shuffle=shuffle, seed=seed, mode=mode)
    for detail in session.notes:
        err_console_print(printable(t(language, "quiz.progress_repaired", detail=detail)))

    with _signals_interrupt() as guard:
        try:
            run_quiz(session, lang=language, plain=plain, no_color=no_color, resumed=resume)
        except (KeyboardInterrupt, EOFError) as exc:
            guard.saving = True  # a second signal must not cut the save short
            status = exc.status if isinstance(exc, _Signalled) else ExitStatus.INTERRUPTED
            raise _pause(
                progress_store, quiz, session, saved, language, hint, status, options
            ) from None
        guard.saving = True
        current = progress_store.load_progress(quiz.id)
        if current is None or current == saved or _answered(current) <= len(session.history):
            progress_store.clear_progress(quiz.id)
    from popquiz.engine.session import session_play

    return _Played(session.final_answers(), session_play(session), language, plain, no_color)


def _kept_options(saved: Any) -> dict[str, Any]:
    """The options a paused session was played with (saved with its progress)."""
    kept = saved.get("options") if isinstance(saved, dict) else None
    return kept if isinstance(kept, dict) else {}


def _kept_language(saved: Any, quiz: Bank, language: str, lang_given: bool) -> str:
    """The paused session's language (the bank's, or one the chrome speaks while the bank
    text falls back), unless --lang was given now."""
    from popquiz.i18n import LANGUAGES

    kept = _kept_options(saved).get("language")
    if not lang_given and isinstance(kept, str) and kept in (*quiz.all_languages, *LANGUAGES):
        return kept
    return language


def _answered(state: Any) -> int:
    history = state.get("history") if isinstance(state, dict) else None
    return len(history) if isinstance(history, list) else 0


def _pause(
    progress_store: Any,
    quiz: Bank,
    session: Any,
    baseline: Any,
    language: str,
    hint: str,
    status: ExitStatus,
    options: dict[str, Any],
) -> Interrupted:
    """Save the session's progress unless that would destroy a better paused quiz."""
    from popquiz.i18n import t

    current = progress_store.load_progress(quiz.id)
    if current is not None and not session.history:
        return Interrupted("\n" + t(language, "quiz.kept", command=hint), status)
    if not session.history:  # stopped on the welcome screen or the first question
        start = hint.removesuffix(" --resume")
        return Interrupted("\n" + t(language, "quiz.nothing_saved", command=start), status)
    if current is not None and current != baseline and _answered(current) > len(session.history):
        message = t(language, "quiz.other_saved", answered=_answered(current), command=hint)
        return Interrupted("\n" + message, status)
    try:
        # The options are saved too: a resumed quiz goes on in the language it was paused in.
        progress_store.save_progress(quiz.id, {**session.to_state(), "options": options})
    except OSError as error:
        return Interrupted(f"\n{t(language, 'quiz.not_saved', error=error)}", status)
    return Interrupted("\n" + t(language, "quiz.paused", command=hint), status)


ROOT_TAKE_OPTIONS = "popquiz.root_take_options"  # ctx.meta key: take options given to the root


def option_infos() -> dict[str, Any]:
    """Fresh typer declarations of every `take` option, keyed by parameter name: `take` and
    the root command (bare `popquiz` is `take`) declare the same options from this one table."""
    import typer

    return {
        "answers": typer.Option(
            None,
            "--answers",
            "-a",
            metavar="FILE",
            help="Answer from a YAML/JSON file (question id → answer id, "
            "or 1-5 for likert) instead of interactively.",
        ),
        "random_answers": typer.Option(
            False, "--random", help="Answer every question at random (for demos and tests)."
        ),
        "seed": typer.Option(
            None, "--seed", metavar="N", help="Seed for --random and --shuffle (a whole number)."
        ),
        "lang": typer.Option(
            None,
            "--lang",
            "-l",
            metavar="LANG",
            help="Language (en, ko, ja). Default: your locale, else the bank's default.",
        ),
        "as_json": typer.Option(False, "--json", help="Print the result as one JSON object."),
        "no_save": typer.Option(False, "--no-save", help="Do not store the result in history."),
        "resume": typer.Option(
            False, "--resume", help="Continue the paused quiz of this bank without asking."
        ),
        "shuffle": typer.Option(
            False, "--shuffle", help="Shuffle question and answer order (scoring is unchanged)."
        ),
        "quick": typer.Option(
            False,
            "--quick",
            help="Stop once the result is likely enough (an estimate; the bank sets how sure).",
        ),
        "adaptive": typer.Option(
            False,
            "--adaptive",
            help="Stop as soon as the remaining questions could not change the result.",
        ),
        "export": typer.Option(
            None,
            "--export",
            metavar="PATH",
            help="Also write the result card to PATH (.svg, .html, .md, .json).",
        ),
        "plain": typer.Option(
            False, "--plain", help="Screen-reader friendly output: no boxes or decorative glyphs."
        ),
        "no_color": typer.Option(False, "--no-color", help="No colours (also: NO_COLOR=1)."),
    }


def register(app: typer.Typer) -> None:
    """Declare `take` on the typer app (typer is imported only when the app is built; the
    fast path in popquiz.cli.fastpath calls :func:`run_take` directly)."""
    import typer

    o = option_infos()

    def take_command(
        ctx: typer.Context,
        bank: str | None = typer.Argument(
            None,
            help="A bank id (see `popquiz list`) or a path to a bank file. Default: the "
            "K-pop vs J-pop quiz.",
            metavar="BANK",
            show_default=False,
        ),
        answers: Path | None = o["answers"],
        random_answers: bool = o["random_answers"],
        seed: int | None = o["seed"],
        lang: str | None = o["lang"],
        as_json: bool = o["as_json"],
        no_save: bool = o["no_save"],
        resume: bool = o["resume"],
        shuffle: bool = o["shuffle"],
        quick: bool = o["quick"],
        adaptive: bool = o["adaptive"],
        export: Path | None = o["export"],
        plain: bool = o["plain"],
        no_color: bool = o["no_color"],
    ) -> None:
        """Take a quiz: interactively in a terminal, or from --answers / --random.

        Bare `popquiz` is `popquiz take` and accepts the same options.

        Examples:

        \b
          popquiz take                                 # the default quiz, interactively
          popquiz take --lang ko --shuffle
          popquiz take --resume                        # after Ctrl-C
          popquiz take --random --seed 1 --json
          popquiz take --adaptive                      # stop once the result is locked in
          popquiz take my-bank.yaml --answers answers.yaml --export result.html
        """
        given: dict[str, Any] = {k: v for k, v in locals().items() if k in o}
        # Options given before the command (`popquiz --plain take`) count too.
        for name, value in ctx.meta.get(ROOT_TAKE_OPTIONS, {}).items():
            if name in given and (given[name] is None or given[name] is False):
                given[name] = value
        run_take(bank, **given)

    # Annotations are strings here (PEP 563) and typer is not a module global of this module.
    take_command.__annotations__["ctx"] = typer.Context
    app.command("take")(take_command)
