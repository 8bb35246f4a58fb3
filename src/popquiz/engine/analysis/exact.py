"""The states of the exact shares' dynamic programme, built on arrays.

A state is one row of integers: the raw per-axis sums on the fine grid of
:mod:`popquiz.engine.analysis.shares`, then one flag per conditional question (asked or
not), then the answers later conditions still look at (``-1``: not answered, ``-2``:
forgotten, no later condition looks at it). Each question turns every state into one row per
option (or passes it on, when its conditions fail); equal rows merge, their probabilities
added. Past ``budget`` distinct states the programme gives up, as the dict version did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from popquiz.engine.analysis.arrays import Floats, Ints
    from popquiz.engine.compiled import Compiled

_CHUNK_BYTES = 32 * 1024 * 1024  # rows waiting to be merged, at most this much memory


class States(NamedTuple):
    keys: Ints  # states × (axes + gated questions + remembered answers)
    probs: Floats
    axes: int  # the first ``axes`` columns are the raw sums
    gated: list[int]  # the conditional questions, in order: columns axes … axes + len - 1


def merged_states(
    c: Compiled, budget: int, deltas: list[list[tuple[int, ...] | None]]
) -> States | None:
    """The final distinct states with their probabilities, or None past ``budget``."""
    n = len(c.axes)
    last_use: dict[int, int] = {}
    for qi, conds in enumerate(c.conds):
        for j, _ in conds:
            last_use[j] = max(last_use.get(j, -1), qi)
    remembered = sorted(last_use)
    gated = [qi for qi in range(c.nq) if c.conds[qi]]
    gate_col = {qi: n + s for s, qi in enumerate(gated)}
    kept_col = {j: n + len(gated) + s for s, j in enumerate(remembered)}
    released = {
        qi: [kept_col[j] for j, last in last_use.items() if last == qi] for qi in range(c.nq)
    }
    width = n + len(gated) + len(remembered)
    keys = np.zeros((1, width), dtype=np.int64)
    keys[:, n + len(gated) :] = -1
    probs = np.ones(1)
    limit = max(1, _CHUNK_BYTES // (8 * width))
    for qi in range(c.nq):
        options = np.array([d if d is not None else (0,) * n for d in deltas[qi]], dtype=np.int64)
        asked = np.ones(len(keys), dtype=bool)
        for j, allowed in c.conds[qi]:
            asked &= np.isin(keys[:, kept_col[j]], list(allowed))
        col = kept_col.get(qi)
        pending: list[tuple[Ints, Floats]] = []
        rows = 0
        merged: tuple[Ints, Floats] | None = None
        if not asked.all():
            passed = keys[~asked].copy()
            if col is not None:
                passed[:, col] = -1
            pending.append((passed, probs[~asked]))
            rows += len(passed)
        base, share = keys[asked], probs[asked] / len(options)
        if qi in gate_col:
            base = base.copy()
            base[:, gate_col[qi]] = 1
        for k, d in enumerate(options):
            moved = base.copy()
            moved[:, :n] += d
            if col is not None:
                moved[:, col] = k
            pending.append((moved, share))
            rows += len(moved)
            if rows > limit:
                merged = _merge(pending, released[qi], merged)
                if len(merged[0]) > budget:
                    return None
                pending, rows = [], 0
        merged = _merge(pending, released[qi], merged)
        if len(merged[0]) > budget:
            return None
        keys, probs = merged
    return States(keys, probs, n, gated)


def _merge(
    pending: list[tuple[Ints, Floats]], drop: list[int], merged: tuple[Ints, Floats] | None
) -> tuple[Ints, Floats]:
    parts = pending + ([merged] if merged is not None else [])
    keys = np.concatenate([k for k, _ in parts]) if parts else np.zeros((0, 0), dtype=np.int64)
    probs = np.concatenate([p for _, p in parts]) if parts else np.zeros(0)
    if drop:
        keys[:, drop] = -2  # no later condition looks at these answers: forget them
    unique, inverse = _unique_rows(keys)
    out = np.bincount(inverse, weights=probs, minlength=len(unique))
    return unique, out.astype(np.float64)


# 256 odd multipliers below 2**62 for the row mix: ``np.random.default_rng(20261205).integers(1,
# 2**62, size=256, dtype=np.int64) | 1``, written out (big-endian, 16 hex digits each) so that
# analyze never imports numpy.random (about 10 ms) for them; a test draws them again.
_MIX_HEX = (
    "14720d9c7f4f8017196bad93b5c0da151c7991a45e7a6b93115834b44dfdaed73dc17bb50b31c771"
    "0c4f940fd5bc8ae90c9fa8389083038b03bbd6fa2716b2d3256305b36450602b2e6b651dacc27d4d"
    "278f00d7cd06090d093dbbff453289171156bbac318c9cdb25f917899254c71328e3f201d9f605c9"
    "16a3db5ffa0ca1072f9b9d2f6746a4f51e9cfbfedc7f1fe112511063588bf21b1fe67095edf73fa7"
    "1a5d4bf21648b31928258ad3a17b458d029d6943837c6c2f22cac23be427e74f241b4f70d25c4ab5"
    "1ef72145426892cf09e1334ce446046505deaf75c09d081f2ffcc0e0cd5c4bb1311a102194d54e27"
    "28c75091c40f468b0a96512535db25e3108779b7645cbd990f790918cd1348cd162815685abd4577"
    "0f01e9131785dee91d545b4dbfd1b9d90d0a404074be76b127e1ade543d568632635af7c706d8f1f"
    "24a7cdb970177ec11c46e92f1c02fca30df48b6cdad886d70c0eb475058ac20307ccded859be6013"
    "2e666883d987fd7b2dc2ebcad6d019913486e8a5b2a2a54f1317a63673cc1ba70fc6f56854716ddf"
    "3164413b58fd2a7526f2d30cb6fe405115b92872f09abbd712142addc05e27171b5f9510c450ebd1"
    "0da246895a094d3b2626326d6479814933e8b9c5b2c08b6b373b3aff213dfdc919324ae0410e473f"
    "30495a705662ab41154414111180b2472ccc3fc28741161b3bc0e9b24fb4eea30f07c7996e20aba1"
    "1ff1796e314f0a7b2c250667b037f45915b4d5737b97b8751e9dbf02cafd166d334ebea144795fb9"
    "26ac21f907e5d743251161597bd2119f0c698f79646be99b10d55cfe2034e26113b0df9ba126ea6b"
    "30500578cfcf2ec731f9d520a76dac813fab0e3145f76bab1dd56a50f33cc8b10b7da7261fba094b"
    "3deb6baaea6a9a853eb532b3e24d098b1a4196354317b19308626bd80594efe733c6563febe41177"
    "37bec03412f18da33ba560cce033049732e1dde9cff0edb31358556459d520ef35ab3a08647bb6d1"
    "3735d84822d732e13b59c87f815e8be30e02473b7ed264132cc8fbb39588b3610df97f3ae44a6ce3"
    "064fc06e0d69f9bf36ce5b1d072dfc772a96109554af15331030cd58a997c0b12a8617af2bb16679"
    "03bf1805f52f281925e522151aedafc928ebeac0efc0696f26efbbcbba1073c51bbfd1d7c61f29fd"
    "2334556cc35a52f9199e3de6d709f61d2ab3d9b21c70b6cb1b8d4afc1703ff231619ee82e3ca249f"
    "1ebb2cad300258ff2b9002b9a32d4c8d0ede997335b1de730cd1ef6e2b9be8ab00d3972e53225bc1"
    "0e2f3e39e2a04617075d67ac8df66e5d13646c16da1092091f362b981442da77024d99dba0e99bf5"
    "1042303aef194ca90a256f2ba44d9b153961e08cc795da1d35367812943bff2926dc0b309c0c533f"
    "2a76238d2db2075319d4b7a08b2276fd299361071aa95d253d7fd4637225d569157d44dfb227e06f"
    "1ca4f374871082211f59b2050cffedf916183cf438831d4d0327aab26567ab811777b49dd808ca6b"
    "2b03d9a47d5db7eb26934b0720ea94332a4b59cbbb7620c12d499533a669fbb73df985b61fd9b2d7"
    "0b4b2e4e18738ddd3c7d046706a83f85156170b9a4b56fe524d39013f3626abd3bfa690d6b166031"
    "18b8c22c113b43dd102ca0121a7d61972e76e503603f169927a51c8dc6bc24571c4defc430591777"
    "14295796b115398d3f8806ee93d8f46f29b28a6bd23ab62134d361e941f6df573e4644fa0948a83f"
    "1eb3edd23d8d1457169986e8e5984f8d258e51ce000c812d391634ea0a3419e515dc67dff2b63053"
    "3958b95fe69c3a2715c76ae4f69f256d15e0bd107c3a1d132b05ad4df8c43a8d307fc026f8c69467"
    "3a95d6b88e2f5261062a608acbb8adab3200b82acf80dabf0cc47ea67b0e9fdd353a581c7a4b1c95"
    "1c56a6de9360c5db29dba6693636a2551a86b401992c5afd120b1ebc710a0d6105e153089b39762f"
    "144a1594659bd9f90c85817a2ef5a46317961667c634ac0b2bd2f5f1b46d33952958da3a84a2ebf5"
    "219e1726c7d4d43524617f129eb31c772435b9598d55533f3f6637142029059504a2b033e0436519"
    "0c069574615b68873983bf57e089789b2a1d2e0703ff5e113ac03ba951b933c3050cca7963501463"
    "36f3baf50ec80d5b04b23929a4943d55199a4537233f59a5388de73747d1871707caba2497a007ed"
    "1b734938f8b0b3fb3d875cb84a5378d32ce6ea3691e30f3d386680b39b5128fd2d771959f31e072f"
    "1b25e840c5801f4d255f7650c608d3cd2b4843b96dcb0f1d089122a7e360408d3817365622cd8439"
    "100843572bef8cd139d9425ab70bb2c937118b4a71dcab1333f7c26e4c653219054acf49b8f3ddf1"
    "2c454e4d40c44a2915ce29febc47d5ef0a0688a6146d6ef502427001fc95226700e639f0016f6107"
    "1cd18791ad09b11920b373a2375b5e971caedcef26e866db065315625120cf0f274079f192a4f963"
    "171bc6a7470c1d8d30da16a2c46d43af04bdb0dbf82e08ef10a567201f4cd7992fc4b28a7e88ba51"
    "0cfe72e23661749134f2a2111d1258193b142f3798329ae30abcea2d4faa311f015fcf0eba8adb25"
    "1f1cb58771c4dbeb1b6f0e36d56828a3144d3f7344a78f8f2dd74ee4cb4d2f2d05c9952e0b0a754b"
    "1e0d4fe83f16ea89244b56a27fa3e8770900f7255683cae72c655f0e50197d233426e81315e1716f"
    "33c1cd75e92344e73b611565e3ae6aa33d777ba432e609d51daf3ea0ffa0998f094f07a0c656b343"
    "00c6402fc3e57a9318a031f0847abfeb0ca3710a5c53d2bb1faf7269dacd2d292dc95a36b49870a5"
    "22ef406bdba2f3193be78e1c35ce6abf1ebdf70d8b9c6c512c8daf172c94999f33baede99f09e9c3"
    "3b827901be09fdb3"
)
_MIX = np.frombuffer(bytes.fromhex(_MIX_HEX), dtype=">i8").astype(np.int64)


def _unique_rows(keys: Ints) -> tuple[Ints, Ints]:
    """The distinct rows of ``keys`` and, per row, the index of its distinct row. Rows are
    grouped by a 64-bit mix of their columns (one sort of integers), and every row is then
    compared with its group's first: a collision, however unlikely, falls back to sorting
    the rows themselves."""
    if len(keys) == 0 or keys.shape[1] > len(_MIX):
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        return unique, inverse.reshape(-1)
    with np.errstate(over="ignore"):
        mixed = (keys * _MIX[: keys.shape[1]]).sum(axis=1)
    _, first, inverse = np.unique(mixed, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    unique = keys[first]
    if not np.array_equal(unique[inverse], keys):
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
    return unique, inverse
