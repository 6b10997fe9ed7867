"""The regimen finder's views: situation header, regimen list, unlock ranking (drawing only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from myeloma_access import labels
from myeloma_access.finder import Situation

from . import data, widgets


def _names(ids) -> str:
    m = data.model()
    return ", ".join(m.drug_labels.get(i, i) for i in ids) if ids else ""


def situation_header(situation: Situation, scope: str) -> None:
    """The situation in words, and what guidance exists for it but could not be verified."""
    st.markdown(f"**Situation:** {situation.describe()}.")
    for gap in data.model().guidance_gaps(situation):
        st.info(gap["message"], icon=":material/help:")


def guidance_text(guidance) -> str:
    """'IMWG 2021: Preferred 1A; EHA-ESMO 2021: Option' from a finder row's guidance list."""
    m = data.model()
    parts = []
    for gid, category, grade, _setting in guidance:
        text = f"{m.guideline_labels.get(gid, gid)}: {labels.label(labels.CATEGORY_LABELS, category)}"
        parts.append(text + (f" {grade}" if grade else ""))
    return "; ".join(dict.fromkeys(parts))


def regimen_table(result: pd.DataFrame) -> pd.DataFrame:
    """The finder result with human column labels (what the screen and the CSV show)."""
    m = data.model()
    settings = dict(zip(m.ds.settings["setting_id"], m.ds.settings["description"].fillna("")))

    def caveats(row) -> str:
        out = list(row["conflicts"])
        if row["via_eml"]:
            out.append(f"{_names(row['via_eml'])}: counted as available from the national essential medicines list")
        if row.get("via_user"):
            out.append(f"{_names(row['via_user'])}: status from your data")
        if row["via_assumption"]:
            out.append(f"{_names(row['via_assumption'])}: assumed available (nothing sourced)")
        return "; ".join(out)

    return pd.DataFrame({
        "Regimen": result["abbreviation"],
        "Status": result["verdict"].map(labels.VERDICT_LABELS),
        "Guidance": result["guidance"].map(guidance_text),
        "Blocked by": result["blocking"].map(_names),
        "No data for": result["unknown"].map(_names),
        "Caveats": result.apply(caveats, axis=1),
        "Cost / 28 days (USD)": result["cost_usd"].map(
            lambda v: "unknown" if v is None or pd.isna(v) else f"${v:,.0f}"),
        "Drugs": result["name"].fillna(""),
        "For": result["setting_id"].map(settings),
        "Trial": result["pivotal_trial"].fillna(""),
        "Key result": result["key_result"].fillna(""),
        "Source": result["source_id"].map(m.source_citation),
    })


def regimen_list(iso3: str, situation: Situation, access: str, scope: str, assumed: frozenset) -> None:
    m = data.model()
    result = data.find_regimens(iso3, situation, access, scope, assumed)
    if result.empty:
        st.warning("No regimen in the selected guidance matches this situation. Try 'IMWG 2021 + later guidance "
                   "and approvals', and see the notes above for what could not be verified.")
        return
    counts = result["verdict"].value_counts()
    k = st.columns(3)
    k[0].metric("Usable", int(counts.get("usable", 0)))
    k[1].metric("Blocked", int(counts.get("blocked", 0)))
    k[2].metric("Unknown (missing data)", int(counts.get("unknown", 0)))
    table = regimen_table(result)
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"Regimen": st.column_config.TextColumn(pinned=True)})
    widgets.csv_download(
        table.assign(**{"view: country": m.country_name(iso3), "view: situation": situation.describe(),
                        "view: threshold": access, "view: guidance": scope, "view: data as of": m.latest_as_of}),
        f"regimens-{iso3}.csv", key="reg_dl")
    st.caption(
        "Ordered as the guidance ranks them (category, then grade), then by cost. Cost is the drug cost of a 28-day "
        "cycle (first cycles; 70 kg, 1.8 m²) at list prices converted at each price's own year's exchange rate, "
        "where every drug is priced; 'unknown' is never zero."
    )


def unlock_view(iso3: str, situation: Situation, access: str, scope: str, assumed: frozenset) -> None:
    m = data.model()
    st.markdown(f"Which single drug, if it became available, would make the most regimens recommended for "
                f"**{situation.describe()}** usable?")
    kind = st.radio("For", ["Country", "WHO region", "Income group", "World"], horizontal=True, key="unlock_for")
    if kind == "Country":
        members, label = ([iso3], m.country_name(iso3)) if iso3 else ([], "")
    elif kind == "World":
        members, label = m.countries["iso3"].tolist(), "the world"
    else:
        col, names = ("who_region", labels.WHO_REGIONS) if kind == "WHO region" else ("income_group", labels.INCOME_GROUPS)
        group = st.selectbox(kind, list(names), format_func=names.get, key="unlock_group")
        members, label = m.countries_in(col, group), names[group]
    if not members:
        st.info("Choose a country (top of page) or a group.")
        return
    rank = data.unlock_ranking(tuple(members), situation, access, scope, assumed)
    if rank.empty:
        st.success(f"{label}: no single drug would make another recommended regimen usable.")
        return
    abbr = dict(zip(m.ds.regimens["regimen_id"], m.ds.regimens["abbreviation"]))
    shown = pd.DataFrame({
        "Drug": rank["drug_id"].map(m.drug_labels),
        "Regimens unlocked (summed over countries)": rank["gain"].astype(int),
        "Countries gaining": rank["countries"],
        "Regimens": rank["regimens"].map(lambda rs: ", ".join(abbr.get(x, x) for x in rs)),
    })
    st.markdown(f"**{label}** ({len(members)} {'country' if len(members) == 1 else 'countries'}) — each regimen "
                "counts once per country where that drug is the only one missing.")
    st.dataframe(shown, hide_index=True, width="stretch")
    widgets.csv_download(shown.assign(**{"view: for": label, "view: situation": situation.describe(),
                                         "view: threshold": access, "view: guidance": scope}),
                         "unlock-ranking.csv", key="unlock_dl")
