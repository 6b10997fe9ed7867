"""Sessions never see each other's data: two AppTest sessions in one process, every page that shows data.

AppTest sessions share the process's ``st.cache_data`` and ``st.cache_resource`` exactly as two browser tabs
share a server. Session A "uploads" facts, prices and a roster (the frames the Your-data page stores after
validation); session B uses the shipped data. B must see byte for byte what a lone shipped session sees, in
either order, and A must see its own marked data.

The uploads (made up for the test, never shipped):
- Kenya lenalidomide *Publicly funded* (2024-05) and Brazil daratumumab *Publicly funded* (2025-06);
- a Kenyan bortezomib price (KES 25,000 a 3.5 mg vial, 2025-06);
- a roster of one person in Kenya (replaces the shipped roster of 61 people in 14 countries).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")
TIMEOUT = 90

FACTS = """iso3,drug_id,authorisation,funding,date,confidence,source_id,as_of,note
KEN,lenalidomide,approved,funded,2024-05,stated,made_up_for_a_test,2026-11-24,session A only
BRA,daratumumab,approved,funded,2025-06,stated,made_up_for_a_test,2026-11-24,session A only
"""
PRICES = """price_id,iso3,drug_id,route,product,strength_mg,units_per_pack,pack_price,currency,price_type,price_date,source_id,as_of,confidence,note
ken_btz,KEN,bortezomib,SC,Bortezomib 3.5 mg vial,3.5,1,25000,KES,hospital list price,2025-06,made_up_for_a_test,2026-11-24,verified,session A only
"""
ROSTER = """member_name,iso3,institution,roster,evidence,source_id,as_of
"Testperson, A.",KEN,Made-up Hospital,official_2026,official_roster,made_up_for_a_test,2026-11-24
"""

# page, query parameters, session state to set before the run (tabs), what A must see that B must not
PAGES = [
    ("map", {"drug": "lenalidomide", "view": "table"}, {}, "Your data"),
    ("map", {"drug": "lenalidomide"}, {}, "Your data"),
    ("map", {"drug": "lenalidomide", "imwg": "1"}, {}, "(1 people, 1 countries)"),
    ("map", {"drug": "lenalidomide", "view": "people"}, {}, ""),
    ("map", {"drug": "lenalidomide", "view": "sources"}, {}, "Your data"),
    ("regimens", {"country": "KEN", "lines": "1"}, {}, "Your data"),
    ("regimens", {"country": "KEN", "lines": "1", "tab": "unlock"}, {}, "Kenya"),
    ("regimens", {"country": "BRA", "lines": "1", "tab": "map"}, {}, ""),
    ("country", {"country": "KEN"}, {}, "Your data"),
    ("costs", {"regimen": "vd", "countries": "KEN,GBR"}, {}, "Kenya"),
    ("compare", {"countries": "KEN,BRA"}, {}, "Your data"),
    ("timeline", {"drug": "daratumumab"}, {}, ""),
    ("sources", {}, {}, ""),
]
BANNER = "**Your data is in use**"
IDS = [
    f"{p}?{'&'.join(f'{k}={v}' for k, v in q.items())}{'#' + next(iter(s.values())) if s else ''}"
    for p, q, s, _ in PAGES
]


def _frames() -> dict[str, pd.DataFrame]:
    from components import data
    from myeloma_access import userdata

    base = data.shipped_model()
    countries, drugs = set(base.countries["iso3"]), set(base.drug_labels)
    currencies = set(base.ds.fx_rates["currency"])
    frames = {}
    for kind, text in (("facts", FACTS), ("prices", PRICES), ("roster", ROSTER)):
        frame, notes = userdata.parse_upload(kind, text.encode(), f"{kind}.csv", countries, drugs, currencies)
        assert frame is not None, notes
        frames[kind] = frame
    return frames


def session(page: str, params: dict, state: dict, upload: bool) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if page != "map":
        at.switch_page(f"pages/{page}.py")
    for key, value in params.items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    if upload:  # what the Your-data page stores after a valid upload
        from components.data import _hash_frames

        frames = _frames()
        at.session_state["user_frames"] = frames
        at.session_state["user_data_version"] = _hash_frames(frames)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def seen(at: AppTest) -> list[tuple[str, str]]:
    """Everything a person sees on the page, in order: texts, table contents, chart specs, widget values."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:
        kind = getattr(node, "type", None)
        children = getattr(node, "children", None)
        if children:
            for child in children.values():
                walk(child)
            return
        if kind == "bidi_component":  # the access map: its whole payload, and the overlay line it shows
            payload = json.loads(node.proto.json)["payload"]
            people = sum(r[1] for r in payload["imwg"])
            out.append(
                (
                    kind,
                    json.dumps(payload, sort_keys=True)
                    + f" Circles: IMWG people ({people} people, {len(payload['imwg'])} countries)",
                )
            )
            return
        if kind == "plotly_chart":
            spec = json.loads(node.proto.spec)
            out.append(
                (
                    kind,
                    json.dumps(spec.get("data"), sort_keys=True)
                    + json.dumps(spec.get("layout", {}).get("annotations"), sort_keys=True),
                )
            )
            return
        try:
            value = node.value
        except Exception:  # an element without a value (divider, page link)
            value = getattr(node, "label", "")
        if isinstance(value, pd.DataFrame):
            out.append((kind, value.to_csv()))
        elif kind != "event":
            out.append((kind, f"{value}{getattr(node, 'label', '') if kind == 'metric' else ''}"))

    walk(at._tree)
    return [(k, v) for k, v in out if not v.startswith(BANNER)]  # the banner only says uploads are in use


def text(view: list[tuple[str, str]]) -> str:
    return "\n".join(v for _, v in view)


@pytest.fixture(autouse=True)
def empty_shared_cache():
    """Each ordering starts from an empty shared cache, as a fresh server would."""
    import streamlit as st

    st.cache_data.clear()
    yield


@pytest.fixture(scope="module")
def shipped_alone() -> dict[str, list]:
    """Each page as a lone shipped-data session sees it (the reference)."""
    return {i: seen(session(p, q, s, upload=False)) for i, (p, q, s, _) in zip(IDS, PAGES)}


@pytest.mark.parametrize(("page", "params", "state", "mine"), PAGES, ids=IDS)
def test_uploader_first_then_shipped_session(shipped_alone, page, params, state, mine):
    a = seen(session(page, params, state, upload=True))
    b = seen(session(page, params, state, upload=False))
    ref = shipped_alone[IDS[PAGES.index((page, params, state, mine))]]
    assert b == ref, "the shipped session sees something of the uploader's"
    assert a != ref, "the uploader does not see its own data"
    if mine:
        assert mine.lower() in text(a).lower()


@pytest.mark.parametrize(("page", "params", "state", "mine"), PAGES, ids=IDS)
def test_shipped_session_first_then_uploader(shipped_alone, page, params, state, mine):
    b = seen(session(page, params, state, upload=False))
    a = seen(session(page, params, state, upload=True))
    ref = shipped_alone[IDS[PAGES.index((page, params, state, mine))]]
    assert b == ref
    assert a != ref, "the uploader sees the shipped session's cached view instead of its own data"
    if mine:
        assert mine.lower() in text(a).lower()


def test_kenya_funded_upload_never_reaches_a_shipped_compare_view():
    """The reported leak, exactly: A uploads Kenya lenalidomide funded and opens /compare?countries=KEN,BRA."""
    a = session("compare", {"countries": "KEN,BRA"}, {}, upload=True)
    b = session("compare", {"countries": "KEN,BRA"}, {}, upload=False)
    matrix_a = next(n.value for n in a.dataframe)
    matrix_b = next(n.value for n in b.dataframe)
    assert "Publicly funded (2024-05)" in matrix_a.to_csv()
    assert "Publicly funded (2024-05)" not in matrix_b.to_csv()


def test_only_components_data_calls_streamlit_caches():
    """The one caching rule: no module but components/data.py calls st.cache_data / st.cache_resource."""
    offenders = []
    for path in sorted(
        [
            *ROOT.glob("components/*.py"),
            *ROOT.glob("pages/*.py"),
            ROOT / "app.py",
            ROOT / "serve.py",
            *ROOT.glob("myeloma_access/*.py"),
        ]
    ):
        if path.name == "data.py" and path.parent.name == "components":
            continue
        tree = ast.parse(Path(path).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("cache_data", "cache_resource", "cache"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.attr}")
    assert offenders == []


def test_removing_the_upload_drops_the_session_model_and_memo():
    at = session("compare", {"countries": "KEN,BRA"}, {}, upload=True)
    assert "_user_model" in at.session_state and "_user_memo" in at.session_state
    at.session_state["user_frames"] = {}
    at.session_state["user_data_version"] = "shipped"
    at.run()
    matrix = next(n.value for n in at.dataframe)
    assert "Publicly funded (2024-05)" not in matrix.to_csv()


def test_what_leaves_the_app_says_it_includes_uploaded_data():
    """Slide source line and cite line carry the stamp for the uploader, never for the shipped session."""
    stamp = "INCLUDES YOUR DATA: 4 uploaded rows, not from published sources"
    a = session("compare", {"countries": "KEN,BRA"}, {}, upload=True)
    b = session("compare", {"countries": "KEN,BRA"}, {}, upload=False)
    assert stamp in text(seen(a)) and stamp not in text(seen(b))
    cite_a = next(c.value for c in a.code if "Myeloma Access Explorer" in c.value)
    assert cite_a.endswith(f"{stamp}. The link shows the published data only.")
    assert "INCLUDES YOUR DATA" not in next(c.value for c in b.code if "Myeloma Access Explorer" in c.value)
