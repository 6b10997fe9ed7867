"""Streamlit AppTest: each page shows the right thing for a URL (exact values, hand-checked against data/).

Hand checks (data/ at the time of writing):
- Canada lenalidomide: Health Canada approval 2008-10-06 (CNW) and 2017 extension; public funding in provinces
  2010-04-16, Alberta 2016-10-18, Ontario 2021-10-29 (all reported) -> Publicly funded, last evidence 2021-10-29,
  more than five years before 2026-11-24 -> old.
- New Zealand daratumumab: approved, not funded by Pharmac (2023 campaign page; Pharmac OIA 2025) -> Not publicly funded.
- Brazil daratumumab: ANVISA approval; CONITEC declined SUS incorporation (NATJUS 2022-02) -> Not publicly funded.
"""

from datetime import date

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")
TIMEOUT = 60


def run_page(page: str | None = None, **params) -> AppTest:
    """Open a page as a fresh browser visit would: page path and URL query parameters."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if page:
        at.switch_page(page)  # url_path equals the file name, so this works before the first run
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_row(at: AppTest, column: str, value: str, index: int = 0) -> dict:
    df = at.dataframe[index].value
    rows = df[df[column] == value]
    assert len(rows) == 1, (value, list(df.columns))
    return rows.iloc[0].to_dict()


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def map_payload(at: AppTest) -> dict:
    """What the access map component was sent (it draws and recolours in the browser)."""
    import json

    (element,) = at.get("bidi_component")
    assert element.proto.component_name == "myeloma-access-explorer.access_map"
    return json.loads(element.proto.json)


def test_map_is_the_landing_page_with_footer_and_sidebar():
    at = run_page()
    assert at.title[0].value == "Where can patients with relapsed myeloma get each drug?"
    sent = map_payload(at)
    assert sent["payload"]["options"][0] == ["bortezomib", "Bortezomib (V)"]  # the default drug
    assert sent["texts"]["source_status"] == (
        "Source: Myeloma Access Explorer, data as of 2026-12-03. Authorisation and public funding each from their "
        "latest cited fact; EU/EEA authorisation from EMA. Grey = no data, not 'not approved'. Lighter = newest "
        "evidence >5 years old or inferred."
    )
    assert not at.selectbox and not at.get("plotly_chart")  # every map control is inside the component
    assert [c.value for c in at.caption if c.value.startswith("Data as of ")] == [
        "Data as of 2026-12-03 (latest source date). 465 cited sources. Code: MIT. Data: each fact keeps its source's "
        "licence (see Sources & methods); WHO EML facts CC BY-NC-SA 3.0 IGO; EMA facts reused with acknowledgement."
    ]
    assert any("Grey means **No data**" in c.value for c in at.sidebar.caption)


def test_map_row_funded_then_extended_canada_lenalidomide():
    row = table_row(run_page(drug="lenalidomide", view="table"), "Country", "Canada")
    assert {k: row[k] for k in ("Status", "Drug", "Last evidence", "Evidence", "Old or inferred", "ISO3")} == {
        "Status": "Publicly funded",
        "Drug": "Lenalidomide (R)",
        "Last evidence": "2021-10-29",
        "Evidence": "reported",
        "Old or inferred": "yes",
        "ISO3": "CAN",
    }
    at = run_page(drug="lenalidomide", country="CAN")  # the Map tab, with the details panel
    details = markdown_text(at)
    assert "**Lenalidomide (R):**" in details and ">Publicly funded</span>" in details
    assert "last evidence: 2021-10-29 · reported · old or inferred" in details
    assert at.subheader[0].value == "Canada"


@pytest.mark.parametrize("iso3, name", [("NZL", "New Zealand"), ("BRA", "Brazil")])
def test_map_row_explicitly_unfunded_is_not_publicly_funded_never_not_approved(iso3, name):
    at = run_page(drug="daratumumab", view="table")
    row = table_row(at, "Country", name)
    assert row["Status"] == "Not publicly funded (patients pay)"


def test_map_counts_match_the_model_and_no_data_is_shown():
    from collections import Counter

    from components.data import model
    from myeloma_access.map_payload import decode

    at = run_page(drug="lenalidomide")
    table = model().map_table("lenalidomide")
    counts = model().status_counts(table)
    assert at.get("bidi_component") and not at.dataframe  # only the open tab (Map) is computed and sent
    shown = decode(map_payload(at)["payload"], "lenalidomide")
    classes = [c[0] for c in map_payload(at)["payload"]["classes"]]
    # the shipped data today (data as of 2026-12-03): 13 funded, 58 approved, 4 not funded, 1 not approved,
    # 161 No data = 237 mapped countries; 34 of them shown pale (old evidence)
    expected = {"publicly_funded": 13, "approved": 58, "not_funded": 4, "not_approved": 1, "no_data": 161}
    assert dict(Counter(classes[code // 2] for code, _ in shown.values())) == expected
    assert {k: v for k, v in counts.items() if v} == expected  # the browser's colours are the model's statuses
    assert sum(code % 2 for code, _ in shown.values()) == int(table["stale"].sum()) == 34  # the pale shade
    assert shown["CAN"] == (
        1,
        ["Last evidence: 2021-10-29 · reported (old or inferred)", shown["CAN"][1][1]],
    ) and shown["CAN"][1][1].startswith("Source: ")
    assert shown["TCD"] == (12, ["Not yet searched"])  # No data: grey (class index 6) and what the search did
    at = run_page(drug="lenalidomide", view="table")
    assert len(at.dataframe[0].value) == len(model().countries) and not at.get("bidi_component")


def test_class_selection_shows_the_member_that_gives_access():
    at = run_page(drug="group:Anti-CD38 antibodies", view="table")
    row = table_row(at, "Country", "New Zealand")
    assert (row["Status"], row["Drug"]) == ("Not publicly funded (patients pay)", "Daratumumab (D)")


def test_status_as_of_a_year():
    from myeloma_access.map_payload import decode

    payload = map_payload(run_page(drug="lenalidomide", year="2009"))["payload"]
    assert (
        decode(payload, "lenalidomide", 2009)["CAN"][0] == 5
    )  # approved (2008, class index 2), old; funded only from 2010
    assert decode(payload, "lenalidomide", 2010)["CAN"][0] == 1
    at = run_page(drug="lenalidomide", year="2009", view="table")
    assert table_row(at, "Country", "Canada")["Status"] == "Approved, funding unknown"  # approved 2008, funded 2010
    assert table_row(at, "Country", "Brazil")["Status"] == "No data"


def test_sources_tab_lists_the_sources_behind_the_map():
    at = run_page(drug="daratumumab", view="sources")
    text = markdown_text(at)
    assert "sources give the statuses on this map" in text
    assert "Pharmac: Official Information Act response - Daratumumab for multiple myeloma" in text


def test_invalid_query_params_are_ignored_not_a_traceback():
    at = run_page(drug="aspirin", country="ZZZ", year="1066", imwg="maybe")
    assert not at.subheader  # no details panel for an unknown country
    at = run_page(drug="aspirin", country="ZZZ", year="1066", imwg="maybe", layer="nope", view="table")
    drugs = set(at.dataframe[0].value["Drug"])
    assert drugs == {"Bortezomib (V)", ""}  # the default drug, today's status (a year of 1066 is ignored)


def test_country_page_shows_both_dimensions():
    at = run_page("pages/country.py", country="CAN")
    assert at.title[0].value == "Canada"
    row = table_row(at, "Drug", "Lenalidomide (R)")
    assert row["Status"] == "Publicly funded"
    # the latest of the equally strong approvals: Health Canada DPD extract of 2026-04-01 (still authorised then)
    assert row["Authorisation"] == (
        "approved (2026-04-01) — Health Canada, Drug Product Database (DPD) data extract of 1 April 2026: marketed "
        "(allfiles.zip), approved (allfiles_ap.zip) and dormant (dr.zip) products, third-party copy in github "
        "bcgov/MOH-FederalDrugDataFile @ 809bab3 (2026-05-05); column names from Health Canada, Read Me File - Drug "
        "Product Database (DPD) Data Extract"
    )
    assert row["Public funding"] == (
        "funded (2021-10-29) — Ontario Drug Benefit product record: Nat-Lenalidomide 5 mg (DIN 02493845) and "
        "interchangeable products incl. Revlimid - unit price, 'Amount MOH Pays', Limited Use criteria incl. "
        "multiple myeloma"
    )
    thal = table_row(at, "Drug", "Thalidomide (T)")
    assert (thal["Status"], thal["Last evidence"], thal["Evidence"]) == (
        "Approved, funding unknown",
        "2026-04-01",
        "stated by regulator/payer",
    )  # Health Canada DPD 2026-04-01


def test_country_page_without_country_prompts():
    at = run_page("pages/country.py")
    assert at.title[0].value == "Country details"
    assert at.info[0].value.startswith("Choose a country")


def _finder_rows(at: AppTest) -> list[tuple[str, str, str]]:
    df = at.dataframe[0].value
    return list(zip(df["Regimen"], df["Status"], df["Guidance"]))


def test_finder_anti_cd38_refractory_first_relapse_never_lists_drd():
    """/regimens?country=GBR&lines=1&cd38=1 listed DRd as 'preferred 1A' before; now the IMWG daratumumab branch
    is named as unverifiable and the handbook's anti-CD38-refractory options are shown. Issue 17: the UK
    approval of BVd (a regulatory label) now comes before the expert handbook; BPd needs lenalidomide exposure."""
    at = run_page("pages/regimens.py", country="GBR", lines="1", cd38="1", scope="with_later")
    rows = _finder_rows(at)
    assert [r[0] for r in rows][:4] == ["BVd", "KRd", "IRd", "ERd"]
    assert rows[1][:2] == ("KRd", "Usable") and rows[1][2].startswith("ESH handbook 2021")
    assert "DRd" not in [r[0] for r in rows]
    assert any(
        i.value.startswith(
            "IMWG 2021 also gives first-relapse recommendations for disease that progressed "
            "on a daratumumab-based regimen"
        )
        for i in at.info
    )


def test_finder_first_relapse_not_refractory_imwg_only():
    at = run_page("pages/regimens.py", country="GBR", lines="1")
    rows = _finder_rows(at)
    # IMWG order (preferred 1A, then alternative 1B), cheaper first within a grade, unknown cost last.
    assert rows == [
        ("KRd", "Usable", "IMWG 2021: Preferred 1A"),
        ("DRd", "Usable", "IMWG 2021: Preferred 1A"),
        ("Kd", "Usable", "IMWG 2021: Alternative 1B"),
        ("PVd", "Usable", "IMWG 2021: Alternative 1B"),
        ("DVd", "Usable", "IMWG 2021: Alternative 1B"),
        ("DKd", "Usable", "IMWG 2021: Alternative 1B"),
        ("Isa-Kd", "Unknown (missing data)", "IMWG 2021: Alternative 1B"),
        ("IRd", "Unknown (missing data)", "IMWG 2021: Alternative 1B"),
        ("ERd", "Unknown (missing data)", "IMWG 2021: Alternative 1B"),
        ("SVd", "Unknown (missing data)", "IMWG 2021: Alternative 1B"),
    ]
    assert any(m.value == "**Situation:** 1 prior line." for m in at.markdown)


def test_finder_three_prior_lines_shows_cited_guidance_and_says_what_is_unverifiable():
    at = run_page("pages/regimens.py", country="GBR", lines="3", lenexp="1", piexp="1", scope="with_later")
    rows = _finder_rows(at)
    assert rows[0] == ("DKd", "Usable", "EHA-ESMO 2021: Recommended")
    # issue 17: EHA-ESMO's list 'after bortezomib and lenalidomide' needs that exposure; without it, not offered
    at = run_page("pages/regimens.py", country="GBR", lines="3", scope="with_later")
    assert "EHA-ESMO 2021: Recommended" not in {r[2] for r in _finder_rows(at)}
    assert any(i.value.startswith("IMWG 2021 also gives recommendations for two or more prior lines") for i in at.info)


def test_finder_t11_14_adds_venetoclax():
    at = run_page("pages/regimens.py", country="GBR", lines="3", len="1", t1114="1", scope="with_later")
    rows = {r[0]: r for r in _finder_rows(at)}
    assert rows["VenVd"][1] == "Unknown (missing data)"
    at = run_page("pages/regimens.py", country="GBR", lines="3", len="1", scope="with_later")
    assert "VenVd" not in {r[0] for r in _finder_rows(at)}


def _finder_table(at: AppTest):
    return at.dataframe[0].value.set_index("Regimen")


def test_finder_triple_class_refractory_uk_opens_on_today_s_guidance():
    """Issue 17, first case: /regimens?country=GBR&lines=4%2B&len=1&pi=1&cd38=1&scope=with_later opened on DKd
    'Usable'. Now EHA-EMN 2025 orders the list; every anti-CD38 / PI regimen is 'Not usable: refractory', last."""
    at = run_page("pages/regimens.py", country="GBR", lines="4+", len="1", pi="1", cd38="1", scope="with_later")
    rows = _finder_rows(at)
    assert [r[:2] for r in rows[:2]] == [("Melflufen-d", "Unknown (missing data)"), ("Tec", "Usable")]
    assert rows[1][2] == "EHA-EMN 2025: Recommended; Approval (2021 or later): Approved for this situation"
    t = _finder_table(at)
    assert t.loc["Tec", "Ordered by"] == "EHA-EMN 2025 (guideline, 2025-07)"
    assert t.loc["Tec", "Source"].startswith("Rodriguez-Otero P")
    assert "remain within proximity of a healthcare facility" in t.loc["Tec", "Caveats"]
    assert (t.loc["Elra", "Status"], t.loc["Tal", "Status"]) == ("Usable", "Usable")  # NICE TA1023, TA1114
    assert t.loc["Belantamab", "Status"] == "Unknown (missing data)"  # monotherapy withdrawn (US) / not renewed (EU)
    refractory = [r[0] for r in rows if r[1] == "Not usable: refractory"]
    assert refractory == ["DKd", "Isa-Pd", "Isa-Kd", "BVd", "V (retreatment)", "V-PLD", "VCd (CyBorD)"]
    assert rows[-len(refractory) :] == [r for r in rows if r[1] == "Not usable: refractory"]
    assert at.metric[3].value == "7"


def test_finder_lines_4_means_4_plus_and_values_not_understood_are_said():
    at = run_page("pages/regimens.py", country="GBR", lines="4", len="1", pi="1", cd38="1")
    assert at.selectbox(key="lines").value == "4+"
    assert not [w for w in at.warning if "not understood" in w.value]
    at = run_page("pages/regimens.py", country="GBR", lines="seven", access="cheap", pom="maybe")
    assert at.selectbox(key="lines").value == "1"
    assert [w.value for w in at.warning if "not understood" in w.value] == [
        "The link's value for lines was not understood; showing 1 prior line.",
        "The link's value for access was not understood; showing any legal availability.",
        "The link's value for pom was not understood; read as off.",
    ]


def test_finder_never_opens_on_an_empty_list_with_the_default_guidance():
    """Anti-CD38-refractory first relapse with the default 'IMWG 2021 only': the other cited guidance at once."""
    at = run_page("pages/regimens.py", country="GBR", lines="1", cd38="1")
    assert any(
        i.value.startswith(
            "IMWG 2021 only gives no verifiable recommendation for this situation; showing the other cited guidance"
        )
        for i in at.info
    )
    assert [r[0] for r in _finder_rows(at)][:3] == ["BVd", "KRd", "IRd"]
    # an explicit scope in the link keeps its meaning: no list, the notice says what other guidance adds
    at = run_page("pages/regimens.py", country="GBR", lines="1", cd38="1", scope="imwg_2021")
    assert not at.dataframe
    assert any("choose 'IMWG 2021 + later guidance and approvals' to see them" in i.value for i in at.info)


def test_finder_pi_refractory_first_relapse_names_what_the_guidance_says():
    at = run_page("pages/regimens.py", country="GBR", lines="1", pi="1", scope="with_later")
    t = _finder_table(at)
    assert t.loc["KRd", "Status"] == "Usable"
    assert (
        "Review algorithm (PMC5808071) (First relapse after bortezomib-based induction, bortezomib-refractory) "
        "recommends it for such disease" in t.loc["KRd", "Caveats"]
    )
    for regimen in ("DVd", "PVd", "SVd", "Kd"):
        assert t.loc[regimen, "Status"] == "Not usable: refractory", regimen
        assert "no cited source recommends it for such disease" in t.loc[regimen, "Caveats"]


def test_dexamethasone_assumption_off_survives_in_the_url():
    at = run_page("pages/regimens.py", country="GBR", dex="0")
    assert at.toggle(key="dex").value is False
    at = run_page("pages/regimens.py", country="GBR")
    assert at.toggle(key="dex").value is True


def test_old_links_keep_working():
    at = run_page(
        "pages/regimens.py",
        country="DEU",
        lines="2",
        len="1",
        pi="1",
        cd38="0",
        t1114="0",
        access="funded",
        scope="imwg_2021",
    )
    assert at.selectbox(key="country").value == "DEU"
    assert at.selectbox(key="lines").value == "2"
    assert at.radio(key="access").value == "funded"
    assert at.radio(key="scope").value == "imwg_2021"
    assert at.toggle(key="len").value and at.toggle(key="pi").value and not at.toggle(key="cd38").value


def test_sources_page_lists_every_source_and_the_rule():
    from components.data import model

    at = run_page("pages/sources.py")
    assert len(at.dataframe[-1].value) == len(model().sources)
    assert any("**its own latest dated fact**" in m.value for m in at.markdown)


@pytest.mark.parametrize("page", ["pages/about.py", "pages/sources.py", "pages/regimens.py", "pages/country.py"])
def test_every_page_runs_without_exception(page):
    at = run_page(page)
    assert at.title, page


def test_model_today_is_today():
    from components.data import model

    assert model().today == date.today()
