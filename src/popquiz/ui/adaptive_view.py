"""What adaptive play adds to the screens: the stop screen, and the notes on the
welcome and result screens. questionary is imported only when the stop screen is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from popquiz.ui.promptlines import CHOICE_INDENT, echo, prompt_message, wrap_title
from popquiz.ui.result_words import estimate_percent
from popquiz.ui.richtext import plain_text

if TYPE_CHECKING:
    from rich.console import Console

    from popquiz.engine.session import Session
    from popquiz.i18n import Locale

SEE, GO_ON, BACK = "__see__", "__go_on__", "__back__"


def welcome_note(session: Session, locale: Locale) -> str | None:
    """What the welcome screen says about the mode."""
    if session.mode == "adaptive":
        return locale.t("adaptive.welcome")
    if session.mode == "quick":
        from popquiz.engine.adaptive import settings_for

        percent = estimate_percent(settings_for(session.bank).confidence)
        return locale.t("adaptive.welcome_quick", percent=percent)
    return None


def stop_message(session: Session, locale: Locale) -> str | None:
    """The "Locked in after 14 of 28: …" line while the session stops early, else None."""
    step = session.step() if session.mode != "full" else None
    if step is None or step.stopped not in ("locked", "confident"):
        return None
    n = len(session.history)
    _, total = session.progress()
    if step.stopped == "locked":
        return locale.t("adaptive.locked", n=n, total=total)
    percent = estimate_percent(step.confidence)
    return locale.t("adaptive.confident", n=n, total=total, percent=percent)


def after_stop(session: Session, console: Console, *, locale: Locale, plain: bool) -> bool:
    """At an early stop, say why and offer the result, going on or Back. True when the quiz
    continues (the taker went on or back); False for the result. Ctrl-C / Ctrl-D raise
    KeyboardInterrupt / EOFError, as in every prompt."""
    message = stop_message(session, locale)
    if message is None:
        return False
    import questionary
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    from popquiz.ui import keys

    _, total = session.progress()
    left = max(total - len(session.history), 0)
    if not plain:
        console.clear()
    else:
        console.print()
    console.print(plain_text(message, "" if plain else "bold"))
    titles = {
        SEE: locale.t("adaptive.see"),
        GO_ON: locale.t("adaptive.go_on", left=left),
        BACK: locale.t("choice.back"),
    }
    room = console.width - CHOICE_INDENT - 1
    shortcuts = dict(zip(("1", "2", "b"), titles, strict=True))
    choices = [
        questionary.Choice(wrap_title(console, titles[value], room), value=value, shortcut_key=key)
        for key, value in shortcuts.items()
    ]
    extra = keys.stop_bindings()
    instant = keys.instant_bindings(shortcuts, {}, pause=False)  # no Enter after 1, 2 or b
    hint = locale.t("adaptive.instruction")
    question = questionary.select(
        prompt_message(locale.t("adaptive.next"), hint, console.width),
        choices=choices,
        use_shortcuts=True,
        use_jk_keys=True,
        qmark="?",
        pointer=">" if plain else "❯",
        instruction=hint,
    )
    app = question.application
    app.erase_when_done = True  # its echo is printed below, broken by popquiz's rules
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), extra, instant])
    value = question.unsafe_ask()
    if value is None:
        raise KeyboardInterrupt
    if value in titles:
        console.print(echo(locale.t("adaptive.next"), titles[value], console.width, plain=plain))
    if value == GO_ON:
        session.go_on()
        return True
    if value == BACK:
        session.back()
        return True
    return False
