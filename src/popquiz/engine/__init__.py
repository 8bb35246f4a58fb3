"""Pure computation on a bank: no terminal, no files, no clock, no global state.

* :mod:`~popquiz.engine.compiled` — the bank as flat arrays, built once per bank, holding the
  one score normalisation and the one outcome rule that everything below uses;
* :mod:`~popquiz.engine.scoring` — answers → axis scores, outcome, contributions (``score``);
* :mod:`~popquiz.engine.recommend` — ranked acts with reasons and a bridge pick;
* :mod:`~popquiz.engine.session` — the quiz as a state machine (next, back, skip, resume);
* :mod:`~popquiz.engine.adaptive` — lock-in, estimates and the next question of adaptive play;
  :mod:`~popquiz.engine.quick` — which mode a quiz is played in and how it went;
  :mod:`~popquiz.engine.takers` — the consistent-taker model;
  :mod:`~popquiz.engine.analysis` — balance analysis; :mod:`~popquiz.engine.report` — the
  ``--json`` result object, whose shape :mod:`~popquiz.engine.report_types` types once.

May import: ``popquiz.bank``, ``popquiz.errors``, ``popquiz.text`` and ``popquiz.i18n``.
"""
