"""popquiz's own messages in Japanese, grouped by screen (keys: :mod:`popquiz.i18n`)."""

MESSAGES: dict[str, str] = {
    # welcome: the bank, its size, the mode and the keys
    "welcome.facts": "{questions}・{time}",
    "welcome.questions": "全{n}問",
    "welcome.questions_upto": "最大{n}問",
    "welcome.time": "約{minutes}分",
    "welcome.start": "Enter キーを押すとスタート。",
    "welcome.resume": "おかえり！{total}中、第{n}問から再開するよ。",
    "welcome.quick": "クイックモード：全{total}問から、結果の決め手になる{n}問だけ出題するよ。",
    "adaptive.welcome": "オートストップ：結果が確定したらそこで終わるよ。",
    "adaptive.welcome_quick": "クイックモード：結果が約{percent}%確かになったら終わるよ。"
    "あくまで推定だよ。",
    "keys.welcome": "↑/↓\u00a0または\u00a0j/k：移動・Enter\u00a0か\u00a01-9：回答・b：戻る・"
    "Esc\u00a0か\u00a0q：中断",
    "keys.welcome_skip": "↑/↓\u00a0または\u00a0j/k：移動・Enter\u00a0か\u00a01-9：回答・b：戻る・"
    "s：スキップ・Esc\u00a0か\u00a0q：中断",
    "keys.welcome_plain": "操作：上下の矢印キーか j と k で移動、Enter か数字ですぐ回答、"
    "b で戻る、Esc か q で中断して保存。",
    "keys.welcome_plain_skip": "操作：上下の矢印キーか j と k で移動、Enter か数字ですぐ回答、"
    "b で戻る、スキップできる質問は s でスキップ、Esc か q で中断して保存。",
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
    "keys.instruction": "（↑/↓ Enter・1-9・b 戻る・q 中断）",
    "keys.instruction_short": "（1-9・b・q 中断）",
    "keys.instruction_skip": "（↑/↓ Enter・1-9・b 戻る・s スキップ・q 中断）",
    "keys.instruction_short_skip": "（1-9・b・s・q 中断）",
    "keys.instruction_plain": "（数字、または矢印キーと Enter）",
    "quiz.done": "おつかれさま！結果はこちら。",
    # early stop: locked in, or the quick estimate reached
    "adaptive.locked": "全{total}問中{n}問で確定：残りの質問では結果は変わらないよ。",
    "adaptive.confident": "全{total}問中{n}問での簡易推定：全問の結果と一致する確率は約"
    "{percent}%だよ。",
    "adaptive.next": "次はどうする？",
    "adaptive.instruction": "（↑/↓ Enter・1・2・b ですぐ選択）",
    "adaptive.see": "結果を見る",
    "adaptive.go_on": "続けて、もっと詳しく診断する（あと{left}問）",
    # pause and resume
    "quiz.pause_ask": "診断を中断して、ここまでの回答を保存する？ [Y/n] ",
    "quiz.paused": "診断を中断したよ。ここまでの回答は保存済み。続きは：{command}",
    "quiz.not_saved": "診断を中断したけど、進行状況を保存できなかった（{error}）。",
    "quiz.nothing_saved": "最初の回答の前に終わったから、何も保存してないよ。"
    "もう一度始めるには：{command}",
    "quiz.paused_found": "この診断の中断データがあるよ（回答{answered}件）。",
    "quiz.resume_ask": "続きから再開する？ [Y/n] ",
    "quiz.paused_kept": "この診断には中断データがあるから、そのまま残してあるよ。続きは：{command}",
    "quiz.kept": "まだ何も回答していないから、中断データはそのまま残したよ。続きは：{command}",
    "quiz.other_saved": "その間に別の popquiz がこの診断の進行状況を保存したよ"
    "（回答{answered}件）。上書きせずに残してある。続きは：{command}",
    "quiz.other_found": "プレイ中に別の popquiz がこの診断を中断保存したよ"
    "（向こうは回答{theirs}件、こちらは{yours}件）。中断データは診断ごとに1つだけ残るよ。",
    "quiz.replace_ask": "向こうを消して、こちらを残す？ [y/N] ",
    "quiz.replaced": "診断を中断したよ。もう一方の中断データの代わりに、ここまでの回答を"
    "保存した。続きは：{command}",
    "quiz.progress_repaired": "保存された進行状況を今の診断に合わせたよ：{detail}。",
    "quiz.progress_unusable": "中断データが使えない（{error}）。最初から始めるね"
    "（回答するまで中断データは消さないよ）。",
    "resume.none": "{bank} には続きの中断データがないよ。`popquiz take` で始めてね",
    "resume.unusable": "保存された進行状況が使えない：{error}",
    "interrupted": "中断したよ。",
    # result: the verdict, how the quiz stopped, last time
    "result.heading": "あなたの結果",
    "result.verdict": "判定：{strength}",
    "strength.clear": "明確",
    "strength.leaning": "やや優勢",
    "strength.close": "僅差",
    "verdict.over.clear": "明確、{other}を大きく引き離している",
    "verdict.over.leaning": "{other}より少し優勢",
    "verdict.over.close": "{other}とは僅差",
    "verdict.middle.clear": "ちょうど真ん中",
    "verdict.middle.leaning": "真ん中だけど、やや{other}寄り",
    "verdict.middle.close": "ぎりぎり真ん中、{other}寄り",
    "result.explain": "あなたに合う理由",
    "result.locked": "全{total}問中{n}問で確定：残りの質問ではこの結果は変わらないよ。",
    "result.estimate": "クイックモード：全{total}問中{n}問の回答からの推定。全問答えた場合と"
    "同じ結果になる確率は約{percent}%だよ。",
    "result.quick": "クイックモード：質問が少ないぶん、結果の確かさは下がるよ。",
    "result.previous": "前回：{title}（{label}）、今回：{now}（{now_label}）",
    "result.not_saved": "popquiz：結果を履歴に保存できなかった（{error}）",
    "result.kept_aside": "popquiz：別のプログラムが履歴をロックしているので、結果を{path}に"
    "保管したよ。次にpopquizを起動すると履歴に追加されるよ。",
    "result.unsaved": "popquiz：上の結果は保存されなかった（{error}）。--export FILEか--jsonで"
    "残しておいてね。",
    # result: where you stand and the answers that moved you
    "result.axes": "あなたの立ち位置",
    "axis.toward": "「{pole}」寄り\u00a0{percent}",
    "axis.middle": "ちょうど真ん中",
    "axis.percent": "「{low}」寄り {low_pct}%・「{high}」寄り {high_pct}%",
    "unmeasured": "未測定",
    "result.why": "理由：結果をいちばん動かした回答",
    "result.answer": "回答：{answer}",
    "result.skipped": "{n}問スキップ",
    # result: the recommendations (neutral words; a bank may give its own), what next
    "words.picks": "いちばん近い結果",
    "words.bridge": "ほかのグループから近いもの",
    "words.bridges": "ほかのグループから近いもの",
    "words.across": "複数のグループから",
    "words.name": "名前",
    "words.group": "グループ",
    "words.start": "まずはこれ",
    "col.why": "理由",
    "result.classic": "{scene}・現在は活動なし",
    "status.asof": "{text}（{as_of}時点）",
    "status.asof_joined": "{text}・{as_of}時点",
    "reason.shared": "あなたと同じ「{pole}」寄り",
    "reason.theirs": "こちらは「{pole}」寄り",
    "reason.asked": "希望どおりの{value}",
    "reason.middle": "あなたと同じく「{low}」と「{high}」の間",
    "result.recs_from": "{title}・{scene}から",
    "result.recs_across": "{title}・{across}",
    "result.bridge_from": "{title}・あなたとの共通点で選んだおすすめ",
    "listen.label": "聴く",
    "reveal.more": "Enter キーを押すと、おすすめと理由を表示するよ。",
    "reveal.page": "Enter キーで続きを表示（{n}/{total}）。",
    "hint.head": "次にできること：",
    "hint.export": "カードを保存：{command}",
    "hint.compare": "友だちの結果と比べる：{command}",
    "hint.again": "もう一度：{retake} ・ 過去の結果：{history}",
    "hint.activate": "ここでは popquiz が PATH にないよ。先にこれを実行：",
    "hint.program": "popquiz が PATH にないよ。popquiz の代わりにこう入力：",
    # card and export
    "export.title": "popquiz の結果",
    "export.written": "結果カードを書き出したよ：{path}",
    "card.type": "あなたのタイプ",
    "card.because": "いちばん強い傾向から命名：{pole}",
    "card.number_note": "全部の軸の平均の傾き",
    "card.even": "{low}と{high}が半々",
    "card.take": "あなたもやってみよう：{command}",
    "card.no_font": "{path}を書き出せないよ：{what}のグリフを持つフォントが入っていないので、"
    "画像が空の四角だらけになってしまう",
    "card.no_font_help": "フォントを入れてね（Debian・Ubuntu：`sudo apt install fonts-noto-cjk`、"
    "Fedora：`sudo dnf install google-noto-sans-cjk-fonts`、"
    "Arch：`sudo pacman -S noto-fonts-cjk`）。"
    "または、ブラウザが自分のフォントで描く.svgか.htmlで書き出してね",
    "card.no_font_help_chars": "その文字を持つフォントを入れてね（絵文字なら"
    "`Noto Color Emoji`などの絵文字フォント）。"
    "または、ブラウザが自分のフォントで描く.svgか.htmlで書き出してね",
    "card.font_script": "カードの{language}テキスト",
    "card.font_chars": "文字{chars}",
    # history
    "history.date": "日時",
    "history.bank": "診断",
    "history.lang": "言語",
    "history.result": "結果",
    "history.empty": "まだ結果がないよ。`popquiz take` で診断してみて。",
    "history.empty_bank": "{bank} の結果はまだないよ。`popquiz take` で診断してみて。",
    "history.show_head": "結果 #{id}、{time}、{bank} {version}",
    "history.waiting": "popquiz：別のpopquizが履歴を使っているので待っています…（最大{seconds}秒）",
    # compare
    "compare.title": "あなたと友だち",
    "compare.similarity": "シンクロ率 {percent}",
    "compare.shared": "ふたりとも好きになりそうなアーティスト",
    "compare.shared_none": "ふたりに共通するおすすめアーティストはいないみたい。",
    "compare.differ": "いちばん違うところ：{low} – {high}（差は{gap}）",
    "compare.same": "すべての軸でまったく同じ位置だよ。",
    # analyze: the progress line shown while a long analysis runs on a terminal
    "analyze.shares": "結果ごとの割合を数えています",
    "analyze.influence": "質問ごとの影響を測っています",
    "analyze.reach": "各結果とおすすめにたどり着く回答を探しています",
    "analyze.takers": "回答者をシミュレーションしています",
    "analyze.picks": "シミュレーションした回答者のおすすめを選んでいます",
    "analyze.play": "アダプティブ形式のクイズを試しています",
    "analyze.findings": "警告をまとめています",
    # languages
    "lang.fallback": "この診断には{language}版がないから、質問と結果は{bank_language}で"
    "表示するよ。",
    "lang.en": "英語",
    "lang.ko": "韓国語",
    "lang.ja": "日本語",
    # errors the player is told (take, answers files, compare, history export)
    "error.no_terminal": "質問するにはターミナルが必要だよ。ない場合は --answers FILE で"
    "ファイルから回答するか、--random [--seed N] でランダムに回答してね（--json を付けると"
    "プログラムで読みやすい形で出力するよ）。",
    "error.no_bank": "IDが{ref}の診断は見つからないよ",
    "error.did_you_mean": "もしかして{name}？",
    "error.known_banks": "今ある診断：{banks}。",
    "error.bank_how": ".yaml ファイルのパスを指定するか、`popquiz list` で確認してね。",
    "error.no_bank_file": "診断ファイルが見つからないよ：{path}",
    "error.lang_missing": "診断{bank}には{wanted}版がないよ。ある言語：{languages}",
    "error.answers_or_random": "--answers と --random はどちらか一つだけにしてね",
    "error.export_type": "--export：{suffix}は保存できないファイル形式だよ。{types} から選んでね",
    "error.help": "ヒント：",
    "error.A001": "回答ファイルは「質問ID: 回答」の形で書いてね",
    "error.A001_help": "例：1行に1つずつ `morning: read`、`brew: 4`",
    "error.A002": "診断{bank}に質問{question}はないよ",
    "error.A002_help": "`popquiz take --help` で確認してね",
    "error.A003": "{question}は1〜{points}の{points}段階だよ（入力：{value}）",
    "error.A004": "質問{question}に回答{answer}はないよ",
    "error.A004_help": "選べる回答：{answers}",
    "error.A005_null": "質問{question}はスキップできないのに、回答が null だよ",
    "error.A005_null_help": "回答を書いてね。null はスキップの意味で、`skippable: true` の"
    "質問だけが空けておけるよ",
    "error.A005_missing": "スキップできない質問{n}問に回答がないよ：{questions}",
    "error.A005_help": "書いていない質問はスキップ扱いで、`skippable: true` の質問だけが"
    "スキップできるよ。回答を書いてね",
    "error.more": "{shown}ほか{n}問",
    "error.A006": "回答ファイルに回答が一つもないよ",
    "error.A006_help": "回答を一つ以上書くか（質問ID: 回答ID）、`popquiz take` で診断してね",
    "error.not_in_history": "{ref}はファイルでも履歴の結果番号でもないよ。"
    "`popquiz history` で確認してね",
    "error.compare_none": "比べるには結果が2つ必要だよ：自分の結果と友だちの結果。それぞれ"
    ".jsonファイル（`popquiz take --export me.json`）か `popquiz history` の結果番号で指定してね。"
    "例：`popquiz compare 1 friend.json`",
    "error.compare_one": "友だちの結果がもう1つ必要だよ：.jsonファイルか `popquiz history` の"
    "結果番号で指定してね。例：`popquiz compare 1 friend.json`",
    "error.compare_lang": "--lang：{wanted}は使えない言語だよ。使える言語：{languages}",
    "compare.written": "比較結果を書き出したよ：{path}",
    "history.exported": "結果{n}件を書き出したよ：{path}",
}
