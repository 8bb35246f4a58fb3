"""The app's own user-visible strings (chrome, prompts, result headings) in en, ko and ja.

Bank text is translated in the bank itself; this table covers everything around it. A test
checks that every key exists in every language with the same placeholders.
"""

from __future__ import annotations

import os
from typing import Any

LANGUAGES = ("en", "ko", "ja")

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "welcome.facts": "{questions}, {time}",
        "result.start_with": "Start with: {song}",
        "quiz.paused": "Quiz paused; your answers so far are saved. Continue with: {command}",
        "quiz.not_saved": "Quiz stopped; your progress could not be saved ({error}).",
        "quiz.paused_found": "You have a paused quiz for this bank ({answered} answered).",
        "quiz.resume_ask": "Resume it? [Y/n] ",
        "quiz.paused_kept": "This bank has a paused quiz; it is kept. Continue it with: {command}",
        "quiz.kept": "Nothing was answered; the paused quiz is kept. Continue it with: {command}",
        "quiz.other_saved": "Another popquiz saved progress for this bank meanwhile ({answered} "
        "answered); it was kept, not overwritten. Continue it with: {command}",
        "quiz.progress_repaired": "Saved progress was fitted to the current bank: {detail}.",
        "quiz.progress_unusable": "The paused quiz cannot be used ({error}); starting afresh "
        "(it is replaced only once you answer).",
        "result.answer": "Answer: {answer}",
        "result.verdict": "Verdict: {strength}",
        "axis.toward": "{percent} toward {pole}",
        "axis.middle": "right in the middle",
        "welcome.questions": "{n} questions",
        "welcome.time": "about {minutes} min",
        "welcome.keys": "↑/↓ or j/k: move · 1-9: pick · Enter: answer · Ctrl-C: pause",
        "welcome.keys_plain": "Keys: up and down arrows or j and k to move, a number to pick, "
        "Enter to answer, Ctrl-C to pause and save.",
        "welcome.start": "Press Enter to start.",
        "welcome.resume": "Welcome back: continuing at question {n} of {total}.",
        "welcome.quick": "Quick mode: {n} of {total} questions, the ones that tell the most.",
        "progress.plain": "Question {n} of {total}",
        "prompt.choose": "Your answer",
        "prompt.agree": "How much do you agree?",
        "prompt.instruction": "(↑/↓, j/k, 1-9, Enter)",
        "prompt.instruction_plain": "(arrows, j/k or a number, then Enter)",
        "choice.back": "Back",
        "choice.skip": "Skip",
        "quiz.done": "All done. Here is your result.",
        "result.skipped": "{n} skipped",
        "result.none": "none",
        "export.title": "popquiz result",
        "reason.shared": "you both lean “{pole}”",
        "reason.theirs": "they lean “{pole}”",
        "likert1": "Strongly disagree",
        "likert2": "Disagree",
        "likert3": "Neutral",
        "likert4": "Agree",
        "likert5": "Strongly agree",
        "strength.clear": "clear",
        "strength.leaning": "leaning",
        "strength.close": "close call",
        "result.explain": "Why this fits you",
        "result.heading": "Your result",
        "result.axes": "Where you stand",
        "result.why": "Why: the answers that moved you most",
        "result.recs": "Play these first",
        "result.bridge": "Bridge pick",
        "result.bridges": "Bridge picks",
        "result.previous": "Last time: {title}, {label}; now: {now}, {now_label}",
        "result.quick": "Quick mode: fewer questions, so this result is less certain.",
        "col.name": "Act",
        "col.scene": "Scene",
        "col.match": "Match",
        "col.why": "Why",
        "col.song": "Start with",
        "unmeasured": "not measured",
        "status.asof": "{text} (as of {as_of})",
        # issue 20: adaptive play (lock-in and the quick estimate)
        "adaptive.locked": "Locked in after {n} of {total}: the remaining questions could not "
        "change it.",
        "adaptive.confident": "A quick estimate after {n} of {total}: about {percent}% likely to "
        "match the full quiz.",
        "adaptive.next": "What next?",
        "adaptive.see": "See my result",
        "adaptive.go_on": "Go on for a finer profile ({left} more)",
        "adaptive.welcome": "Adaptive: the quiz stops as soon as your result is locked in.",
        "adaptive.welcome_quick": "Quick mode: the quiz stops once your result is about "
        "{percent}% sure. It is an estimate.",
        "result.locked": "Locked in after {n} of {total} questions: the rest could not change "
        "this outcome.",
        "result.estimate": "Quick mode: an estimate after {n} of {total} questions, about "
        "{percent}% likely to match the full quiz.",
    },
    "ko": {
        "welcome.facts": "{questions}, {time}",
        "result.start_with": "추천곡: {song}",
        "quiz.paused": "퀴즈를 잠시 멈췄어요. 지금까지의 답은 저장했어요. 이어서 하려면: {command}",
        "quiz.not_saved": "퀴즈를 멈췄지만 진행 상황을 저장하지 못했어요 ({error}).",
        "quiz.paused_found": "이 퀴즈를 하다가 멈춘 기록이 있어요 (답 {answered}개).",
        "quiz.resume_ask": "이어서 할까요? [Y/n] ",
        "quiz.paused_kept": "이 퀴즈에 멈춘 기록이 있어요. 그대로 두었어요. "
        "이어서 하려면: {command}",
        "quiz.kept": "아직 답한 문제가 없어서 멈춘 기록을 그대로 두었어요. "
        "이어서 하려면: {command}",
        "quiz.other_saved": "그사이 다른 popquiz가 이 퀴즈의 진행 상황을 저장했어요 (답 "
        "{answered}개). 덮어쓰지 않고 그대로 두었어요. 이어서 하려면: {command}",
        "quiz.progress_repaired": "저장된 진행 상황을 지금의 퀴즈에 맞게 고쳤어요: {detail}.",
        "quiz.progress_unusable": "멈춘 기록을 쓸 수 없어요 ({error}). 처음부터 시작해요 "
        "(답을 하기 전까지는 기록을 지우지 않아요).",
        "result.answer": "답: {answer}",
        "result.verdict": "판정: {strength}",
        "axis.toward": "“{pole}” 쪽으로 {percent}",
        "axis.middle": "딱 중간",
        "welcome.questions": "질문 {n}개",
        "welcome.time": "약 {minutes}분",
        "welcome.keys": "↑/↓ 또는 j/k: 이동 · 1-9: 선택 · Enter: 답하기 · Ctrl-C: 일시정지",
        "welcome.keys_plain": "조작: 위아래 화살표나 j, k로 이동, 숫자로 선택, Enter로 답하기, "
        "Ctrl-C로 일시정지하고 저장.",
        "welcome.start": "Enter를 누르면 시작해요.",
        "welcome.resume": "다시 오셨네요! {total}개 중 {n}번째 질문부터 이어서 해요.",
        "welcome.quick": "빠른 모드: {total}개 중 가장 많은 걸 알려 주는 {n}개만 물어봐요.",
        "progress.plain": "{total}개 중 {n}번째 질문",
        "prompt.choose": "나의 답",
        "prompt.agree": "얼마나 동의하나요?",
        "prompt.instruction": "(↑/↓, j/k, 1-9, Enter)",
        "prompt.instruction_plain": "(화살표, j/k 또는 숫자, 그리고 Enter)",
        "choice.back": "이전으로",
        "choice.skip": "건너뛰기",
        "quiz.done": "끝! 결과를 확인해 보세요.",
        "result.skipped": "{n}개 건너뜀",
        "result.none": "없음",
        "export.title": "popquiz 결과",
        "reason.shared": "둘 다 “{pole}” 쪽",
        "reason.theirs": "이쪽은 “{pole}” 쪽",
        "likert1": "전혀 아니다",
        "likert2": "아니다",
        "likert3": "보통이다",
        "likert4": "그렇다",
        "likert5": "매우 그렇다",
        "strength.clear": "뚜렷함",
        "strength.leaning": "기운 편",
        "strength.close": "박빙",
        "result.explain": "이 결과가 맞는 이유",
        "result.heading": "당신의 결과",
        "result.axes": "나의 위치",
        "result.why": "이유: 결과를 가장 크게 움직인 답",
        "result.recs": "먼저 들어 볼 아티스트",
        "result.bridge": "다리 놓기 추천",
        "result.bridges": "다리 놓기 추천",
        "result.previous": "지난번: {title} ({label}), 이번: {now} ({now_label})",
        "result.quick": "빠른 모드: 질문이 적어서 결과가 덜 확실해요.",
        "col.name": "아티스트",
        "col.scene": "신",
        "col.match": "일치",
        "col.why": "이유",
        "col.song": "추천곡",
        "unmeasured": "측정 안 됨",
        "status.asof": "{text} ({as_of} 기준)",
        # issue 20: adaptive play (lock-in and the quick estimate)
        "adaptive.locked": "{total}개 중 {n}개 만에 결과가 확정됐어요: 남은 질문으로는 "
        "바뀌지 않아요.",
        "adaptive.confident": "{total}개 중 {n}개로 본 빠른 추정: 전체 퀴즈와 같을 확률은 약 "
        "{percent}%예요.",
        "adaptive.next": "다음은?",
        "adaptive.see": "결과 보기",
        "adaptive.go_on": "더 자세한 프로필을 위해 계속하기 ({left}개 더)",
        "adaptive.welcome": "적응형: 결과가 확정되는 순간 퀴즈가 끝나요.",
        "adaptive.welcome_quick": "빠른 모드: 결과가 약 {percent}% 확실해지면 끝나요. 추정이에요.",
        "result.locked": "{total}개 중 {n}개 만에 확정: 나머지 질문으로는 이 결과가 바뀌지 않아요.",
        "result.estimate": "빠른 모드: {total}개 중 {n}개로 본 추정이에요. 전체 퀴즈와 같을 확률은 "
        "약 {percent}%예요.",
    },
    "ja": {
        "welcome.facts": "{questions}・{time}",
        "result.start_with": "最初の一曲：{song}",
        "quiz.paused": "クイズを中断しました。ここまでの回答は保存済みです。続きは：{command}",
        "quiz.not_saved": "クイズを中断しましたが、進み具合を保存できませんでした（{error}）。",
        "quiz.paused_found": "このクイズの中断データがあります（回答 {answered} 件）。",
        "quiz.resume_ask": "続きから再開しますか？ [Y/n] ",
        "quiz.paused_kept": "このクイズには中断データがあります（そのまま残します）。"
        "続きは：{command}",
        "quiz.kept": "まだ何も回答していないので、中断データはそのまま残しました。"
        "続きは：{command}",
        "quiz.other_saved": "その間に別の popquiz がこのクイズの進み具合を保存しました（回答 "
        "{answered} 件）。上書きせずに残してあります。続きは：{command}",
        "quiz.progress_repaired": "保存された進み具合を現在のクイズに合わせました：{detail}。",
        "quiz.progress_unusable": "中断データを使えません（{error}）。最初から始めます"
        "（回答するまで中断データは消しません）。",
        "result.answer": "回答：{answer}",
        "result.verdict": "判定：{strength}",
        "axis.toward": "「{pole}」寄り {percent}",
        "axis.middle": "ちょうど真ん中",
        "welcome.questions": "全{n}問",
        "welcome.time": "約{minutes}分",
        "welcome.keys": "↑/↓ または j/k：移動 · 1-9：選択 · Enter：回答 · Ctrl-C：中断",
        "welcome.keys_plain": "操作：上下の矢印キーか j と k で移動、数字で選択、Enter で回答、"
        "Ctrl-C で中断して保存。",
        "welcome.start": "Enter キーを押すと始まります。",
        "welcome.resume": "おかえりなさい。全{total}問中、第{n}問から再開します。",
        "welcome.quick": "クイックモード：全{total}問から、いちばん参考になる"
        "{n}問だけを出題します。",
        "progress.plain": "全{total}問中 第{n}問",
        "prompt.choose": "あなたの答え",
        "prompt.agree": "どのくらい当てはまりますか？",
        "prompt.instruction": "(↑/↓, j/k, 1-9, Enter)",
        "prompt.instruction_plain": "(矢印キー、j/k または数字、そして Enter)",
        "choice.back": "前の質問へ",
        "choice.skip": "スキップ",
        "quiz.done": "おつかれさまでした！結果はこちらです。",
        "result.skipped": "{n}問スキップ",
        "result.none": "なし",
        "export.title": "popquiz の結果",
        "reason.shared": "どちらも「{pole}」寄り",
        "reason.theirs": "こちらは「{pole}」寄り",
        "likert1": "まったくそう思わない",
        "likert2": "そう思わない",
        "likert3": "どちらでもない",
        "likert4": "そう思う",
        "likert5": "とてもそう思う",
        "strength.clear": "はっきり",
        "strength.leaning": "やや傾き",
        "strength.close": "僅差",
        "result.explain": "あなたに合う理由",
        "result.heading": "あなたの結果",
        "result.axes": "あなたの立ち位置",
        "result.why": "理由：結果をいちばん動かした回答",
        "result.recs": "まず聴いてほしいアーティスト",
        "result.bridge": "架け橋のおすすめ",
        "result.bridges": "架け橋のおすすめ",
        "result.previous": "前回：{title}（{label}）、今回：{now}（{now_label}）",
        "result.quick": "クイックモード：質問が少ないので、結果の確かさは下がります。",
        "col.name": "アーティスト",
        "col.scene": "シーン",
        "col.match": "一致",
        "col.why": "理由",
        "col.song": "最初の一曲",
        "unmeasured": "未測定",
        "status.asof": "{text}（{as_of}時点）",
        # issue 20: adaptive play (lock-in and the quick estimate)
        "adaptive.locked": "全{total}問中{n}問で確定：残りの質問では結果は変わりません。",
        "adaptive.confident": "全{total}問中{n}問での簡易推定：全問の結果と一致する確率は約"
        "{percent}%です。",
        "adaptive.next": "次はどうする？",
        "adaptive.see": "結果を見る",
        "adaptive.go_on": "続けてプロフィールを詳しくする（あと{left}問）",
        "adaptive.welcome": "アダプティブ：結果が確定した時点でクイズは終わります。",
        "adaptive.welcome_quick": "クイックモード：結果が約{percent}%確かになったら終わります。"
        "推定です。",
        "result.locked": "全{total}問中{n}問で確定：残りの質問ではこの結果は変わりません。",
        "result.estimate": "クイックモード：全{total}問中{n}問での推定です。全問の結果と一致する"
        "確率は約{percent}%です。",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (English if the language or key is missing)."""
    table = MESSAGES.get(lang) or MESSAGES["en"]
    template = table.get(key) or MESSAGES["en"][key]
    return template.format(**values) if values else template


def previous_line(lang: str, now: dict[str, Any], before: dict[str, Any]) -> str:
    """ "Last time: …; now: …" for two report outcomes (result screen and exports)."""
    return t(
        lang,
        "result.previous",
        title=before["title"],
        label=t(lang, f"strength.{before['strength']}"),
        now=now["title"],
        now_label=t(lang, f"strength.{now['strength']}"),
    )


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
