"""Keys that act at once on a question's prompt, and re-rendering when the terminal resizes.

questionary's select moves its pointer on a shortcut key and waits for Enter. On top of its
key bindings (merged after them, so these win) this adds:

- ``b`` goes back and ``s`` skips at once, where the question offers Back / Skip;
- a number picks that answer at once when the question has at most nine (``1``-``9`` are then
  unambiguous); with more, numbers only move the pointer, as before; the adaptive stop
  screen's menu answers at once the same way;
- Esc and ``q`` end the prompt with :data:`PAUSE`: the caller asks whether to pause;
- a change of terminal size ends the prompt with :data:`RESIZE` (the pointer's answer is kept)
  so that the caller redraws the whole question for the new width.

:func:`share_default_bindings` builds prompt_toolkit's own default bindings once per quiz, its
Vi bindings only if a prompt in Vi mode ever needs them.

Imported only by the interactive quiz (prompt_toolkit is already loaded then).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any

from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.key_binding.key_bindings import Binding, KeyBindingsBase, KeysTuple

PAUSE = "__pause__"  # answer ids match ^[a-z0-9], so these never collide with a bank's ids
RESIZE = "__resize__"
INSTANT_MAX = 9  # number keys answer at once up to this many answers


def share_default_bindings() -> None:
    """Build prompt_toolkit's default key bindings (Emacs, Vi, mouse, cursor reports: about
    1,800 bindings, 10-15 ms) once, instead of for every application.

    Each ``Application`` loads them when it is made, and questionary's select makes three per
    question (its own and two ``PromptSession``s whose layouts it borrows): that was most of
    the time between a question being asked and its prompt being drawn. The bindings keep no
    state (each handler acts on the application of the event it is given, each filter asks
    the running application), so one set serves every prompt. They are built here (the quiz
    calls this while the welcome is read), the Vi ones only when first needed
    (:class:`_WhenViMode`). Idempotent; if prompt_toolkit no longer has these loaders, nothing
    changes."""
    from prompt_toolkit.application import application
    from prompt_toolkit.key_binding import defaults

    for name in ("load_vi_bindings", "load_vi_search_bindings"):
        vi_loader = getattr(defaults, name, None)
        if callable(vi_loader) and not isinstance(vi_loader, _LazyViLoader):
            setattr(defaults, name, _LazyViLoader(vi_loader))
    for name in ("load_key_bindings", "load_page_navigation_bindings"):
        loader = getattr(application, name, None)
        if callable(loader) and not hasattr(loader, "cache_info"):
            shared = functools.cache(loader)
            shared()
            setattr(application, name, shared)


class _WhenViMode(KeyBindingsBase):
    """prompt_toolkit's Vi bindings (~330 of them, some 40% of the work of building the default
    set), built the first time an application in Vi mode looks a key up. Every one of them is
    conditional on Vi mode, and popquiz's prompts are in Emacs mode: until then this holds no
    binding, exactly what those filters would let through."""

    def __init__(self, load: Callable[[], KeyBindingsBase]) -> None:
        self._load = load
        self._built: KeyBindingsBase | None = None

    def _bindings(self) -> KeyBindingsBase | None:
        if self._built is None:
            from prompt_toolkit.filters import vi_mode

            if not vi_mode():  # outside any application too: the dummy one is in Emacs mode
                return None
            self._built = self._load()
        return self._built

    @property
    def _version(self) -> Hashable:
        # A new version once built, so that every merged set containing this one looks again.
        built = self._bindings()
        return ("not built",) if built is None else ("built", built._version)

    @property
    def bindings(self) -> list[Binding]:
        built = self._bindings()
        return [] if built is None else built.bindings

    def get_bindings_for_keys(self, keys: KeysTuple) -> list[Binding]:
        built = self._bindings()
        return [] if built is None else built.get_bindings_for_keys(keys)

    def get_bindings_starting_with_keys(self, keys: KeysTuple) -> list[Binding]:
        built = self._bindings()
        return [] if built is None else built.get_bindings_starting_with_keys(keys)


class _LazyViLoader:
    """Stands in for one of prompt_toolkit's Vi loaders inside ``load_key_bindings``."""

    def __init__(self, load: Callable[[], KeyBindingsBase]) -> None:
        self.load = load

    def __call__(self) -> KeyBindingsBase:
        return _WhenViMode(self.load)


def stop_bindings() -> KeyBindings:
    """Ctrl-D ends a prompt with EOFError; SIGINT (prompt_toolkit turns a ``kill -INT`` into
    this key, which questionary ignores) and Ctrl-\\ (a key in raw mode) with
    KeyboardInterrupt: every prompt of the quiz stops the way Ctrl-C does."""
    extra = KeyBindings()

    @extra.add("c-d", eager=True)
    def _eof(event: Any) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    @extra.add("<sigint>", eager=True)
    @extra.add("c-\\", eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return extra


def pointed_value(app: Any) -> Any:
    """The value under the select's pointer (None if it cannot be found)."""
    control = _inquirer(app)
    if control is None:
        return None
    choice = control.get_pointed_at()
    return getattr(choice, "value", None)


def _inquirer(app: Any) -> Any:
    from questionary.prompts.common import InquirerControl

    for window in app.layout.find_all_windows():
        if isinstance(window.content, InquirerControl):
            return window.content
    return None


def instant_bindings(
    values_by_key: dict[str, Any], seen: dict[str, Any], *, pause: bool = True
) -> KeyBindings:
    """Bindings that answer at once: ``values_by_key`` maps a key to the value it picks. With
    ``pause``, Esc and q end the prompt with :data:`PAUSE` and ``seen["pointed"]`` is the
    value the pointer was on."""
    bindings = KeyBindings()

    def picker(key: str, value: Any) -> None:
        @bindings.add(key, eager=True)
        def _pick(event: Any) -> None:
            control = _inquirer(event.app)
            if control is not None:
                for i, choice in enumerate(control.choices):
                    if getattr(choice, "value", object()) == value:
                        control.pointed_at = i
                control.is_answered = True  # the prompt shows the answer, as after Enter
            event.app.exit(result=value)

    for key, value in values_by_key.items():
        picker(key, value)

    if not pause:
        return bindings

    @bindings.add("escape", eager=True)
    @bindings.add("q", eager=True)
    def _pause(event: Any) -> None:
        seen["pointed"] = pointed_value(event.app)
        event.app.exit(result=PAUSE)

    return bindings


def watch_resize(app: Any, seen: dict[str, Any]) -> None:
    """End ``app`` with :data:`RESIZE` as soon as the terminal's size changes; ``seen`` then
    holds, under "pointed", the value the pointer was on."""
    try:
        start = app.output.get_size()
    except Exception:
        return
    done = False

    def check(_: Any) -> None:
        nonlocal done
        if done:
            return
        try:
            size = app.output.get_size()
        except Exception:
            return
        if size != start:
            done = True
            seen["pointed"] = pointed_value(app)
            app.exit(result=RESIZE)

    app.before_render += check
