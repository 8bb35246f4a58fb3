"""What adaptive play adds to the screens (issue 20): the stop screen, and the notes on the
welcome and result screens. questionary is imported only when the stop screen is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from popquiz.i18n import t

if TYPE_CHECKING:
    from rich.console import Console

    from popquiz.engine.session import Session

SEE, GO_ON, BACK = "__see__", "__go_on__", "__back__"


def _percent(confidence: Any) -> int:
    # Rounded down: "about 85%" must never overstate the estimate.
    return int(float(confidence) * 100) if isinstance(confidence, (int, float)) else 0


def play_note(report: dict[str, Any], lang: str) -> str | None:
    """The line under the verdict saying how the quiz stopped (None for a full quiz)."""
    stopped = report.get("stopped")
    n, total = report.get("asked"), report.get("total")
    if stopped == "locked":
        return t(lang, "result.locked", n=n, total=total)
    if stopped == "confident":
        return t(lang, "result.estimate", n=n, total=total, percent=_percent(report["confidence"]))
    if report.get("quick"):
        return t(lang, "result.quick")
    return None


def welcome_note(session: Session, lang: str) -> str | None:
    """What the welcome screen says about the mode."""
    if session.mode == "adaptive":
        return t(lang, "adaptive.welcome")
    if session.mode == "quick":
        from popquiz.engine.adaptive import settings_for

        percent = _percent(settings_for(session.bank).confidence)
        return t(lang, "adaptive.welcome_quick", percent=percent)
    return None


def stop_message(session: Session, lang: str) -> str | None:
    """The "Locked in after 14 of 28: …" line while the session stops early, else None."""
    step = session.step() if session.mode != "full" else None
    if step is None or step.stopped not in ("locked", "confident"):
        return None
    n = len(session.history)
    _, total = session.progress()
    if step.stopped == "locked":
        return t(lang, "adaptive.locked", n=n, total=total)
    return t(lang, "adaptive.confident", n=n, total=total, percent=_percent(step.confidence))


def after_stop(session: Session, console: Console, *, lang: str, plain: bool) -> bool:
    """At an early stop, say why and offer the result, going on or Back. True when the quiz
    continues (the taker went on or back); False for the result. Ctrl-C / Ctrl-D raise
    KeyboardInterrupt / EOFError, as in every prompt."""
    message = stop_message(session, lang)
    if message is None:
        return False
    import questionary
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    _, total = session.progress()
    left = max(total - len(session.history), 0)
    if not plain:
        console.clear()
    else:
        console.print()
    console.print(Text(message, style="" if plain else "bold"))
    choices = [
        questionary.Choice(t(lang, "adaptive.see"), value=SEE, shortcut_key="1"),
        questionary.Choice(t(lang, "adaptive.go_on", left=left), value=GO_ON, shortcut_key="2"),
        questionary.Choice(t(lang, "choice.back"), value=BACK, shortcut_key="b"),
    ]
    extra = KeyBindings()

    @extra.add("c-d", eager=True)
    def _eof(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    @extra.add("<sigint>", eager=True)
    @extra.add("c-\\", eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    question = questionary.select(
        t(lang, "adaptive.next"),
        choices=choices,
        use_shortcuts=True,
        use_jk_keys=True,
        qmark="?",
        pointer=">" if plain else "❯",
        instruction=t(lang, "prompt.instruction_plain" if plain else "prompt.instruction"),
    )
    app = question.application
    app.key_bindings = merge_key_bindings([extra, app.key_bindings or KeyBindings()])
    value = question.unsafe_ask()
    if value is None:
        raise KeyboardInterrupt
    if value == GO_ON:
        session.go_on()
        return True
    if value == BACK:
        session.back()
        return True
    return False
