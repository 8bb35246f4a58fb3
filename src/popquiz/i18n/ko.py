"""popquiz's own messages in Korean, grouped by screen (keys: :mod:`popquiz.i18n`)."""

MESSAGES: dict[str, str] = {
    # welcome: the bank, its size, the mode and the keys
    "welcome.facts": "{questions}, {time}",
    "welcome.questions": "질문 {n}개",
    "welcome.questions_upto": "질문 최대 {n}개",
    "welcome.time": "약 {minutes}분",
    "welcome.start": "Enter를 누르면 시작해.",
    "welcome.resume": "다시 왔구나! {total} 중 {n}번째 질문부터 이어서 할게.",
    "welcome.quick": "빠른 모드: {total}개 중 결과를 가장 잘 가려 주는 {n}개만 물어볼게.",
    "adaptive.welcome": "자동 종료 모드: 결과가 확정되면 바로 끝나.",
    "adaptive.welcome_quick": "빠른 모드: 결과가 약 {percent}% 확실해지면 끝나. "
    "어디까지나 추정이야.",
    "keys.welcome": "↑/↓ 또는 j/k:\u00a0이동 · Enter 또는 1-9:\u00a0답하기 · b:\u00a0이전 · "
    "Esc 또는 q:\u00a0일시정지",
    "keys.welcome_skip": "↑/↓ 또는 j/k:\u00a0이동 · Enter 또는 1-9:\u00a0답하기 · b:\u00a0이전 · "
    "s:\u00a0건너뛰기 · Esc 또는 q:\u00a0일시정지",
    "keys.welcome_plain": "조작: 위아래 화살표나 j, k로 이동, Enter나 숫자로 바로 답하기, "
    "b로 이전, Esc나 q로 일시정지하고 저장.",
    "keys.welcome_plain_skip": "조작: 위아래 화살표나 j, k로 이동, Enter나 숫자로 바로 "
    "답하기, b로 이전, 건너뛸 수 있는 질문은 s로 건너뛰기, Esc나 q로 일시정지하고 저장.",
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
    "keys.instruction": "(↑/↓ Enter · 1-9 · b 이전 · q 일시정지)",
    "keys.instruction_short": "(1-9 · b · q 일시정지)",
    "keys.instruction_skip": "(↑/↓ Enter · 1-9 · b 이전 · s 건너뛰기 · q 일시정지)",
    "keys.instruction_short_skip": "(1-9 · b · s · q 일시정지)",
    "keys.instruction_plain": "(숫자, 또는 화살표와 Enter)",
    "quiz.done": "끝! 결과를 확인해 봐.",
    # early stop: locked in, or the quick estimate reached
    "adaptive.locked": "{total}개 중 {n}개 만에 결과가 확정됐어. 남은 질문으로는 바뀌지 않아.",
    "adaptive.confident": "{total}개 중 {n}개로 본 빠른 추정: 끝까지 풀었을 때와 결과가 "
    "같을 확률은 약 {percent}%야.",
    "adaptive.next": "다음은?",
    "adaptive.instruction": "(↑/↓ Enter · 1, 2, b 바로 선택)",
    "adaptive.see": "결과 보기",
    "adaptive.go_on": "계속 풀고 더 자세히 보기 (남은 질문 {left}개)",
    # pause and resume
    "quiz.pause_ask": "테스트를 멈추고 지금까지 한 답을 저장할까? [Y/n] ",
    "quiz.paused": "테스트를 잠깐 멈췄어. 지금까지의 답은 저장해 뒀어. 이어서 하려면: {command}",
    "quiz.not_saved": "테스트를 멈췄지만 진행 상황을 저장하지 못했어 ({error}).",
    "quiz.nothing_saved": "첫 답을 하기 전에 멈춰서 저장한 건 없어. 다시 시작하려면: {command}",
    "quiz.paused_found": "이 테스트를 하다가 멈춘 기록이 있어 (답 {answered}개).",
    "quiz.resume_ask": "이어서 할래? [Y/n] ",
    "quiz.paused_kept": "이 테스트에 멈춘 기록이 있어서 그대로 뒀어. 이어서 하려면: {command}",
    "quiz.kept": "아직 답한 문제가 없어서 멈춘 기록은 그대로 뒀어. 이어서 하려면: {command}",
    "quiz.other_saved": "그사이 다른 popquiz가 이 테스트의 진행 상황을 저장했어 "
    "(답 {answered}개). 덮어쓰지 않고 그대로 뒀어. 이어서 하려면: {command}",
    "quiz.other_found": "네가 푸는 동안 다른 popquiz가 이 테스트를 멈추고 저장했어 "
    "(그쪽 답 {theirs}개, 네 답 {yours}개). 멈춘 기록은 테스트마다 하나만 남아.",
    "quiz.replace_ask": "그쪽 기록을 지우고 네 걸 남길래? [y/N] ",
    "quiz.replaced": "테스트를 잠깐 멈췄어. 다른 멈춘 기록 대신 지금까지의 네 답을 저장했어. "
    "이어서 하려면: {command}",
    "quiz.progress_repaired": "저장된 진행 상황을 지금 테스트에 맞게 고쳤어: {detail}.",
    "quiz.progress_unusable": "멈춘 기록을 쓸 수 없어 ({error}). 처음부터 시작할게 "
    "(답을 하기 전까지는 기록을 지우지 않아).",
    "resume.none": "{bank} 테스트에는 이어서 할 기록이 없어. `popquiz take`로 시작해 봐",
    "resume.unusable": "저장된 진행 상황을 쓸 수 없어: {error}",
    "interrupted": "중단했어.",
    # result: the verdict, how the quiz stopped, last time
    "result.heading": "나의 결과",
    "result.verdict": "판정: {strength}",
    "strength.clear": "확실",
    "strength.leaning": "살짝 우세",
    "strength.close": "박빙",
    "verdict.over.clear": "확실해, {other}보다 한참 앞서",
    "verdict.over.leaning": "{other}보다 조금 앞서",
    "verdict.over.close": "{other}보다 아주 조금 앞서",
    "verdict.middle.clear": "정확히 한가운데",
    "verdict.middle.leaning": "가운데지만 {other} 쪽으로 살짝 기울어",
    "verdict.middle.close": "간신히 가운데, {other} 쪽으로 기울어",
    "result.explain": "이 결과가 나와 맞는 이유",
    "result.locked": "{total}개 중 {n}개 만에 확정: 나머지 질문으로는 이 결과가 바뀌지 않아.",
    "result.estimate": "빠른 모드: {total}개 중 {n}개로 본 추정이야. 끝까지 풀었을 때와 "
    "결과가 같을 확률은 약 {percent}%야.",
    "result.quick": "빠른 모드: 질문이 적어서 결과가 덜 확실해.",
    "result.previous": "지난번: {title} ({label}), 이번: {now} ({now_label})",
    "result.not_saved": "popquiz: 결과를 기록에 저장하지 못했어 ({error})",
    "result.kept_aside": "popquiz: 다른 프로그램이 기록을 잠그고 있어서 결과를 "
    "{path}에 따로 보관했어. 다음에 popquiz를 실행하면 기록에 추가돼.",
    "result.unsaved": "popquiz: 위 결과는 저장되지 않았어({error}). "
    "--export FILE이나 --json으로 보관해 둬.",
    # result: where you stand and the answers that moved you
    "result.axes": "나의 위치",
    "axis.toward": "“{pole}” 쪽으로\u00a0{percent}",
    "axis.middle": "딱 중간",
    "axis.percent": "“{low}” 쪽 {low_pct}% · “{high}” 쪽 {high_pct}%",
    "unmeasured": "측정 안 됨",
    "result.why": "이유: 결과를 가장 크게 움직인 답",
    "result.answer": "답: {answer}",
    "result.skipped": "{n}개 건너뜀",
    # result: the recommendations (neutral words; a bank may give its own), what next
    "words.picks": "가장 가까운 결과",
    "words.bridge": "다른 그룹에서도 가까운 결과",
    "words.bridges": "다른 그룹들에서도 가까운 결과",
    "words.across": "여러 그룹에서 고른 결과",
    "words.name": "이름",
    "words.group": "그룹",
    "words.start": "먼저 볼 것",
    "col.why": "이유",
    "result.classic": "{scene} · 현재 활동 없음",
    "status.asof": "{text} ({as_of} 기준)",
    "status.asof_joined": "{text} · {as_of} 기준",
    "reason.shared": "나와 같은 “{pole}” 쪽",
    "reason.theirs": "이 추천은 “{pole}” 쪽",
    "reason.asked": "원하던 {value}",
    "reason.middle": "나처럼 “{low}”와(과) “{high}” 사이",
    "result.recs_from": "{title} · {scene} 중에서",
    "result.recs_across": "{title} · {across}",
    "result.bridge_from": "{title} · 나와 닮은 점으로 고른 추천",
    "listen.label": "듣기",
    "reveal.more": "Enter를 누르면 추천 아티스트와 이유를 보여 줄게.",
    "reveal.page": "Enter를 누르면 더 보여 줄게 ({n}/{total}).",
    "hint.head": "다음에 할 수 있는 것:",
    "hint.export": "카드 저장: {command}",
    "hint.compare": "친구 결과와 비교: {command}",
    "hint.again": "다시 하기: {retake} · 지난 결과: {history}",
    "hint.activate": "여기서는 popquiz가 PATH에 없어. 먼저 이걸 실행해:",
    "hint.program": "popquiz가 PATH에 없어. popquiz 대신 이렇게 입력해:",
    # card and export
    "export.title": "popquiz 결과",
    "export.written": "결과 카드를 저장했어: {path}",
    "card.type": "나의 유형",
    "card.because": "가장 강한 성향에서 따온 이름: {pole}",
    "card.number_note": "모든 축에서의 평균 성향",
    "card.even": "{low}와(과) {high} 반반",
    "card.take": "나도 해 보기: {command}",
    "card.no_font": "{path}을(를) 만들 수 없어: {what}을(를) 그릴 수 있는 글꼴이 설치되어 있지 "
    "않아서 그림에 빈 네모만 나올 거야",
    "card.no_font_help": "글꼴을 설치해 줘(Debian·Ubuntu: `sudo apt install fonts-noto-cjk`, "
    "Fedora: `sudo dnf install google-noto-sans-cjk-fonts`, "
    "Arch: `sudo pacman -S noto-fonts-cjk`). "
    "아니면 브라우저가 자체 글꼴로 그리는 .svg나 .html로 저장해",
    "card.no_font_help_chars": "그 문자가 있는 글꼴을 설치해 줘(이모지라면 `Noto Color Emoji` 같은 "
    "이모지 글꼴). 아니면 브라우저가 자체 글꼴로 그리는 .svg나 .html로 저장해",
    "card.font_script": "카드의 {language} 글자",
    "card.font_chars": "문자 {chars}",
    # history
    "history.date": "날짜",
    "history.bank": "테스트",
    "history.lang": "언어",
    "history.result": "결과",
    "history.empty": "아직 결과가 없어. `popquiz take`로 테스트를 해 봐.",
    "history.empty_bank": "{bank} 테스트의 결과가 아직 없어. `popquiz take`로 테스트를 해 봐.",
    "history.show_head": "결과 #{id}, {time}, {bank} {version}",
    "history.waiting": "popquiz: 다른 popquiz가 기록을 쓰고 있어서 기다리는 중… (최대 {seconds}초)",
    # compare
    "compare.title": "나와 친구",
    "compare.similarity": "취향 싱크로율 {percent}",
    "compare.shared": "둘 다 좋아할 아티스트",
    "compare.shared_none": "둘 다 추천받은 아티스트는 없어.",
    "compare.differ": "가장 다른 곳: {low} – {high} (차이 {gap})",
    "compare.same": "모든 축에서 완전히 같은 위치야.",
    # analyze: the progress line shown while a long analysis runs on a terminal
    "analyze.shares": "결과별 비율을 세는 중",
    "analyze.influence": "질문마다 영향력을 재는 중",
    "analyze.reach": "결과와 추천마다 닿는 길을 찾는 중",
    "analyze.takers": "응답자를 모의 실험하는 중",
    "analyze.picks": "모의 응답자의 추천을 고르는 중",
    "analyze.play": "적응형 퀴즈를 진행해 보는 중",
    "analyze.findings": "경고를 모으는 중",
    # languages
    "lang.fallback": "이 테스트는 {language} 버전이 없어서 질문과 결과를 {bank_language}(으)로 "
    "보여 줄게.",
    "lang.en": "영어",
    "lang.ko": "한국어",
    "lang.ja": "일본어",
    # errors the player is told (take, answers files, compare, history export)
    "error.no_terminal": "질문을 하려면 터미널이 필요해. 터미널이 없으면 --answers FILE로 "
    "파일에 적은 답을 쓰거나, --random [--seed N]으로 무작위로 답해 줘 (--json을 붙이면 "
    "프로그램이 읽기 좋은 출력이 나와).",
    "error.no_bank": "ID가 {ref}인 테스트는 없어",
    "error.did_you_mean": "혹시 {name}?",
    "error.known_banks": "지금 있는 테스트: {banks}.",
    "error.bank_how": ".yaml 파일 경로를 주거나 `popquiz list`로 목록을 확인해 봐.",
    "error.no_bank_file": "테스트 파일을 찾을 수 없어: {path}",
    "error.lang_missing": "테스트 {bank}에는 {wanted} 버전이 없어. 있는 언어: {languages}",
    "error.answers_or_random": "--answers와 --random 중 하나만 써 줘",
    "error.export_type": "--export: {suffix} 형식으로는 저장할 수 없어. {types} 중에서 골라 줘",
    "error.help": "도움말:",
    "error.A001": "답 파일은 '질문 ID: 답' 형태의 목록이어야 해",
    "error.A001_help": "예: 한 줄에 하나씩 `morning: read`, `brew: 4`",
    "error.A002": "테스트 {bank}에는 {question} 질문이 없어",
    "error.A002_help": "`popquiz take --help`를 확인해 봐",
    "error.A003": "{question} 질문은 1~{points} 척도야 (입력: {value})",
    "error.A004": "{question} 질문에는 {answer}라는 답이 없어",
    "error.A004_help": "고를 수 있는 답: {answers}",
    "error.A005_null": "{question} 질문은 건너뛸 수 없는데 답이 null이야",
    "error.A005_null_help": "답을 적어 줘. null은 건너뛰기라서 `skippable: true`인 질문만 "
    "비워 둘 수 있어",
    "error.A005_missing": "건너뛸 수 없는 질문 {n}개에 답이 없어: {questions}",
    "error.A005_help": "빠진 질문은 건너뛴 걸로 보는데, 그건 `skippable: true`인 질문만 "
    "돼. 답을 적어 줘",
    "error.more": "{shown} 외 {n}개",
    "error.A006": "답 파일에 답이 하나도 없어",
    "error.A006_help": "답을 하나 이상 적거나(질문 ID: 답 ID), `popquiz take`로 직접 풀어 봐",
    "error.not_in_history": "{ref}: 파일도 아니고 기록에 있는 결과 번호도 아니야. "
    "`popquiz history`를 확인해 봐",
    "error.compare_none": "비교하려면 결과가 두 개 필요해: 내 결과와 친구 결과. 각각 .json "
    "파일(`popquiz take --export me.json`)이나 `popquiz history`의 결과 번호로 줘. "
    "예: `popquiz compare 1 friend.json`",
    "error.compare_one": "친구 결과가 하나 더 필요해: .json 파일이나 `popquiz history`의 결과 "
    "번호로 줘. 예: `popquiz compare 1 friend.json`",
    "error.compare_lang": "--lang {wanted}: 모르는 언어야. 쓸 수 있는 언어: {languages}",
    "compare.written": "비교 결과를 저장했어: {path}",
    "history.exported": "결과 {n}개를 저장했어: {path}",
}
