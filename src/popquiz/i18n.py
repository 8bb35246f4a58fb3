"""The app's own user-visible strings (chrome, prompts, result headings) in en, ko and ja.

Bank text is translated in the bank itself; this table covers everything around it. A test
checks that every key exists in every language with the same placeholders.
"""

from __future__ import annotations

import os

LANGUAGES = ("en", "ko", "ja")

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "reason": "you both lean “{pole}”",
        "likert1": "Strongly disagree",
        "likert2": "Disagree",
        "likert3": "Neutral",
        "likert4": "Agree",
        "likert5": "Strongly agree",
        "label.strong": "strong",
        "label.leaning": "leaning",
        "label.balanced": "balanced",
        "result.heading": "Your result",
        "result.confidence": "Confidence",
        "result.axes": "Where you stand",
        "result.why": "Why: the answers that moved you most",
        "result.recs": "Play these first",
        "result.bridge": "Bridge pick",
        "result.previous": "Last time: {title}, {label}; now: {now}, {now_label}",
        "result.quick": "Quick mode: fewer questions, so this result is less certain.",
        "col.name": "Act",
        "col.scene": "Scene",
        "col.match": "Match",
        "col.why": "Why",
        "col.song": "Start with",
        "unmeasured": "not measured",
        "status.asof": "{text} (as of {as_of})",
    },
    "ko": {
        "reason": "둘 다 “{pole}” 쪽",
        "likert1": "전혀 아니다",
        "likert2": "아니다",
        "likert3": "보통이다",
        "likert4": "그렇다",
        "likert5": "매우 그렇다",
        "label.strong": "확실함",
        "label.leaning": "기울어짐",
        "label.balanced": "균형",
        "result.heading": "당신의 결과",
        "result.confidence": "확신도",
        "result.axes": "나의 위치",
        "result.why": "이유: 결과를 가장 크게 움직인 답",
        "result.recs": "먼저 들어 볼 아티스트",
        "result.bridge": "다리 놓기 추천",
        "result.previous": "지난번: {title} ({label}) → 이번: {now} ({now_label})",
        "result.quick": "빠른 모드: 질문이 적어서 결과가 덜 확실해요.",
        "col.name": "아티스트",
        "col.scene": "신",
        "col.match": "일치",
        "col.why": "이유",
        "col.song": "추천곡",
        "unmeasured": "측정 안 됨",
        "status.asof": "{text} ({as_of} 기준)",
    },
    "ja": {
        "reason": "どちらも「{pole}」寄り",
        "likert1": "まったくそう思わない",
        "likert2": "そう思わない",
        "likert3": "どちらでもない",
        "likert4": "そう思う",
        "likert5": "とてもそう思う",
        "label.strong": "はっきり",
        "label.leaning": "やや",
        "label.balanced": "バランス型",
        "result.heading": "あなたの結果",
        "result.confidence": "確信度",
        "result.axes": "あなたの立ち位置",
        "result.why": "理由：結果をいちばん動かした回答",
        "result.recs": "まず聴いてほしいアーティスト",
        "result.bridge": "架け橋のおすすめ",
        "result.previous": "前回：{title}（{label}）→ 今回：{now}（{now_label}）",
        "result.quick": "クイックモード：質問が少ないので、結果の確かさは下がります。",
        "col.name": "アーティスト",
        "col.scene": "シーン",
        "col.match": "一致",
        "col.why": "理由",
        "col.song": "最初の一曲",
        "unmeasured": "未測定",
        "status.asof": "{text}（{as_of}時点）",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (English if the language or key is missing)."""
    table = MESSAGES.get(lang) or MESSAGES["en"]
    template = table.get(key) or MESSAGES["en"][key]
    return template.format(**values) if values else template


def locale_language(environ: dict[str, str] | None = None) -> str | None:
    """The user's language from LC_ALL / LC_MESSAGES / LANG / LANGUAGE (e.g. 'ko'), if any."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(":")[0].split(".")[0].split("_")[0].split("-")[0].lower() or None
    return None


def pick_language(requested: str | None, available: tuple[str, ...], default: str) -> str:
    """--lang if the bank has it, else the locale's language if the bank has it, else default."""
    if requested:
        return requested
    loc = locale_language()
    if loc and loc in available:
        return loc
    return default
