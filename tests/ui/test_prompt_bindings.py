"""prompt_toolkit's default key bindings are built once per quiz and serve every prompt.

questionary's select makes three applications per question, and each used to build the
default bindings (~1,800 of them) anew; :func:`popquiz.ui.keys.share_default_bindings` builds
them once, and the Vi ones only for an application in Vi mode. These tests run real selects on
a pipe, in this process.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

questionary = pytest.importorskip("questionary")

from prompt_toolkit.application import Application, application  # noqa: E402
from prompt_toolkit.application.current import set_app  # noqa: E402
from prompt_toolkit.enums import EditingMode  # noqa: E402
from prompt_toolkit.input import create_pipe_input  # noqa: E402
from prompt_toolkit.key_binding import defaults  # noqa: E402
from prompt_toolkit.output import DummyOutput  # noqa: E402

from popquiz.ui import keys  # noqa: E402


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """share_default_bindings() for one test; prompt_toolkit's own loaders come back after."""
    for name in ("load_key_bindings", "load_page_navigation_bindings"):
        monkeypatch.setattr(application, name, getattr(application, name))
    for name in ("load_vi_bindings", "load_vi_search_bindings"):
        monkeypatch.setattr(defaults, name, getattr(defaults, name))
    keys.share_default_bindings()
    yield


def _select(pipe: Any, *, instant: dict[str, Any] | None = None) -> Any:
    question = questionary.select(
        "Pick one",
        choices=[
            questionary.Choice("first", value="a", shortcut_key="1"),
            questionary.Choice("second", value="b", shortcut_key="2"),
            questionary.Choice("third", value="c", shortcut_key="3"),
        ],
        use_shortcuts=True,
        use_jk_keys=True,
        input=pipe,
        output=DummyOutput(),
    )
    if instant is not None:
        from prompt_toolkit.key_binding import merge_key_bindings

        app = question.application
        bindings = keys.instant_bindings(instant, {})
        app.key_bindings = merge_key_bindings([app.key_bindings, keys.stop_bindings(), bindings])
    return question


def test_every_prompt_of_a_quiz_uses_one_set_of_default_bindings(shared: None) -> None:
    with create_pipe_input() as pipe:
        first, second = _select(pipe), _select(pipe)
    apps = [first.application, second.application]
    assert apps[0] is not apps[1]
    assert apps[0]._default_bindings is apps[1]._default_bindings
    assert apps[0]._page_navigation_bindings is apps[1]._page_navigation_bindings
    keys.share_default_bindings()  # a second call changes nothing
    with create_pipe_input() as pipe:
        assert _select(pipe).application._default_bindings is apps[0]._default_bindings


def test_prompts_sharing_the_bindings_still_answer_keys(shared: None) -> None:
    """One prompt after another, as in a quiz: moving with j and Enter, a number that answers
    at once, and Ctrl-D still ending a prompt."""
    with create_pipe_input() as pipe:
        pipe.send_text("j\r")
        assert _select(pipe).unsafe_ask() == "b"
    with create_pipe_input() as pipe:
        pipe.send_text("3")
        assert _select(pipe, instant={"3": "c"}).unsafe_ask() == "c"
    with create_pipe_input() as pipe:
        pipe.send_text("\x04")
        with pytest.raises(EOFError):
            _select(pipe, instant={}).unsafe_ask()


def _active(bindings: Any, app: Any) -> dict[tuple[Any, ...], list[str]]:
    """For each key sequence, the handlers (by name) whose filters let them act in ``app``."""
    with set_app(app):
        found: dict[tuple[Any, ...], list[str]] = {}
        for b in bindings.bindings:
            if b.filter():
                found.setdefault(tuple(b.keys), []).append(b.handler.__qualname__)
        return found


@pytest.mark.parametrize("mode", [EditingMode.EMACS, EditingMode.VI])
def test_the_shared_bindings_act_as_prompt_toolkits_own_in_either_mode(
    monkeypatch: pytest.MonkeyPatch, mode: EditingMode
) -> None:
    """Key for key, the same handlers act as in prompt_toolkit's own default set, with a
    buffer focused (as in questionary's select): in Emacs mode (popquiz's prompts) without the
    Vi bindings ever being built, and in Vi mode with them, built when first looked at."""
    from prompt_toolkit.buffer import Buffer
    from prompt_toolkit.key_binding.bindings import page_navigation, vi
    from prompt_toolkit.layout import Layout, Window
    from prompt_toolkit.layout.controls import BufferControl

    # prompt_toolkit's own loaders, whatever an earlier test in this process left shared.
    monkeypatch.setattr(application, "load_key_bindings", defaults.load_key_bindings)
    monkeypatch.setattr(
        application,
        "load_page_navigation_bindings",
        page_navigation.load_page_navigation_bindings,
    )
    for name in ("load_vi_bindings", "load_vi_search_bindings"):
        monkeypatch.setattr(defaults, name, getattr(vi, name))
    own = defaults.load_key_bindings()
    built: list[str] = []
    for name in ("load_vi_bindings", "load_vi_search_bindings"):
        original = getattr(vi, name)

        def spy(original: Any = original, name: str = name) -> Any:
            built.append(name)
            return original()

        monkeypatch.setattr(defaults, name, spy)
    keys.share_default_bindings()
    shared = application.load_key_bindings()
    layout = Layout(Window(BufferControl(Buffer())))
    app: Any = Application(layout=layout, editing_mode=mode, output=DummyOutput())
    expected = _active(own, app)
    owners = {name.split(".")[0] for names in expected.values() for name in names}
    assert ("load_vi_bindings" if mode == EditingMode.VI else "load_emacs_bindings") in owners
    assert built == []
    assert _active(shared, app) == expected
    vi = ["load_vi_bindings", "load_vi_search_bindings"]
    assert sorted(built) == (vi if mode == EditingMode.VI else [])
