"""popquiz's own messages in English, grouped by screen (keys: :mod:`popquiz.i18n`)."""

MESSAGES: dict[str, str] = {
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
    "keys.welcome": "↑/↓ or j/k: move · Enter or 1-9: answer · b: back · Esc or q: pause",
    "keys.welcome_skip": "↑/↓ or j/k: move · Enter or 1-9: answer · b: back · s: skip · "
    "Esc or q: pause",
    "keys.welcome_plain": "Keys: up and down arrows or j and k to move, Enter or a number to "
    "answer at once, b to go back, Escape or q to pause and save.",
    "keys.welcome_plain_skip": "Keys: up and down arrows or j and k to move, Enter or a "
    "number to answer at once, b to go back, s to skip where a question allows it, Escape "
    "or q to pause and save.",
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
    "keys.instruction": "(↑/↓ Enter · 1-9 · b back · q pause)",
    "keys.instruction_short": "(1-9 · b · q pause)",
    "keys.instruction_skip": "(↑/↓ Enter · 1-9 · b back · s skip · q pause)",
    "keys.instruction_short_skip": "(1-9 · b · s · q pause)",
    "keys.instruction_plain": "(a number, or arrows and Enter)",
    "quiz.done": "All done. Here is your result.",
    # early stop: locked in, or the quick estimate reached
    "adaptive.locked": "Locked in after {n} of {total}: the remaining questions could not "
    "change it.",
    "adaptive.confident": "A quick estimate after {n} of {total}: about {percent}% likely to "
    "match the full quiz.",
    "adaptive.next": "What next?",
    "adaptive.instruction": "(↑/↓ Enter · 1, 2 or b)",
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
    "verdict.over.clear": "clear, well ahead of {other}",
    "verdict.over.leaning": "ahead of {other}, not by much",
    "verdict.over.close": "a close call over {other}",
    "verdict.middle.clear": "right in the middle",
    "verdict.middle.leaning": "in the middle, leaning {other}",
    "verdict.middle.close": "only just in the middle, leaning {other}",
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
    "axis.percent": "{low} {low_pct}% · {high} {high_pct}%",
    "unmeasured": "not measured",
    "result.why": "Why: the answers that moved you most",
    "result.answer": "Answer: {answer}",
    "result.skipped": "{n} skipped",
    # result: the recommendations (neutral words; a bank may give its own), what next
    "words.picks": "Closest matches",
    "words.bridge": "Also close, from another group",
    "words.bridges": "Also close, from other groups",
    "words.across": "from more than one group",
    "words.name": "Name",
    "words.group": "Group",
    "words.start": "Try first",
    "col.why": "Why",
    "result.classic": "{scene} · classic (no longer active)",
    "status.asof": "{text} (as of {as_of})",
    "status.asof_joined": "{text} · as of {as_of}",
    "reason.shared": "you both lean “{pole}”",
    "reason.theirs": "they lean “{pole}”",
    "reason.asked": "{value}, as you asked",
    "reason.middle": "you both sit between “{low}” and “{high}”",
    "result.recs_from": "{title} · {scene}",
    "result.recs_across": "{title} · {across}",
    "result.bridge_from": "{title} · for what you share",
    "listen.label": "Listen",
    "reveal.more": "Press Enter for your picks and why.",
    "reveal.page": "Press Enter for more ({n} of {total}).",
    "hint.head": "Next:",
    "hint.export": "save a card: {command}",
    "hint.compare": "compare with a friend's result: {command}",
    "hint.again": "play again: {retake} · past results: {history}",
    "hint.activate": "popquiz is not on your PATH here; first run:",
    "hint.program": "popquiz is not on your PATH here; instead of popquiz, type:",
    # card and export
    "export.title": "popquiz result",
    "export.written": "Result card written to {path}",
    "card.type": "Your type",
    "card.because": "named after your strongest leaning: {pole}",
    "card.number_note": "your average lean over every axis",
    "card.even": "{low} and {high}, evenly",
    "card.take": "Take the quiz: {command}",
    "card.no_font": "cannot write {path}: no installed font has the glyphs of {what}, so the "
    "picture would show empty boxes",
    "card.no_font_help": "install a Korean or Japanese font (Debian or Ubuntu: "
    "`sudo apt install fonts-noto-cjk`; "
    "Fedora: `sudo dnf install google-noto-sans-cjk-fonts`; "
    "Arch: `sudo pacman -S noto-fonts-cjk`), "
    "or export .svg or .html, which a browser draws with its own fonts",
    "card.no_font_help_chars": "install a font that has them (an emoji needs an emoji font, "
    "such as `Noto Color Emoji`), or export .svg or .html, which a browser draws with its own "
    "fonts",
    "card.font_script": "the card's {language} text",
    "card.font_chars": "the characters {chars}",
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
    "analyze.reach": "Searching for a way to reach each outcome and recommendation",
    "analyze.takers": "Simulating takers",
    "analyze.picks": "Ranking picks for simulated takers",
    "analyze.play": "Playing adaptive quizzes",
    "analyze.findings": "Collecting warnings",
    # languages
    "lang.fallback": "This quiz has no {language} version: its questions and results are shown "
    "in {bank_language}.",
    "lang.en": "English",
    "lang.ko": "Korean",
    "lang.ja": "Japanese",
    # errors the player is told (take, answers files, compare, history export)
    "error.no_terminal": "popquiz needs a terminal to ask questions. Without one, answer from "
    "a file with --answers FILE, or at random with --random [--seed N] (add --json for "
    "machine-readable output).",
    "error.no_bank": "no bank with id {ref}",
    "error.did_you_mean": "did you mean {name}?",
    "error.known_banks": "Known banks: {banks}.",
    "error.bank_how": "Give a path to a .yaml file, or see `popquiz list`.",
    "error.no_bank_file": "no bank file at {path}",
    "error.lang_missing": "bank {bank} is not available in {wanted}; it has: {languages}",
    "error.answers_or_random": "use either --answers or --random, not both",
    "error.export_type": "--export: unknown file type {suffix}; use {types}",
    "error.help": "help:",
    "error.A001": "an answers file must be a mapping of question id to answer",
    "error.A001_help": "e.g. `morning: read` and `brew: 4`, one per line",
    "error.A002": "bank {bank} has no question {question}",
    "error.A002_help": "see `popquiz take --help`",
    "error.A003": "{question} is a 1-{points} scale, got {value}",
    "error.A004": "question {question} has no answer {answer}",
    "error.A004_help": "its answers: {answers}",
    "error.A005_null": "question {question} cannot be skipped, but its answer is null",
    "error.A005_null_help": "answer it: null is a skip, which only questions with "
    "`skippable: true` allow",
    "error.A005_missing": "no answer to {n} question(s) that cannot be skipped: {questions}",
    "error.A005_help": "a missing question is a skip, which only questions with "
    "`skippable: true` allow; answer them",
    "error.more": "{shown} and {n} more",
    "error.A006": "the answers file answers no question",
    "error.A006_help": "give at least one answer (question id: answer id), or play with "
    "`popquiz take`",
    "error.not_in_history": "{ref} is neither a file nor a result number in history; see "
    "`popquiz history`",
    "error.compare_none": "compare needs two results, yours and theirs: each a .json file "
    "(`popquiz take --export me.json`) or a result number from `popquiz history`; e.g. "
    "`popquiz compare 1 friend.json`",
    "error.compare_one": "compare needs a second result, theirs: a .json file or a result "
    "number from `popquiz history`; e.g. `popquiz compare 1 friend.json`",
    "error.compare_lang": "--lang: unknown language {wanted}; use one of: {languages}",
    "compare.written": "Comparison written to {path}",
    "history.exported": "Exported {n} result(s) to {path}",
}
