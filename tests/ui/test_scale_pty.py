"""A custom 7-point scale, played with real keys in a pseudo-terminal: its prompt and its
seven labels are what the taker sees, and the top point scores as documented."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from banks import EXTRAVERSION, SEVEN_POINTS, bank_yaml, likert, outcome, write_bank
from popquiz.i18n import t
from ptyutil import ANSI, clean_env, needs_pty, page_through, spawn

BANK = bank_yaml(
    id="seven",
    title="Seven points",
    description="A seven-point inventory.",
    scale=SEVEN_POINTS,
    axes=[EXTRAVERSION],
    questions=[
        likert("party", "Am the life of the party.", "extra"),
        likert("talk", "Start conversations.", "extra"),
    ],
    outcomes=[
        outcome("outgoing", {"extra": 1}, title="Outgoing", description="Out."),
        outcome("reserved", {"extra": -1}, title="Reserved", description="In."),
    ],
)
LABELS = SEVEN_POINTS["labels"]


@needs_pty
def test_a_seven_point_scale_shows_its_labels_and_scores(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, BANK, "seven.yaml")
    child = spawn(tmp_path, ["take", str(bank), "--no-save", "--no-color"], cols=100, rows=40)
    child.expect(re.escape(t("en", "welcome.start")))
    child.send("\r")
    for _ in range(2):
        child.expect(re.escape(t("en", "keys.instruction")))
        child.expect("Very accurate")  # the last label: the whole scale is on screen
        child.send("7")  # a number answers at once
    child.expect(re.escape(t("en", "reveal.more")))  # the reveal: Enter shows the rest
    child.send("\r")
    page_through(child)
    child.close()
    shown = ANSI.sub("", child.logfile_read.getvalue())
    assert child.exitstatus == 0, shown
    assert "How accurately does this describe you?" in shown
    for i, label in enumerate(LABELS, 1):
        assert re.search(rf"{i}\) {re.escape(label)}", shown), label
    assert t("en", "likert5") not in shown and t("en", "prompt.agree") not in shown
    assert "Outgoing" in shown  # the top point on every question: +1, the outgoing outcome
    # The same answers scripted: the axis is exactly +1 (docs/authoring.md, "Answer scales").
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"party": 7, "talk": 7}), encoding="utf-8")
    import subprocess

    out = subprocess.run(
        [sys.executable, "-m", "popquiz", "take", str(bank), "--answers", str(answers), "--json"],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(out)
    assert data["outcome"]["id"] == "outgoing"
    assert [a["score"] for a in data["axes"]] == [1.0]
