"""The regimen finder's views: situation header, regimen list, unlock ranking (drawing only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from myeloma_access import labels
from myeloma_access.finder import STANDING_WORDS, FinderQuery, Situation, Verdict
from myeloma_access.model import SCOPES, THRESHOLDS

from . import data, figures, people_views, widgets

UNLOCK_FOR = {"country": "Country", "region": "WHO region", "income": "Income group", "world": "World"}
REGULATORS = {"USA": "FDA (USA)", "EUR": "European Commission (EU/EEA)", "GBR": "MHRA (UK)"}


def _names(ids) -> str:
    m = data.model()
    return ", ".join(m.drug_labels.get(i, i) for i in ids) if ids else ""


def situation_header(situation: Situation, notices=()) -> None:
    """The situation in words, link values that were not understood, and guidance that could not be verified."""
    st.markdown(f"**Situation:** {situation.describe()}.")
    for note in notices:
        st.warning(note, icon=":material/link_off:")
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
        out = list(row["conflicts"]) + list(row.get("sanctioned") or [])
        if row.get("withdrawn_here"):
            out.append(
                f"this regimen's authorisation was withdrawn or not renewed here "
                f"({', '.join(REGULATORS.get(j, j) for j in row['withdrawn_here'])})"
            )
        elif row.get("withdrawn_elsewhere"):
            out.append(
                f"authorisation withdrawn or not renewed by "
                f"{', '.join(REGULATORS.get(j, j) for j in row['withdrawn_elsewhere'])}; not sourced here"
            )
        caveat = row.get("caveat")
        if isinstance(caveat, str) and caveat:
            out.append(f"{caveat} ({m.source_citation(row.get('caveat_source_id'))})")
        out.extend(row.get("sequencing") or [])
        if row["via_eml"]:
            out.append(f"{_names(row['via_eml'])}: counted as available from the national essential medicines list")
        if row.get("via_user"):
            out.append(f"{_names(row['via_user'])}: status from your data")
        if row["via_assumption"]:
            out.append(f"{_names(row['via_assumption'])}: assumed available (nothing sourced)")
        if row.get("via_indication"):
            out.append(
                f"{_names(row['via_indication'])}: publicly funded for some indications only; the payer's decision "
                "naming this regimen at this line decides"
            )
        return "; ".join(out)

    def ordered_by(row) -> str:
        date = row["effective_date"] if isinstance(row["effective_date"], str) and row["effective_date"] else "undated"
        return f"{row['ordered_by']} ({STANDING_WORDS.get(row['standing'], '')}, {date})"

    return pd.DataFrame(
        {
            "Regimen": result["abbreviation"],
            "Status": result["verdict"].map(labels.VERDICT_LABELS),
            "Ordered by": result.apply(ordered_by, axis=1),
            "Guidance": result["guidance"].map(guidance_text),
            "Blocked by": result.apply(
                lambda r: _names(r["blocking"]) or ("authorisation withdrawn" if r.get("withdrawn_here") else ""),
                axis=1,
            ),
            "No data for": result["unknown"].map(_names),
            "Caveats": result.apply(caveats, axis=1),
            "Cost / 28 days (USD)": result["cost_usd"].map(
                lambda v: "unknown" if v is None or pd.isna(v) else f"${v:,.0f}"
            ),
            "Drugs": result["name"].fillna(""),
            "For": result["setting_id"].map(settings),
            "Trial": result["pivotal_trial"].fillna(""),
            "Key result": result["key_result"].fillna(""),
            "Source": result["source_id"].map(m.source_citation),
            "Source link": result["source_id"].map(m.source_url),
        }
    )


def regimen_list(iso3: str, query: FinderQuery, scope_explicit: bool = False) -> None:

    m = data.model()
    view = data.finder_view(iso3, query, scope_explicit)
    result = view["result"]
    if view["notice"]:
        st.info(view["notice"], icon=":material/info:")
    if result.empty:
        st.warning(
            "No regimen in any cited guidance or approval matches this situation; see the notes above for what "
            "could not be verified."
        )
        if view.get("exposure_hints"):
            st.caption("More cited guidance applies after exposure to " + " or ".join(view["exposure_hints"]) + ".")
        return
    if view.get("exposure_hints"):
        st.caption(
            "More cited guidance or approvals apply after exposure to "
            + " or ".join(view["exposure_hints"])
            + ": tick the matching 'Had …' control above if so (nothing is assumed)."
        )
    counts = result["verdict"].value_counts()
    k = st.columns(4)
    k[0].metric("Usable", int(counts.get(Verdict.USABLE, 0)))
    k[1].metric("Blocked", int(counts.get(Verdict.BLOCKED, 0)))
    k[2].metric("Unknown (missing data)", int(counts.get(Verdict.UNKNOWN, 0)))
    k[3].metric("Not usable: refractory", int(counts.get(Verdict.REFRACTORY, 0)))
    table = regimen_table(result)
    if view["scope"] != query.scope:
        st.markdown(f"**Shown: {SCOPES[view['scope']]}** (other cited guidance)")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "Regimen": st.column_config.TextColumn(pinned=True),
            "Source link": st.column_config.LinkColumn("Source link", display_text="open"),
        },
    )
    widgets.csv_download(
        table.assign(
            **{
                "view: country": m.country_name(iso3),
                "view: situation": query.situation.describe(),
                "view: threshold": THRESHOLDS[query.threshold],
                "view: guidance": SCOPES[view["scope"]],
                "view: data as of": m.latest_as_of,
            }
        ),
        f"regimens-{iso3}.csv",
        key="reg_dl",
    )
    st.caption(
        "Ordered by the most current cited guidance of the highest standing that recommends each regimen (guideline > "
        "regulatory label > expert opinion or review > reference summary; newest first), then its category and grade, "
        "then by cost; 'Ordered by' names it. A regimen with a drug the disease is refractory to is never usable and is "
        "listed last, unless a cited source recommends it for such disease (named in Caveats). An approval counts only "
        "where its regulator covers the country. Cost is the drug cost of a 28-day cycle (first cycles; 70 kg, 1.8 m²) "
        "at list prices converted at each price's own year's exchange rate, where every drug is priced; 'unknown' is "
        "never zero."
    )
    elsewhere = view["elsewhere"]
    if len(elsewhere):
        abbr = dict(zip(m.ds.regimens["regimen_id"], m.ds.regimens["abbreviation"]))
        by: dict[str, list[str]] = {}
        for rid, j in zip(elsewhere["regimen_id"], elsewhere["jurisdiction"]):
            by.setdefault(REGULATORS.get(j, j), []).append(abbr.get(rid, rid))
        st.caption(
            "Approved for this situation by regulators that do not cover this country (not counted here): "
            + "; ".join(f"{reg}: {', '.join(dict.fromkeys(names))}" for reg, names in sorted(by.items()))
            + "."
        )


def unlock_view(iso3: str, query: FinderQuery) -> None:
    m = data.model()
    st.markdown(
        f"Which single drug, if it became available, would make the most regimens recommended for "
        f"**{query.situation.describe()}** usable?"
    )
    # In the URL: ?tab=unlock&for=region&group=AFR (a shared link opens the same ranking)
    kind = widgets.url_select(st.radio, "For", list(UNLOCK_FOR), "for", format_func=UNLOCK_FOR.get, horizontal=True)
    if kind == "country":
        members, label = ([iso3], m.country_name(iso3)) if iso3 else ([], "")
    elif kind == "world":
        members, label = m.countries["iso3"].tolist(), "the world"
    else:
        col, names = ("who_region", labels.WHO_REGIONS) if kind == "region" else ("income_group", labels.INCOME_GROUPS)
        group = widgets.url_select(
            st.selectbox, UNLOCK_FOR[kind], list(names), f"{kind}_group", format_func=lambda g: names.get(g, g)
        )
        members, label = m.countries_in(col, str(group)), names[str(group)]
    if not members:
        st.info("Choose a country (top of page) or a group.")
        return
    rank = data.unlock_ranking(tuple(members), query)
    if rank.empty:
        st.success(f"{label}: no single drug would make another recommended regimen usable.")
        return
    abbr = dict(zip(m.ds.regimens["regimen_id"], m.ds.regimens["abbreviation"]))
    shown = pd.DataFrame(
        {
            "Drug": rank["drug_id"].map(m.drug_labels),
            "Regimens unlocked (sourced barrier, summed over countries)": rank["gain"].astype(int),
            "Regimens awaiting data (nothing sourced)": rank["data_gap"].astype(int),
            "Countries gaining": rank["countries"],
            "Regimens": rank["regimens"].map(lambda rs: ", ".join(abbr.get(x, x) for x in rs)),
        }
    )
    st.markdown(
        f"**{label}** ({len(members)} {'country' if len(members) == 1 else 'countries'}) — each regimen "
        "counts once per country where that drug is the only one missing; regimens the disease is refractory "
        "to never count. A drug that is blocked (or unknown despite a sourced status) is a **sourced "
        "barrier**; a drug with no fact at all is counted apart as **awaiting data** — no data is not "
        "evidence that it is unavailable."
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    widgets.csv_download(
        shown.assign(
            **{
                "view: for": label,
                "view: situation": query.situation.describe(),
                "view: threshold": THRESHOLDS[query.threshold],
                "view: guidance": SCOPES[query.scope],
            }
        ),
        "unlock-ranking.csv",
        key="unlock_dl",
    )


def world_map(query: FinderQuery) -> None:
    """How many recommended regimens are usable in each country for this situation, and the people behind it."""
    counts = data.usable_counts(query)
    situation = query.situation.describe()
    funded = "publicly funded only" if query.threshold == "funded" else "any legal access"
    title = f"Recommended regimens usable ({funded}) — {situation}"
    fig = figures.count_map(
        counts,
        title,
        f"{data.provenance()}; threshold: {THRESHOLDS[query.threshold]}; guidance: {SCOPES[query.scope]}.",
        int(counts["recommended"].max()) if len(counts) else 0,
        present=widgets.presenting(),
    )
    widgets.chart(fig, "count_map", "usable-regimens", "World map of the number of usable recommended regimens", title)
    people_views.people_panel(counts, situation, key="finder_people")
