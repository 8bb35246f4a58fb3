"""The interactive quiz: a welcome panel, then one Rich panel + questionary select per question.

The questions are built as plain data first (:func:`prompt_spec`), so everything except the
keyboard loop is testable without a terminal. KeyboardInterrupt and EOFError (Ctrl-C, Ctrl-D)
propagate to the caller, which saves progress; prompt_toolkit restores the terminal mode
before they leave each prompt.
"""

from __future__ import annotations

import contextlib
import math
import threading
from typing import TYPE_CHECKING, Any, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from popquiz.ui.console import make_console
from popquiz.ui.lineinput import ask_key, no_echo, read_line
from popquiz.ui.promptlines import CHOICE_INDENT, echo, prompt_message, wrap_title
from popquiz.ui.richtext import plain_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from popquiz.bank.model import AnswerValue, AnyQuestion
    from popquiz.engine.session import Session
    from popquiz.i18n import Locale

BACK = "__back__"  # answer ids match ^[a-z0-9], so these never collide with a bank's ids
SKIP = "__skip__"
# Answers get 1-9, 0, then letters that are not j/k (movement), b (back) or s (skip).
ANSWER_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "a", "c", "d", "e", "f", "g")
SECONDS_PER_QUESTION = 12


class PromptChoice(NamedTuple):
    title: str
    value: str | int
    key: str


class PromptSpec(NamedTuple):
    """Everything one question's prompt shows, as plain data."""

    question: str
    message: str
    choices: tuple[PromptChoice, ...]
    default: str | int | None
    n_answers: int  # choices before the Back/Skip entries


def prompt_spec(session: Session, q: AnyQuestion, locale: Locale) -> PromptSpec:
    """The prompt for question ``q`` given the session so far (Back/Skip, preselection)."""
    choices: list[PromptChoice] = []
    if q.kind == "likert":
        from popquiz.engine.likert import likert_label, likert_prompt, shown_points

        message = likert_prompt(q, locale)
        # Keys follow the screen: key 1 is the first point shown, in the bank's one order.
        for i, v in enumerate(shown_points(q, session.bank.scale_order)):
            choices.append(PromptChoice(likert_label(q, v, locale), v, ANSWER_KEYS[i]))
    else:
        message = locale.t("prompt.choose")
        by_id = {a.id: a for a in q.answers}
        order = session.answer_order.get(q.id) or [a.id for a in q.answers]
        for i, aid in enumerate(a for a in order if a in by_id):
            choices.append(PromptChoice(locale.text(by_id[aid].text), aid, ANSWER_KEYS[i]))
    n_answers = len(choices)
    if q.skippable:
        choices.append(PromptChoice(locale.t("choice.skip"), SKIP, "s"))
    if session.history:
        choices.append(PromptChoice(locale.t("choice.back"), BACK, "b"))

    default: str | int | None = None
    if q.id in session.answers:
        previous = session.answers[q.id]
        default = SKIP if previous is None else previous
    elif q.kind == "likert":
        from popquiz.engine.likert import default_point

        default = default_point(q)  # the neutral point, not an extreme
    if default is not None and all(c.value != default for c in choices):
        default = None
    return PromptSpec(locale.text(q.text), message, tuple(choices), default, n_answers)


def apply_choice(session: Session, value: str | int) -> None:
    """Record the user's pick: an answer, Skip or Back."""
    if value == BACK:
        session.back()
    elif value == SKIP:
        session.answer(None)
    else:
        answer: AnswerValue = value
        session.answer(answer)


def estimated_minutes(session: Session) -> int:
    """The bank's estimate, scaled to the questions this session asks (``--quick``)."""
    bank = session.bank
    asked = len(session.order)
    if bank.estimated_minutes:
        return max(1, round(bank.estimated_minutes * asked / max(len(bank.questions), 1)))
    return max(1, math.ceil(asked * SECONDS_PER_QUESTION / 60))


def welcome_renderable(
    session: Session, locale: Locale, *, plain: bool, resumed: bool
) -> Group | Panel:
    bank = session.bank
    n, _ = session.progress()
    most, upto = session.count()
    minutes = estimated_minutes(session)
    # Follow-up questions asked only after some answers: "up to N", as the bar counts them.
    count = locale.t("welcome.questions_upto" if upto else "welcome.questions", n=most)
    facts = plain_text(
        locale.t(
            "welcome.facts",
            questions=count,
            time=locale.t("welcome.time", minutes=minutes),
        ),
        "" if plain else "bold",
    )
    title = plain_text(locale.text(bank.title), "bold")
    description = plain_text(locale.text(bank.description))
    lines: list[Text] = [title, Text(""), description, Text(""), facts]
    if len(session.order) < len(bank.questions):
        lines.append(
            plain_text(locale.t("welcome.quick", n=len(session.order), total=len(bank.questions)))
        )
    from popquiz.ui.adaptive_view import welcome_note

    if (mode_note := welcome_note(session, locale)) is not None:
        lines.append(Text(mode_note))
    if resumed and session.history:
        # the same count as the facts above it ("up to 30" both times)
        lines.append(plain_text(locale.t("welcome.resume", n=n, total=count)))
    # "s: skip" only in a quiz with a question that may be skipped.
    skip = "_skip" if any(q.skippable for q in bank.questions) else ""
    welcome_keys = locale.t(("keys.welcome_plain" if plain else "keys.welcome") + skip)
    lines.append(plain_text(welcome_keys, "" if plain else "dim"))
    # The title goes inside the panel: a border title would be cropped on narrow terminals.
    if plain:
        return Group(*lines)
    return Panel(Group(*lines), box=box.ROUNDED, padding=(1, 2))


def progress_renderable(session: Session, locale: Locale, width: int, *, plain: bool) -> Text:
    """ "7 / 24" and a bar (plain: "Question 7 of 24"); "7 / up to 26" while follow-up
    questions may still come: the count of :meth:`Session.count`, the one the welcome and the
    stop screen say too. The bar is drawn against it, so it never moves backwards or past its
    end."""
    n, _ = session.progress()
    most, upto = session.count()
    if plain:
        if upto:
            return Text(locale.t("progress.plain_upto", n=n, total=most))
        return Text(locale.t("progress.plain", n=n, total=most))
    head = f"{n} / {locale.t('progress.upto', total=most) if upto else most} "
    bar_width = max(min(width - cell_len(head) - 1, 40), 4)
    # Filled up to the question on screen: the last one shows a full bar, as "30 / 30" does.
    filled = min(bar_width, round(bar_width * n / max(most, 1)))
    line = Text(head, style="bold")
    line.append("━" * filled, style="magenta")
    line.append("─" * (bar_width - filled), style="dim")  # distinct even without colour
    return line


def question_renderable(spec: PromptSpec, *, plain: bool) -> Text | Panel:
    text = plain_text(spec.question, "bold")
    if plain:
        return text
    return Panel(text, box=box.ROUNDED, padding=(0, 1))


def run_quiz(
    session: Session,
    *,
    locale: Locale,
    plain: bool,
    no_color: bool,
    resumed: bool,
    started: Callable[[], None] | None = None,
) -> None:
    """Ask every remaining question of ``session`` in the terminal, until it is finished.
    ``started`` is called once everything the questions need is loaded, just before the
    first one is drawn.

    Ctrl-C / Ctrl-D raise KeyboardInterrupt / EOFError with the terminal restored.
    """
    console = make_console(plain=plain, no_color=no_color)
    console.print(welcome_renderable(session, locale, plain=plain, resumed=resumed))
    console.print(plain_text(locale.t("welcome.start"), "" if plain else "bold"))
    # questionary and prompt_toolkit take ~60 ms to import, and their key bindings ~15 ms to
    # build: do both while the welcome is read (started only now, so that it does not hold
    # the welcome back).
    loader = threading.Thread(target=_import_questionary, name="popquiz-import")
    loader.start()
    try:
        read_line()
        loader.join()
        if started is not None:
            started()
        with no_echo():
            _loop(session, console, locale=locale, plain=plain)
            from popquiz.ui.adaptive_view import after_stop

            while after_stop(session, console, locale=locale, plain=plain):
                _loop(session, console, locale=locale, plain=plain)
    finally:
        loader.join()
    if not plain:
        console.clear()


def ask_resume(note: str, question: str, *, plain: bool, no_color: bool) -> bool:
    """Tell the taker about a paused quiz and ask whether to resume it (one key; Enter: yes).
    Ctrl-C / Ctrl-D raise KeyboardInterrupt / EOFError: the caller keeps the paused quiz."""
    console = make_console(stderr=True, plain=plain, no_color=no_color)
    console.print(plain_text(note, "" if plain else "bold"))
    return ask_key(console, question, answer_keys(enter=True))


def _import_questionary() -> None:
    with contextlib.suppress(Exception):  # a failure shows again at the real import
        import questionary  # noqa: F401

        from popquiz.ui import keys

        keys.share_default_bindings()


def _loop(session: Session, console: Console, *, locale: Locale, plain: bool) -> None:
    import questionary
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.output import ColorDepth

    from popquiz.ui import keys

    keys.share_default_bindings()
    extra = keys.stop_bindings()  # Ctrl-D, SIGINT and Ctrl-\\ pause the quiz like Ctrl-C
    colourless = console.no_color or plain
    style = None if colourless else _style(questionary)
    keep: Any = None  # after a resize or a "no" to pausing: the answer under the pointer
    while (q := session.current()) is not None:
        spec = prompt_spec(session, q, locale)
        if not plain:
            console.clear()
        else:
            console.print()
        console.print(progress_renderable(session, locale, console.width, plain=plain))
        console.print(question_renderable(spec, plain=plain))
        choices: list[Any] = []
        default: Any = None
        wanted = keep if keep is not None else spec.default
        keep = None
        for i, c in enumerate(spec.choices):
            if i == spec.n_answers:
                choices.append(questionary.Separator(" " if plain else "  ───"))
            title = wrap_title(console, c.title, console.width - CHOICE_INDENT - 1)
            choice = questionary.Choice(title, value=c.value, shortcut_key=c.key)
            if c.value == wanted:
                default = choice
            choices.append(choice)
        kwargs: dict[str, Any] = {}
        if colourless:
            kwargs["color_depth"] = ColorDepth.DEPTH_1_BIT
        hint = _instruction(spec, locale, console.width, plain=plain)
        question = questionary.select(
            prompt_message(spec.message, hint, console.width),
            choices=choices,
            default=default,
            use_shortcuts=True,
            use_jk_keys=True,
            use_arrow_keys=True,
            qmark="?",
            pointer=">" if plain else "❯",
            instruction=hint,
            style=style,
            **kwargs,
        )
        app = question.application
        # questionary's own echo of the answer is one line that the terminal wraps, splitting
        # words and drawing over the choices: the prompt goes, and echo() says it instead.
        app.erase_when_done = True
        seen: dict[str, Any] = {}
        instant = keys.instant_bindings(_instant(spec), seen)
        # Later bindings win: popquiz's own keys over questionary's.
        app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), extra, instant])
        keys.watch_resize(app, seen)
        _drop_typeahead(app)
        value = question.unsafe_ask()
        if value is None:  # defensive: questionary returns None only when aborted
            raise KeyboardInterrupt
        if value in (keys.RESIZE, keys.PAUSE):
            if value == keys.PAUSE and ask_pause(locale.t("quiz.pause_ask"), console):
                raise KeyboardInterrupt
            keep = seen.get("pointed")  # redrawn for the new width / continued as it was
            continue
        title = next((c.title for c in spec.choices if c.value == value), str(value))
        console.print(echo(spec.message, title, console.width, plain=plain))
        apply_choice(session, value)


def _instruction(spec: PromptSpec, locale: Locale, width: int, *, plain: bool) -> str:
    """The key hint after the prompt's message; a short one where the full one would wrap."""
    if plain:
        return locale.t("keys.instruction_plain")
    skip = "_skip" if any(c.value == SKIP for c in spec.choices) else ""  # only where it works
    full = locale.t("keys.instruction" + skip)
    if cell_len(f"? {spec.message} {full}") < width:
        return full
    return locale.t("keys.instruction_short" + skip)


def _instant(spec: PromptSpec) -> dict[str, Any]:
    """Keys that answer at once: Back, Skip and, with at most nine answers, the numbers."""
    from popquiz.ui.keys import INSTANT_MAX

    out: dict[str, Any] = {}
    for i, c in enumerate(spec.choices):
        if c.value in (BACK, SKIP) or (spec.n_answers <= INSTANT_MAX and i < spec.n_answers):
            out[c.key] = c.value
    return out


def _drop_typeahead(app: Any) -> None:
    """Forget keys typed before this question was shown (an Enter pressed out of habit after
    a number that already answered must not answer the next question too)."""
    from prompt_toolkit.input.typeahead import clear_typeahead

    with contextlib.suppress(Exception):
        clear_typeahead(app.input)


def ask_pause(question: str, console: Console) -> bool:
    """Esc or q: ask whether to pause, answered by one key (y or Enter: yes; n or Esc: no).
    Ctrl-C / Ctrl-D here pause too."""
    console.print()
    try:
        return ask_key(console, question, {**answer_keys(enter=True), "\x1b": False})
    except EOFError:
        return True


def ask_replace(note: str, question: str, *, plain: bool, no_color: bool) -> bool:
    """Tell the taker that another terminal's paused quiz stands in the way and ask whether to
    replace it (one key; Enter: no). Ctrl-C / Ctrl-D raise KeyboardInterrupt / EOFError: the
    caller keeps the other one."""
    console = make_console(stderr=True, plain=plain, no_color=no_color)
    console.print()
    console.print(plain_text(note, "" if plain else "bold"))
    return ask_key(console, question, answer_keys(enter=False))


# One key answers a yes/no question: y or n, also as typed with a Korean keyboard layout (ㅛ, ㅜ)
# or full-width, or the first syllable of the answer in the screen's language; Enter gives the
# answer shown in capitals ([Y/n] or [y/N]).
YES_KEYS = "yㅛｙ예네はハ"
NO_KEYS = "nㅜｎ아いノ"


def answer_keys(*, enter: bool) -> dict[str, bool]:
    """The keys of a yes/no question; ``enter``: the answer Enter gives."""
    return {"": enter, **dict.fromkeys(YES_KEYS, True), **dict.fromkeys(NO_KEYS, False)}


def _style(questionary: Any) -> Any:
    return questionary.Style(
        [
            ("qmark", "fg:ansimagenta bold"),
            ("question", "bold"),
            ("pointer", "fg:ansimagenta bold"),
            ("highlighted", "fg:ansimagenta bold"),
            ("answer", "fg:ansicyan bold"),
            ("instruction", "fg:ansibrightblack"),
            ("separator", "fg:ansibrightblack"),
        ]
    )
