"""The app's own user-visible strings (chrome, prompts, result headings) in en, ko and ja, and
the language a screen speaks.

Bank text is translated in the bank itself; this table covers everything around it. A test
checks that every key exists in every language with the same placeholders. A :class:`Locale`
(the screen's language and the bank's) is made once where the language is chosen, in
``popquiz.cli``, and handed down: ``.t(key)`` words popquiz's own messages, ``.text(value)``
resolves a bank text.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple

TextValue = str | Mapping[str, str]  # a bank text: one string, or language → string

LANGUAGES = ("en", "ko", "ja")

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # welcome: the bank, its size, the mode and the keys
        "welcome.facts": "{questions}, {time}",
        "welcome.questions": "{n} questions",
        "welcome.questions_upto": "up to {n} questions",
        "welcome.time": "about {minutes} min",
        "welcome.start": "Press Enter to start.",
        "welcome.resume": "Welcome back: continuing at question {n} of {total}.",
        "welcome.quick": "Quick mode: {n} of {total} questions, the ones that tell the most.",
        "adaptive.welcome": "Adaptive: the quiz stops as soon as your result is locked in.",
        "adaptive.welcome_quick": "Quick mode: the quiz stops once your result is about "
        "{percent}% sure. It is an estimate.",
        "keys.welcome": "↑/↓ or j/k: move · Enter or 1-9: answer · b: back · s: skip · "
        "Esc or q: pause",
        "keys.welcome_plain": "Keys: up and down arrows or j and k to move, Enter or a number to "
        "answer at once, b to go back, s to skip, Escape or q to pause and save.",
        # quiz: one question, its answers and the progress line
        "progress.plain": "Question {n} of {total}",
        "progress.plain_upto": "Question {n} of up to {total}",
        "progress.upto": "up to {total}",
        "prompt.choose": "Your answer",
        "prompt.agree": "How much do you agree?",
        "likert1": "Strongly disagree",
        "likert2": "Disagree",
        "likert3": "Neutral",
        "likert4": "Agree",
        "likert5": "Strongly agree",
        "choice.back": "Back",
        "choice.skip": "Skip",
        "keys.instruction": "(↑/↓ Enter · 1-9 · b back · s skip · q pause)",
        "keys.instruction_short": "(1-9 · b · s · q pause)",
        "keys.instruction_plain": "(a number, or arrows and Enter)",
        "quiz.done": "All done. Here is your result.",
        # early stop: locked in, or the quick estimate reached
        "adaptive.locked": "Locked in after {n} of {total}: the remaining questions could not "
        "change it.",
        "adaptive.confident": "A quick estimate after {n} of {total}: about {percent}% likely to "
        "match the full quiz.",
        "adaptive.next": "What next?",
        "adaptive.instruction": "(↑/↓ or 1, 2, b, then Enter)",
        "adaptive.see": "See my result",
        "adaptive.go_on": "Go on for a finer profile ({left} more)",
        # pause and resume
        "quiz.pause_ask": "Pause the quiz and save your answers? [Y/n] ",
        "quiz.paused": "Quiz paused; your answers so far are saved. Continue with: {command}",
        "quiz.not_saved": "Quiz stopped; your progress could not be saved ({error}).",
        "quiz.nothing_saved": "Quiz stopped before the first answer; nothing was saved. "
        "Start again with: {command}",
        "quiz.paused_found": "You have a paused quiz for this bank ({answered} answered).",
        "quiz.resume_ask": "Resume where you left off? [Y/n] ",
        "quiz.paused_kept": "This bank has a paused quiz; it is kept. Continue it with: {command}",
        "quiz.kept": "Nothing was answered; the paused quiz is kept. Continue it with: {command}",
        "quiz.other_saved": "Another popquiz saved progress for this bank meanwhile ({answered} "
        "answered); it was kept, not overwritten. Continue it with: {command}",
        "quiz.other_found": "While you played, another popquiz paused this bank with {theirs} "
        "answered; you answered {yours}. One paused quiz is kept per bank.",
        "quiz.replace_ask": "Keep yours instead (the other one is deleted)? [y/N] ",
        "quiz.replaced": "Quiz paused; your answers so far are saved in place of the other paused "
        "quiz. Continue with: {command}",
        "quiz.progress_repaired": "Saved progress was fitted to the current bank: {detail}.",
        "quiz.progress_unusable": "The paused quiz cannot be used ({error}); starting afresh "
        "(it is replaced only once you answer).",
        "resume.none": "no saved progress for {bank}; start with `popquiz take`",
        "resume.unusable": "saved progress cannot be used: {error}",
        "interrupted": "Interrupted.",
        # result: the verdict, how the quiz stopped, last time
        "result.heading": "Your result",
        "result.verdict": "Verdict: {strength}",
        "strength.clear": "clear",
        "strength.leaning": "leaning",
        "strength.close": "close call",
        "result.explain": "Why this fits you",
        "result.locked": "Locked in after {n} of {total} questions: the rest could not change "
        "this outcome.",
        "result.estimate": "Quick mode: an estimate after {n} of {total} questions, about "
        "{percent}% likely to match the full quiz.",
        "result.quick": "Quick mode: fewer questions, so this result is less certain.",
        "result.previous": "Last time: {title}, {label}; now: {now}, {now_label}",
        "result.not_saved": "popquiz: could not save the result to history: {error}",
        "result.kept_aside": "popquiz: the history is locked by another program, so the result "
        "was kept in {path}; the next popquiz adds it to the history.",
        "result.unsaved": "popquiz: the result above was not saved ({error}). Keep it with "
        "--export FILE or --json.",
        # result: where you stand and the answers that moved you
        "result.axes": "Where you stand",
        "axis.toward": "{percent} toward {pole}",
        "axis.middle": "right in the middle",
        "unmeasured": "not measured",
        "result.why": "Why: the answers that moved you most",
        "result.answer": "Answer: {answer}",
        "result.skipped": "{n} skipped",
        # result: the acts to play first, the bridge picks, what next
        "result.recs": "Play these first",
        "result.bridge": "Bridge pick",
        "result.bridges": "Bridge picks",
        "col.name": "Act",
        "col.scene": "Scene",
        "col.match": "Match",
        "col.song": "Start with",
        "col.why": "Why",
        "result.start_with": "Start with: {song}",
        "result.none": "none",
        "result.classic": "{scene} · classic (no longer active)",
        "status.asof": "{text} (as of {as_of})",
        "status.asof_joined": "{text} · as of {as_of}",
        "reason.shared": "you both lean “{pole}”",
        "reason.theirs": "they lean “{pole}”",
        "listen.label": "Listen",
        "reveal.more": "Press Enter for your picks and why.",
        "hint.next": "Next: save a card (`{export}`), compare with a friend (`{compare}`), "
        "retake (`{retake}`) or see past results (`{history}`).",
        # card and export
        "export.title": "popquiz result",
        "export.written": "Result card written to {path}",
        # history
        "history.date": "DATE",
        "history.bank": "BANK",
        "history.lang": "LANG",
        "history.result": "RESULT",
        "history.empty": "No results yet. Take a quiz with `popquiz take`.",
        "history.empty_bank": "No results yet for {bank}. Take a quiz with `popquiz take`.",
        "history.show_head": "Result #{id}, {time}, {bank} {version}",
        "history.waiting": "popquiz: waiting for another popquiz that is using the history "
        "(at most {seconds} s)…",
        # compare
        "compare.title": "You and your friend",
        "compare.similarity": "{percent} alike",
        "compare.shared": "Acts you would both like",
        "compare.shared_none": "No act is in both of your picks.",
        "compare.differ": "Where you differ most: {low} – {high} ({gap} of the bar apart)",
        "compare.same": "You stand in the same place on every axis.",
        # analyze: the progress line shown while a long analysis runs on a terminal
        "analyze.shares": "Counting outcome shares",
        "analyze.influence": "Measuring each question's influence",
        "analyze.reach": "Searching for a way to reach each outcome and act",
        "analyze.takers": "Simulating takers",
        "analyze.play": "Playing adaptive quizzes",
        "analyze.findings": "Collecting warnings",
        # languages
        "lang.fallback": "This quiz has no {language} version: its questions and results are shown "
        "in {bank_language}.",
        "lang.en": "English",
        "lang.ko": "Korean",
        "lang.ja": "Japanese",
    },
    "ko": {
        # welcome: the bank, its size, the mode and the keys
        "welcome.facts": "{questions}, {time}",
        "welcome.questions": "질문 {n}개",
        "welcome.questions_upto": "질문 최대 {n}개",
        "welcome.time": "약 {minutes}분",
        "welcome.start": "Enter를 누르면 시작해.",
        "welcome.resume": "다시 왔구나! {total}개 중 {n}번째 질문부터 이어서 할게.",
        "welcome.quick": "빠른 모드: {total}개 중 결과를 가장 잘 가려 주는 {n}개만 물어볼게.",
        "adaptive.welcome": "적응형: 결과가 확정되는 순간 퀴즈가 끝나.",
        "adaptive.welcome_quick": "빠른 모드: 결과가 약 {percent}% 확실해지면 끝나. "
        "어디까지나 추정이야.",
        "keys.welcome": "↑/↓ 또는 j/k: 이동 · Enter 또는 1-9: 답하기 · b: 이전 · s: 건너뛰기 · "
        "Esc 또는 q: 일시정지",
        "keys.welcome_plain": "조작: 위아래 화살표나 j, k로 이동, Enter나 숫자로 바로 답하기, "
        "b로 이전, s로 건너뛰기, Esc나 q로 일시정지하고 저장.",
        # quiz: one question, its answers and the progress line
        "progress.plain": "{total}개 중 {n}번째 질문",
        "progress.plain_upto": "최대 {total}개 중 {n}번째 질문",
        "progress.upto": "최대 {total}",
        "prompt.choose": "나의 답",
        "prompt.agree": "얼마나 그렇다고 생각해?",
        "likert1": "전혀 그렇지 않다",
        "likert2": "그렇지 않다",
        "likert3": "보통이다",
        "likert4": "그렇다",
        "likert5": "매우 그렇다",
        "choice.back": "이전으로",
        "choice.skip": "건너뛰기",
        "keys.instruction": "(↑/↓ Enter · 1-9 · b 이전 · s 건너뛰기 · q 일시정지)",
        "keys.instruction_short": "(1-9 · b · s · q 멈춤)",
        "keys.instruction_plain": "(숫자, 또는 화살표와 Enter)",
        "quiz.done": "끝! 결과를 확인해 봐.",
        # early stop: locked in, or the quick estimate reached
        "adaptive.locked": "{total}개 중 {n}개 만에 결과가 확정됐어. 남은 질문으로는 바뀌지 않아.",
        "adaptive.confident": "{total}개 중 {n}개로 본 빠른 추정: 전체 퀴즈와 같을 확률은 약 "
        "{percent}%야.",
        "adaptive.next": "다음은?",
        "adaptive.instruction": "(↑/↓ 또는 1, 2, b를 누르고 Enter)",
        "adaptive.see": "결과 보기",
        "adaptive.go_on": "더 자세한 프로필을 위해 계속하기 ({left}개 더)",
        # pause and resume
        "quiz.pause_ask": "퀴즈를 멈추고 지금까지 한 답을 저장할까? [Y/n] ",
        "quiz.paused": "퀴즈를 잠깐 멈췄어. 지금까지의 답은 저장해 뒀어. 이어서 하려면: {command}",
        "quiz.not_saved": "퀴즈를 멈췄지만 진행 상황을 저장하지 못했어 ({error}).",
        "quiz.nothing_saved": "첫 답을 하기 전에 멈춰서 저장한 건 없어. 다시 시작하려면: {command}",
        "quiz.paused_found": "이 퀴즈를 하다가 멈춘 기록이 있어 (답 {answered}개).",
        "quiz.resume_ask": "이어서 할래? [Y/n] ",
        "quiz.paused_kept": "이 퀴즈에 멈춘 기록이 있어서 그대로 뒀어. 이어서 하려면: {command}",
        "quiz.kept": "아직 답한 문제가 없어서 멈춘 기록은 그대로 뒀어. 이어서 하려면: {command}",
        "quiz.other_saved": "그사이 다른 popquiz가 이 퀴즈의 진행 상황을 저장했어 "
        "(답 {answered}개). 덮어쓰지 않고 그대로 뒀어. 이어서 하려면: {command}",
        "quiz.other_found": "네가 푸는 동안 다른 popquiz가 이 퀴즈를 멈추고 저장했어 "
        "(그쪽 답 {theirs}개, 네 답 {yours}개). 멈춘 기록은 퀴즈마다 하나만 남아.",
        "quiz.replace_ask": "그쪽 기록을 지우고 네 걸 남길래? [y/N] ",
        "quiz.replaced": "퀴즈를 잠깐 멈췄어. 다른 멈춘 기록 대신 지금까지의 네 답을 저장했어. "
        "이어서 하려면: {command}",
        "quiz.progress_repaired": "저장된 진행 상황을 지금 퀴즈에 맞게 고쳤어: {detail}.",
        "quiz.progress_unusable": "멈춘 기록을 쓸 수 없어 ({error}). 처음부터 시작할게 "
        "(답을 하기 전까지는 기록을 지우지 않아).",
        "resume.none": "{bank} 퀴즈에는 이어서 할 기록이 없어. `popquiz take`로 시작해 봐",
        "resume.unusable": "저장된 진행 상황을 쓸 수 없어: {error}",
        "interrupted": "중단했어.",
        # result: the verdict, how the quiz stopped, last time
        "result.heading": "나의 결과",
        "result.verdict": "판정: {strength}",
        "strength.clear": "뚜렷함",
        "strength.leaning": "살짝 치우침",
        "strength.close": "박빙",
        "result.explain": "이 결과가 맞는 이유",
        "result.locked": "{total}개 중 {n}개 만에 확정: 나머지 질문으로는 이 결과가 바뀌지 않아.",
        "result.estimate": "빠른 모드: {total}개 중 {n}개로 본 추정이야. 전체 퀴즈와 같을 확률은 "
        "약 {percent}%야.",
        "result.quick": "빠른 모드: 질문이 적어서 결과가 덜 확실해.",
        "result.previous": "지난번: {title} ({label}), 이번: {now} ({now_label})",
        "result.not_saved": "popquiz: 결과를 기록에 저장하지 못했어: {error}",
        "result.kept_aside": "popquiz: 다른 프로그램이 기록을 잠그고 있어서 결과를 "
        "{path}에 따로 보관했어. 다음에 popquiz를 실행하면 기록에 추가돼.",
        "result.unsaved": "popquiz: 위 결과는 저장되지 않았어({error}). "
        "--export FILE이나 --json으로 보관해 둬.",
        # result: where you stand and the answers that moved you
        "result.axes": "나의 위치",
        "axis.toward": "“{pole}” 쪽으로 {percent}",
        "axis.middle": "딱 중간",
        "unmeasured": "측정 안 됨",
        "result.why": "이유: 결과를 가장 크게 움직인 답",
        "result.answer": "답: {answer}",
        "result.skipped": "{n}개 건너뜀",
        # result: the acts to play first, the bridge picks, what next
        "result.recs": "먼저 들어 볼 아티스트",
        "result.bridge": "징검다리 추천",
        "result.bridges": "징검다리 추천",
        "col.name": "아티스트",
        "col.scene": "씬",
        "col.match": "일치도",
        "col.song": "추천곡",
        "col.why": "이유",
        "result.start_with": "추천곡: {song}",
        "result.none": "없음",
        "result.classic": "{scene} · 레전드 (지금은 활동 안 함)",
        "status.asof": "{text} ({as_of} 기준)",
        "status.asof_joined": "{text} · {as_of} 기준",
        "reason.shared": "나와 같은 “{pole}” 쪽",
        "reason.theirs": "이쪽은 “{pole}” 쪽",
        "listen.label": "듣기",
        "reveal.more": "Enter를 누르면 추천 아티스트와 이유를 보여 줄게.",
        "hint.next": "다음: 카드 저장(`{export}`), 친구와 비교(`{compare}`), "
        "다시 하기(`{retake}`), 지난 결과(`{history}`).",
        # card and export
        "export.title": "popquiz 결과",
        "export.written": "결과 카드를 저장했어: {path}",
        # history
        "history.date": "날짜",
        "history.bank": "퀴즈",
        "history.lang": "언어",
        "history.result": "결과",
        "history.empty": "아직 결과가 없어. `popquiz take`로 퀴즈를 풀어 봐.",
        "history.empty_bank": "{bank} 퀴즈의 결과가 아직 없어. `popquiz take`로 퀴즈를 풀어 봐.",
        "history.show_head": "결과 #{id}, {time}, {bank} {version}",
        "history.waiting": "popquiz: 다른 popquiz가 기록을 쓰고 있어서 기다리는 중… "
        "(최대 {seconds}초)",
        # compare
        "compare.title": "나와 친구",
        "compare.similarity": "{percent} 닮음",
        "compare.shared": "둘 다 좋아할 아티스트",
        "compare.shared_none": "두 사람의 추천에 함께 있는 아티스트가 없어요.",
        "compare.differ": "가장 다른 곳: {low} – {high} (막대의 {gap}만큼 차이)",
        "compare.same": "모든 축에서 같은 자리에 있어요.",
        # analyze: the progress line shown while a long analysis runs on a terminal
        "analyze.shares": "결과별 비율을 세는 중",
        "analyze.influence": "질문마다 영향력을 재는 중",
        "analyze.reach": "결과와 아티스트마다 닿는 길을 찾는 중",
        "analyze.takers": "응답자를 모의 실험하는 중",
        "analyze.play": "적응형 퀴즈를 진행해 보는 중",
        "analyze.findings": "경고를 모으는 중",
        # languages
        "lang.fallback": "이 퀴즈에는 {language} 버전이 없어서, 질문과 결과는 이 언어로 보여 줄게: "
        "{bank_language}",
        "lang.en": "영어",
        "lang.ko": "한국어",
        "lang.ja": "일본어",
    },
    "ja": {
        # welcome: the bank, its size, the mode and the keys
        "welcome.facts": "{questions}・{time}",
        "welcome.questions": "全{n}問",
        "welcome.questions_upto": "最大{n}問",
        "welcome.time": "約{minutes}分",
        "welcome.start": "Enter キーを押すとスタート。",
        "welcome.resume": "おかえり！全{total}問中、第{n}問から再開するよ。",
        "welcome.quick": "クイックモード：全{total}問から、結果をいちばん見分けやすい"
        "{n}問だけ出題するよ。",
        "adaptive.welcome": "アダプティブ：結果が確定した時点でクイズは終わるよ。",
        "adaptive.welcome_quick": "クイックモード：結果が約{percent}%確かになったら終わるよ。"
        "あくまで推定だよ。",
        "keys.welcome": "↑/↓ または j/k：移動・Enter か 1-9：回答・b：戻る・s：スキップ・"
        "Esc か q：中断",
        "keys.welcome_plain": "操作：上下の矢印キーか j と k で移動、Enter か数字ですぐ回答、"
        "b で戻る、s でスキップ、Esc か q で中断して保存。",
        # quiz: one question, its answers and the progress line
        "progress.plain": "全{total}問中 第{n}問",
        "progress.plain_upto": "最大{total}問中 第{n}問",
        "progress.upto": "最大 {total}",
        "prompt.choose": "あなたの回答",
        "prompt.agree": "どのくらいそう思う？",
        "likert1": "まったくそう思わない",
        "likert2": "そう思わない",
        "likert3": "どちらともいえない",
        "likert4": "そう思う",
        "likert5": "とてもそう思う",
        "choice.back": "前の質問へ",
        "choice.skip": "スキップ",
        "keys.instruction": "（↑/↓ Enter・1-9・b 戻る・s スキップ・q 中断）",
        "keys.instruction_short": "（1-9・b・s・q 中断）",
        "keys.instruction_plain": "（数字、または矢印キーと Enter）",
        "quiz.done": "おつかれさま！結果はこちら。",
        # early stop: locked in, or the quick estimate reached
        "adaptive.locked": "全{total}問中{n}問で確定：残りの質問では結果は変わらないよ。",
        "adaptive.confident": "全{total}問中{n}問での簡易推定：全問の結果と一致する確率は約"
        "{percent}%だよ。",
        "adaptive.next": "次はどうする？",
        "adaptive.instruction": "（↑/↓ か 1・2・b を押して Enter）",
        "adaptive.see": "結果を見る",
        "adaptive.go_on": "続けてプロフィールを詳しくする（あと{left}問）",
        # pause and resume
        "quiz.pause_ask": "クイズを中断して、ここまでの回答を保存する？ [Y/n] ",
        "quiz.paused": "クイズを中断したよ。ここまでの回答は保存済み。続きは：{command}",
        "quiz.not_saved": "クイズを中断したけど、進行状況を保存できなかった（{error}）。",
        "quiz.nothing_saved": "最初の回答の前に終わったから、何も保存してないよ。"
        "もう一度始めるには：{command}",
        "quiz.paused_found": "このクイズの中断データがあるよ（回答{answered}件）。",
        "quiz.resume_ask": "続きから再開する？ [Y/n] ",
        "quiz.paused_kept": "このクイズには中断データがあるから、そのまま残してあるよ。"
        "続きは：{command}",
        "quiz.kept": "まだ何も回答していないから、中断データはそのまま残したよ。続きは：{command}",
        "quiz.other_saved": "その間に別の popquiz がこのクイズの進行状況を保存したよ"
        "（回答{answered}件）。上書きせずに残してある。続きは：{command}",
        "quiz.other_found": "プレイ中に別の popquiz がこのクイズを中断保存したよ"
        "（向こうは回答{theirs}件、こちらは{yours}件）。中断データはクイズごとに1つだけ残るよ。",
        "quiz.replace_ask": "向こうを消して、こちらを残す？ [y/N] ",
        "quiz.replaced": "クイズを中断したよ。もう一方の中断データの代わりに、ここまでの回答を"
        "保存した。続きは：{command}",
        "quiz.progress_repaired": "保存された進行状況を今のクイズに合わせたよ：{detail}。",
        "quiz.progress_unusable": "中断データが使えない（{error}）。最初から始めるね"
        "（回答するまで中断データは消さないよ）。",
        "resume.none": "{bank} には続きの中断データがないよ。`popquiz take` で始めてね",
        "resume.unusable": "保存された進行状況が使えない：{error}",
        "interrupted": "中断したよ。",
        # result: the verdict, how the quiz stopped, last time
        "result.heading": "あなたの結果",
        "result.verdict": "判定：{strength}",
        "strength.clear": "はっきり",
        "strength.leaning": "やや傾き",
        "strength.close": "僅差",
        "result.explain": "あなたに合う理由",
        "result.locked": "全{total}問中{n}問で確定：残りの質問ではこの結果は変わらないよ。",
        "result.estimate": "クイックモード：全{total}問中{n}問での推定だよ。全問の結果と一致する"
        "確率は約{percent}%だよ。",
        "result.quick": "クイックモード：質問が少ないぶん、結果の確かさは下がるよ。",
        "result.previous": "前回：{title}（{label}）、今回：{now}（{now_label}）",
        "result.not_saved": "popquiz：結果を履歴に保存できなかった（{error}）",
        "result.kept_aside": "popquiz：別のプログラムが履歴をロックしているので、結果を{path}に"
        "保管したよ。次にpopquizを起動すると履歴に追加されるよ。",
        "result.unsaved": "popquiz：上の結果は保存されなかった（{error}）。--export FILEか--jsonで"
        "残しておいてね。",
        # result: where you stand and the answers that moved you
        "result.axes": "あなたの立ち位置",
        "axis.toward": "「{pole}」寄り {percent}",
        "axis.middle": "ちょうど真ん中",
        "unmeasured": "未測定",
        "result.why": "理由：結果をいちばん動かした回答",
        "result.answer": "回答：{answer}",
        "result.skipped": "{n}問スキップ",
        # result: the acts to play first, the bridge picks, what next
        "result.recs": "まず聴いてほしいアーティスト",
        "result.bridge": "架け橋になるおすすめ",
        "result.bridges": "架け橋になるおすすめ",
        "col.name": "アーティスト",
        "col.scene": "シーン",
        "col.match": "一致度",
        "col.song": "最初の一曲",
        "col.why": "理由",
        "result.start_with": "最初の一曲：{song}",
        "result.none": "なし",
        "result.classic": "{scene}・レジェンド（今は活動していない）",
        "status.asof": "{text}（{as_of}時点）",
        "status.asof_joined": "{text}・{as_of}時点",
        "reason.shared": "あなたと同じ「{pole}」寄り",
        "reason.theirs": "こちらは「{pole}」寄り",
        "listen.label": "聴く",
        "reveal.more": "Enter を押すと、おすすめと理由を表示するよ。",
        "hint.next": "次は：カードを保存（`{export}`）、友だちと比べる（`{compare}`）、"
        "もう一度（`{retake}`）、過去の結果（`{history}`）。",
        # card and export
        "export.title": "popquiz の結果",
        "export.written": "結果カードを書き出したよ：{path}",
        # history
        "history.date": "日時",
        "history.bank": "クイズ",
        "history.lang": "言語",
        "history.result": "結果",
        "history.empty": "まだ結果がないよ。`popquiz take` でクイズに挑戦してみて。",
        "history.empty_bank": "{bank} の結果はまだないよ。`popquiz take` でクイズに挑戦してみて。",
        "history.show_head": "結果 #{id}、{time}、{bank} {version}",
        "history.waiting": "popquiz：別のpopquizが履歴を使っているので待っています…"
        "（最大{seconds}秒）",
        # compare
        "compare.title": "あなたと友だち",
        "compare.similarity": "似ている度 {percent}",
        "compare.shared": "ふたりとも好きになりそうなアーティスト",
        "compare.shared_none": "ふたりのおすすめに共通するアーティストはいません。",
        "compare.differ": "いちばん違うところ：{low} – {high}（バーの {gap} 分の差）",
        "compare.same": "すべての軸で同じ位置にいます。",
        # analyze: the progress line shown while a long analysis runs on a terminal
        "analyze.shares": "結果ごとの割合を数えています",
        "analyze.influence": "質問ごとの影響を測っています",
        "analyze.reach": "各結果とアーティストにたどり着く回答を探しています",
        "analyze.takers": "回答者をシミュレーションしています",
        "analyze.play": "アダプティブ形式のクイズを試しています",
        "analyze.findings": "警告をまとめています",
        # languages
        "lang.fallback": "このクイズには{language}版がないから、質問と結果はこの言語で表示するよ："
        "{bank_language}",
        "lang.en": "英語",
        "lang.ko": "韓国語",
        "lang.ja": "日本語",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (English if the language or key is missing)."""
    table = MESSAGES.get(lang) or MESSAGES["en"]
    template = table.get(key) or MESSAGES["en"][key]
    return template.format(**values) if values else template


def resolve_text(value: TextValue | None, lang: str, default: str) -> str:
    """A bank text in ``lang``, else in the bank's ``default`` language, else in any."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get(default) or next(iter(value.values()), "")


class Locale(NamedTuple):
    """The languages one screen speaks: ``lang`` for popquiz's messages and for bank text, which
    falls back to ``bank_language`` (the bank's default) where the bank has no translation."""

    lang: str
    bank_language: str

    def t(self, key: str, **values: object) -> str:
        """Popquiz's message ``key`` in this language."""
        return t(self.lang, key, **values)

    def text(self, value: TextValue | None) -> str:
        """A bank text in this language (or the bank's own)."""
        return resolve_text(value, self.lang, self.bank_language)


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
