"""Facet values for the acts of the default catalogue, assigned here for tuning and testing the
ranking only (the catalogue's own `facets:` lines are written from its facts table). Each
entry: kind, then styles."""

from __future__ import annotations

from typing import Any

FIXTURE: dict[str, tuple[str, tuple[str, ...]]] = {
    "seo-taiji-and-boys": ("boy-group", ("hip-hop", "rock-metal")),
    "hot": ("boy-group", ("idol",)),
    "bigbang": ("boy-group", ("idol", "hip-hop")),
    "girls-generation": ("girl-group", ("idol",)),
    "wonder-girls": ("girl-group", ("idol",)),
    "2ne1": ("girl-group", ("idol", "hip-hop")),
    "psy": ("soloist", ("hip-hop", "edm")),
    "iu": ("soloist", ("rnb-ballad", "singer-songwriter")),
    "exo": ("boy-group", ("idol",)),
    "bts": ("boy-group", ("idol", "hip-hop")),
    "red-velvet": ("girl-group", ("idol", "rnb-ballad")),
    "seventeen": ("boy-group", ("idol",)),
    "blackpink": ("girl-group", ("idol", "hip-hop")),
    "gugudan": ("girl-group", ("idol",)),
    "stray-kids": ("boy-group", ("idol", "hip-hop")),
    "ateez": ("boy-group", ("idol", "hip-hop")),
    "i-dle": ("girl-group", ("idol", "hip-hop")),
    "aespa": ("girl-group", ("idol", "edm")),
    "ive": ("girl-group", ("idol",)),
    "newjeans": ("girl-group", ("idol", "rnb-ballad")),
    "le-sserafim": ("girl-group", ("idol", "edm")),
    "kep1er": ("girl-group", ("idol",)),
    "shinee": ("boy-group", ("idol",)),
    "txt": ("boy-group", ("idol", "band")),
    "enhypen": ("boy-group", ("idol",)),
    "illit": ("girl-group", ("idol",)),
    "babymonster": ("girl-group", ("idol", "hip-hop")),
    "day6": ("band", ("band", "rock-metal")),
    "g-dragon": ("soloist", ("hip-hop",)),
    "taeyeon": ("soloist", ("rnb-ballad",)),
    "zico": ("soloist", ("hip-hop",)),
    "smap": ("boy-group", ("idol",)),
    "morning-musume": ("girl-group", ("idol",)),
    "namie-amuro": ("soloist", ("rnb-ballad", "edm")),
    "utada-hikaru": ("soloist", ("rnb-ballad", "singer-songwriter")),
    "ayumi-hamasaki": ("soloist", ("edm", "rnb-ballad")),
    "arashi": ("boy-group", ("idol",)),
    "exile": ("boy-group", ("rnb-ballad",)),
    "akb48": ("girl-group", ("idol",)),
    "perfume": ("girl-group", ("edm",)),
    "kyary-pamyu-pamyu": ("soloist", ("edm",)),
    "babymetal": ("girl-group", ("rock-metal", "idol")),
    "nogizaka46": ("girl-group", ("idol",)),
    "kenshi-yonezu": ("soloist", ("singer-songwriter", "net-born", "anime")),
    "official-hige-dandism": ("band", ("band",)),
    "yoasobi": ("duo", ("net-born", "anime")),
    "ado": ("soloist", ("net-born", "anime", "rock-metal")),
    "snow-man": ("boy-group", ("idol",)),
    "be-first": ("boy-group", ("idol", "hip-hop")),
    "mrs-green-apple": ("band", ("band",)),
    "king-gnu": ("band", ("band", "rock-metal")),
    "fujii-kaze": ("soloist", ("singer-songwriter", "rnb-ballad")),
    "hoshino-gen": ("soloist", ("singer-songwriter",)),
    "vaundy": ("soloist", ("singer-songwriter", "net-born")),
    "mr-children": ("band", ("band",)),
    "bz": ("duo", ("rock-metal",)),
    "lisa": ("soloist", ("anime", "rock-metal")),
    "creepy-nuts": ("duo", ("hip-hop", "anime")),
    "fruits-zipper": ("girl-group", ("idol",)),
    "boa": ("soloist", ("idol", "rnb-ballad")),
    "twice": ("girl-group", ("idol",)),
    "iz-one": ("girl-group", ("idol",)),
    "niziu": ("girl-group", ("idol",)),
    "jo1": ("boy-group", ("idol",)),
    "xg": ("girl-group", ("hip-hop", "rnb-ballad")),
    "and-team": ("boy-group", ("idol",)),
    "me-i": ("girl-group", ("idol",)),
    "nexz": ("boy-group", ("idol", "hip-hop")),
    "tvxq": ("boy-group", ("idol", "rnb-ballad")),
    "kara": ("girl-group", ("idol",)),
    "nct-wish": ("boy-group", ("idol",)),
    "ini": ("boy-group", ("idol",)),
    "younha": ("soloist", ("rnb-ballad", "singer-songwriter")),
    "yukika": ("soloist", ("city-pop",)),
    "kim-jaejoong": ("soloist", ("rnb-ballad", "rock-metal")),
    "junho": ("soloist", ("rnb-ballad",)),
}


def with_fixture_facets(data: dict[str, Any]) -> dict[str, Any]:
    """Validated bank data (``Checked.data``) with every act given its fixture facets."""
    acts = []
    for act in data["acts"]:
        kind, styles = FIXTURE[act["id"]]
        acts.append({**act, "facets": {"kind": kind, "style": list(styles)}})
    return {**data, "acts": acts}
