"""`popquiz take` (and `popquiz` with no command): play a bank, score it, show and save it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from popquiz.cli.common import (
    err_console_print,
    invoked_as,
    json_dumps,
    load_or_fail,
    reaching_popquiz,
    waiting_line,
    write_stdout,
)
from popquiz.cli.interrupts import Interrupted, Signalled, signals_interrupt
from popquiz.cli.startup import startup_over
from popquiz.errors import ExitStatus, PopquizError, UsageError

if TYPE_CHECKING:
    import typer

    from popquiz.bank.model import AnswerValue, Bank
    from popquiz.engine.adaptive import Mode
    from popquiz.engine.report import Play as PlayRecord
    from popquiz.engine.report_types import Report
    from popquiz.engine.session import Session
    from popquiz.store.history import HistoryStore
    from popquiz.store.progress import Display, Paused, PausedQuizzes


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
    from popquiz.i18n import LANGUAGES, locale_language, pick_language, t
    from popquiz.store.library import find_bank
    from popquiz.text.typography import quoted

    # The language of whatever goes wrong before the bank is read: --lang when popquiz speaks
    # it, else the locale's.
    screen = lang if lang in LANGUAGES else (locale_language() or "en")
    interactive = answers is None and not random_answers
    if interactive and not _has_terminal():
        raise UsageError(t(screen, "error.no_terminal"))
    path = find_bank(bank, screen)
    quiz = load_or_fail(path)

    if lang is not None and lang not in quiz.all_languages and lang not in LANGUAGES:
        raise UsageError(
            t(
                screen,
                "error.lang_missing",
                bank=quoted(screen, quiz.id),
                wanted=quoted(screen, lang),
                languages=", ".join(quiz.all_languages),
            )
        )
    language = pick_language(lang, quiz.all_languages, quiz.language)
    if language not in quiz.all_languages:  # the chrome speaks it; the bank text falls back
        err_console_print(_fallback_note(language, quiz.language))
    if answers is not None and random_answers:
        raise UsageError(t(language, "error.answers_or_random"))
    if export is not None and export.suffix.lower() not in (
        ".png",
        ".svg",
        ".html",
        ".md",
        ".json",
    ):
        raise UsageError(
            t(
                language,
                "error.export_type",
                suffix=quoted(language, export.suffix),
                types=".png, .svg, .html, .md, .json"
                if language != "en"
                else ".png, .svg, .html, .md or .json",
            )
        )
    if export is not None:
        from popquiz.store.outputs import check_target

        check_target(export)  # refuse a bad target before any question is asked
        if interactive and export.suffix.lower() == ".png":
            from popquiz.ui.card_png import check_bank_fonts

            check_bank_fonts(quiz, language, export)  # before the first question, too

    store = None if no_save else _open_store(language)
    from popquiz.engine.session import play_mode

    mode = play_mode(quiz, adaptive=adaptive, quick=quick, interactive=interactive)

    if not interactive and store is not None and store.paused.load(quiz.id) is not None:
        # Answering from a file or at random never touches a paused quiz: say it is still there.
        note = t(language, "quiz.paused_kept", command=_resume_hint(quiz, bank))
        err_console_print(note)

    chosen: dict[str, AnswerValue]
    play: PlayRecord | None = None
    if answers is not None or random_answers:
        if answers is not None:
            from popquiz.bank.answers import load_answers

            chosen = load_answers(answers, quiz, language=language)
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
    from popquiz.i18n import Locale

    locale = Locale(language, quiz.language)  # the result's screen, cards and exports speak it
    result = score(quiz, chosen)
    # A resumed quick session is still a quick one.
    quick = quick or (play is not None and play.mode == "quick")
    report = build_report(quiz, result, recommend(quiz, result), locale, quick=quick, play=play)
    previous = None
    saved_as: int | None = None
    unsaved: PopquizError | None = None
    if store is not None:
        if export is not None or not as_json:  # "last time" is on screens and exports only
            from popquiz.engine.relocalise import report_outcome_in

            previous = report_outcome_in(quiz, store.previous_result(quiz.id), locale)
        saved_as, unsaved = _save(store, report, language)
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

            prog, reach = reaching_popquiz()
            steps = next_steps(language, saved_as, prog=prog, bank_ref=bank, reach=reach)
        if interactive and not plain:
            from popquiz.ui.reveal import reveal

            # After the last answer: the verdict and the bars on one screen, the rest below.
            reveal(report, console, previous=previous, next_steps=steps, links=links)
        else:
            render_report(report, console, plain=plain, previous=previous, links=links)
            if interactive:
                print_next_steps(console, steps, plain=plain)
    if export_error is not None:
        if unsaved is not None:
            err_console_print(str(unsaved))
        raise export_error
    if export is not None and not as_json:
        from popquiz.errors import printable

        err_console_print(printable(t(language, "export.written", path=export)))
    if unsaved is not None:
        raise unsaved  # only now: the result has been shown (and exported) first


def _save(
    store: HistoryStore, report: Report, language: str
) -> tuple[int | None, PopquizError | None]:
    """Store the result: its number, or None and the error to raise once it has been shown.
    A result the history's lock keeps out is kept aside for the next popquiz instead."""
    from popquiz.errors import printable
    from popquiz.i18n import t
    from popquiz.store.history import HistoryBusy, HistoryError

    try:
        return store.save_result(report), None
    except HistoryBusy as exc:
        error: OSError = exc
        try:
            kept = store.keep_aside(report)
        except OSError as also:
            error = OSError(f"{exc}; it could not be kept aside either: {also}")
        else:
            err_console_print(printable(t(language, "result.kept_aside", path=kept)))
            return None, None
    except OSError as exc:
        error = exc
    return None, HistoryError(printable(t(language, "result.unsaved", error=error)))


def _fallback_note(language: str, bank_language: str) -> str:
    """The one line saying the bank has no text in ``language`` (the chrome has)."""
    from popquiz.i18n import MESSAGES, t

    def name(code: str) -> str:
        key = f"lang.{code}"
        return t(language, key) if key in MESSAGES["en"] else code

    return t(language, "lang.fallback", language=name(language), bank_language=name(bank_language))


def _open_store(language: str = "en") -> HistoryStore:
    from popquiz.store.history import open_store

    store = open_store(on_wait=waiting_line(language))
    if store.notice:
        err_console_print(store.notice)
    return store


def _has_terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


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
    store: HistoryStore | None,
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
    how it stopped), and the language and display options it was played with. Whether a
    paused quiz is resumed, kept or replaced is decided in :mod:`popquiz.store.progress`;
    this asks and prints."""
    from popquiz.engine.session import Session
    from popquiz.errors import printable
    from popquiz.i18n import Locale, t
    from popquiz.store import progress
    from popquiz.ui.interactive import run_quiz

    paused = (store if store is not None else _open_store()).paused
    hint = _resume_hint(quiz, bank_ref)
    saved = paused.load(quiz.id)
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

        asking = progress.kept_language(saved, quiz, language, lang_given)  # as it was played
        note = t(asking, "quiz.paused_found", answered=progress.answered(saved))
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
    display = progress.Display(language, plain, no_color)
    if session is not None:
        display = progress.kept_display(saved, quiz, display, lang_given=lang_given)
    language, plain, no_color = display
    if session is None:
        session = Session.start(quiz, shuffle=shuffle, seed=seed, mode=mode)
    for detail in session.notes:
        err_console_print(printable(t(language, "quiz.progress_repaired", detail=detail)))
    done: Paused | None = None
    status = ExitStatus.INTERRUPTED

    with signals_interrupt() as guard:
        try:
            locale = Locale(language, quiz.language)  # as settled above: given, kept or picked
            run_quiz(
                session,
                locale=locale,
                plain=plain,
                no_color=no_color,
                resumed=resume,
                started=startup_over,
            )
        except (KeyboardInterrupt, EOFError) as exc:
            guard.saving = True  # a second signal must not cut the save short
            status = exc.status if isinstance(exc, Signalled) else ExitStatus.INTERRUPTED
            done = progress.pause(paused, quiz.id, session, saved, display)
            # Only a taker at the terminal who pressed Ctrl-C is asked; a hang-up or SIGTERM
            # keeps the other terminal's progress without a question nobody would answer.
            if done.outcome != "other" or status != ExitStatus.INTERRUPTED or not _has_terminal():
                raise Interrupted("\n" + _paused_message(done, language, hint), status) from None
        else:
            guard.saving = True
            progress.finish(paused, quiz.id, session, saved)
    if done is not None:
        # Asked outside the signal guard, so Ctrl-C here answers "keep the other one".
        done = _settle_other(paused, quiz.id, session, saved, display, done, hint, plain, no_color)
        raise Interrupted("\n" + _paused_message(done, language, hint), status)
    from popquiz.engine.session import session_play

    return _Played(session.final_answers(), session_play(session), language, plain, no_color)


def _settle_other(
    paused: PausedQuizzes,
    bank_id: str,
    session: Session,
    saved: dict[str, Any] | None,
    display: Display,
    done: Paused,
    hint: str,
    plain: bool,
    no_color: bool,
) -> Paused:
    """Another terminal paused this bank with more answers: ask whether to keep this session's
    answers instead; the other one stays unless the taker says yes."""
    from popquiz.i18n import t
    from popquiz.store import progress
    from popquiz.ui.interactive import ask_replace

    language = display.language
    note = t(language, "quiz.other_found", theirs=done.answered, yours=len(session.history))
    try:
        replace = ask_replace(note, t(language, "quiz.replace_ask"), plain=plain, no_color=no_color)
    except (KeyboardInterrupt, EOFError):
        return done
    if not replace:
        return done
    return progress.pause(paused, bank_id, session, saved, display, replacing=done.found)


def _paused_message(done: Paused, language: str, hint: str) -> str:
    """What the taker is told after pausing (``hint`` is the command that resumes)."""
    from popquiz.i18n import t

    if done.outcome == "kept":
        return t(language, "quiz.kept", command=hint)
    if done.outcome == "nothing":
        return t(language, "quiz.nothing_saved", command=hint.removesuffix(" --resume"))
    if done.outcome == "other":
        return t(language, "quiz.other_saved", answered=done.answered, command=hint)
    if done.outcome == "replaced":
        return t(language, "quiz.replaced", command=hint)
    if done.outcome == "failed":
        return t(language, "quiz.not_saved", error=done.error)
    return t(language, "quiz.paused", command=hint)


ROOT_TAKE_OPTIONS = "popquiz.root_take_options"  # ctx.meta key: take options given to the root


def register(app: typer.Typer) -> None:
    """Declare `take` on the typer app (typer is imported only when the app is built; the
    quick parser in popquiz.cli.quickparse calls :func:`run_take` directly)."""
    import inspect

    import typer

    from popquiz.cli.options import TAKE, declare, typer_parameters

    def take_command(ctx: typer.Context, bank: str | None, **options: Any) -> None:
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
        # Options given before the command (`popquiz --plain take`) count too.
        for name, value in ctx.meta.get(ROOT_TAKE_OPTIONS, {}).items():
            if options.get(name) is None or options.get(name) is False:
                options[name] = value
        run_take(bank, **options)

    bank = typer.Argument(
        None,
        help="A bank id (see `popquiz list`) or a path to a bank file. Default: the "
        "K-pop vs J-pop quiz.",
        metavar="BANK",
        show_default=False,
    )
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    declare(
        take_command,
        [
            inspect.Parameter("ctx", positional, annotation=typer.Context),
            inspect.Parameter("bank", positional, default=bank, annotation=str | None),
            *typer_parameters(TAKE),
        ],
    )
    app.command("take")(take_command)
