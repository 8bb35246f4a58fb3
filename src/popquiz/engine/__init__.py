"""Pure computation on a bank: no terminal, no files, no clock, no global state.

* :mod:`~popquiz.engine.compiled` — the bank as flat arrays, built once per bank, holding the
  one score normalisation and the one outcome rule that everything below uses;
* :mod:`~popquiz.engine.scoring` — answers → axis scores, outcome, contributions (``score``);
* :mod:`~popquiz.engine.recommend` — ranked acts with reasons and a bridge pick;
* :mod:`~popquiz.engine.session` — the quiz as a state machine (next, back, skip, resume), the
  mode a quiz is played in and how it went;
* :mod:`~popquiz.engine.adaptive` — the next question of adaptive play and when it stops, from
  :mod:`~popquiz.engine.lockin` (the proof that the verdict can no longer change) and
  :mod:`~popquiz.engine.estimate` (how likely each verdict is, from simulated takers);
* :mod:`~popquiz.engine.takers` — the consistent-taker model;
* :mod:`~popquiz.engine.analysis` — balance analysis, a package with one module per part
  (shares, influence, reach, coverage, taker models, adaptive play, budget, findings);
* :mod:`~popquiz.engine.report` — the ``--json`` result object, whose shape
  :mod:`~popquiz.engine.report_types` types once; :mod:`~popquiz.engine.relocalise` words a
  stored one in another language; :mod:`~popquiz.engine.explain` — why a result came out as it
  did; :mod:`~popquiz.engine.likert` — agree/disagree labels; :mod:`~popquiz.engine.card_hook`
  — the shared card's type, big number and look, from the bank's ``card:`` section;
* :mod:`~popquiz.engine.compare` — two results side by side; :mod:`~popquiz.engine.bank_tests`
  — a bank's own ``tests:`` expectations.

May import: ``popquiz.bank``, ``popquiz.errors``, ``popquiz.text`` and ``popquiz.i18n``.
"""
