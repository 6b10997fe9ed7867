"""Regimen finder: IMWG-recommended regimens filtered by what a country can actually use."""

import pandas as pd
import streamlit as st

from components import data, figures, widgets
from myeloma_access import finder
from components.router import ensure_router

ensure_router()

ds = data.dataset()
st.title("Which recommended regimens can be used here?")
st.caption(
    "Pick a country and a clinical situation. Each regimen recommended for that situation is checked against the "
    "sourced access status of every drug it needs. Not medical advice."
)

codes = [""] + data.countries()["iso3"].tolist()
GUIDELINES = {"imwg_2021": "IMWG 2021 only", "with_later": "IMWG 2021 + later approvals"}
ACCESS = {"any": "Any legal availability (incl. out-of-pocket)", "funded": "Publicly funded only"}
LINES = ["1", "2", "3", "4+"]

c = st.columns([2, 1, 2, 2])
with c[0]:
    iso3 = widgets.url_select(st.selectbox, "Country", codes, "country",
                              format_func=lambda x: data.country_name(x) if x else "Choose a country…")
with c[1]:
    lines = widgets.url_select(st.selectbox, "Prior lines", LINES, "lines")
with c[2]:
    access = widgets.url_select(st.radio, "Access threshold", list(ACCESS), "access", format_func=ACCESS.get)
with c[3]:
    scope = widgets.url_select(st.radio, "Guidance", list(GUIDELINES), "scope", format_func=GUIDELINES.get)
r = st.columns(5)
with r[0]:
    len_ref = widgets.url_toggle("Lenalidomide-refractory", "len")
with r[1]:
    pi_ref = widgets.url_toggle("PI-refractory", "pi")
with r[2]:
    cd38_ref = widgets.url_toggle("Anti-CD38-refractory", "cd38")
with r[3]:
    t1114 = widgets.url_toggle("t(11;14)", "t1114")
with r[4]:
    assume_dex = widgets.url_toggle(
        "Assume dexamethasone available", "dex", default=True,
        help="An explicit assumption, not a sourced fact: dexamethasone is an off-patent WHO essential medicine. "
        "Applies only where no fact about it is sourced.",
    )

situation = finder.Situation(
    prior_lines=4 if lines == "4+" else int(lines), len_refractory=len_ref, pi_refractory=pi_ref,
    cd38_refractory=cd38_ref, t11_14=t1114,
)
guidelines = ("imwg_2021",) if scope == "imwg_2021" else ("imwg_2021", "post_2021", "other_guidance")
assumed = frozenset({"dexamethasone"}) if assume_dex else frozenset()
drug_labels = dict(zip(ds.drugs["drug_id"], ds.drugs["label"]))


def names(ids) -> str:
    return ", ".join(drug_labels.get(i, i) for i in ids) if ids else ""


tab_list, tab_unlock, tab_map = st.tabs(["Regimens", "What would unlock the most?", "World map"])

with tab_list:
    if not iso3:
        st.info("Choose a country to check each regimen against its access data.")
    else:
        statuses = data.statuses_by_country().get(iso3, {})
        cycle = data.regimen_costs(iso3)
        result = finder.find_regimens(
            ds.regimen_recommendations, ds.settings, ds.regimen_drugs, ds.regimens, statuses, situation,
            access, guidelines, {k: v.usd for k, v in cycle.items()}, assumed,
        )
        if result.empty:
            st.warning("No regimen in the encoded guidance matches this situation. See Sources & methods for what is encoded.")
        else:
            counts = result["verdict"].value_counts()
            k = st.columns(3)
            k[0].metric("Usable", int(counts.get("usable", 0)))
            k[1].metric("Blocked", int(counts.get("blocked", 0)))
            k[2].metric("Unknown (missing data)", int(counts.get("unknown", 0)))
            verdict_label = {"usable": "Usable", "blocked": "Blocked", "unknown": "Unknown (no data)"}
            table = pd.DataFrame(
                {
                    "regimen": result["abbreviation"],
                    "status": result["verdict"].map(verdict_label),
                    "category": result["category"].str.replace("_", " "),
                    "grade": result["grade"].fillna(""),
                    "blocked by": result["blocking"].map(names),
                    "no data for": result["unknown"].map(names),
                    "cost / 28 days (USD)": result["cost_usd"].map(
                        lambda v: "unknown" if v is None or pd.isna(v) else f"${v:,.0f}"
                    ),
                    "name": result["name"],
                    "trial": result["pivotal_trial"].fillna(""),
                    "key result": result["key_result"].fillna(""),
                    "guidance": result["guideline_id"],
                    "from": result["effective_date"],
                    "source": result["source_id"].map(lambda s: data.source_lookup().get(s, {}).get("citation", s)),
                }
            )
            st.dataframe(table, hide_index=True, width="stretch")
            widgets.csv_download(table.assign(country=data.country_name(iso3)), f"regimens-{iso3}.csv", key="reg_dl")
            st.caption(
                "Ordered by guideline preference, then evidence grade, then cost. Cost is the drug cost of a 28-day "
                "cycle (first cycles; 70 kg, 1.8 m²) where every drug is priced; blank = unknown, never zero."
            )

with tab_unlock:
    st.markdown("Which single drug, if it became available, would make the most recommended regimens usable?")
    scope_kind = st.radio("For", ["Country", "WHO region", "Income group"], horizontal=True, key="unlock_for")
    all_status = data.statuses_by_country()
    ctab = data.countries()
    if scope_kind == "Country":
        chosen = {iso3: all_status.get(iso3, {})} if iso3 else {}
        label = data.country_name(iso3) if iso3 else ""
    else:
        col = "who_region" if scope_kind == "WHO region" else "income_group"
        groups = sorted(ctab[col].dropna().unique())
        group = st.selectbox(scope_kind, groups, key="unlock_group") if groups else None
        members = ctab.loc[ctab[col] == group, "iso3"] if group else []
        chosen = {m: all_status.get(m, {}) for m in members}
        label = f"{group} ({len(chosen)} countries)" if group else ""
    if not chosen:
        st.info("Choose a country (top of page) or a group.")
    else:
        rank = finder.unlock_ranking(ds.regimen_recommendations, ds.regimen_drugs, chosen, access, guidelines,
                                     assumed=assumed)
        if rank.empty:
            st.success(f"{label}: no single drug would unlock an additional recommended regimen.")
        else:
            abbr = dict(zip(ds.regimens["regimen_id"], ds.regimens["abbreviation"]))
            shown = rank.assign(
                drug=rank["drug_id"].map(drug_labels),
                regimens=rank["regimens"].map(lambda rs: ", ".join(abbr.get(x, x) for x in rs)),
            )[["drug", "weighted_gain", "countries", "regimens"]].rename(
                columns={"weighted_gain": "recommendations unlocked", "countries": "countries gaining"})
            st.markdown(f"**{label}** — each recommendation (setting × regimen) counts once per country.")
            st.dataframe(shown, hide_index=True, width="stretch")
            widgets.csv_download(shown, "unlock-ranking.csv", key="unlock_dl")

with tab_map:
    counts = data.usable_counts(situation, access, guidelines, assumed)
    counts = counts.merge(data.countries()[["iso3", "name"]], on="iso3")
    max_n = int(counts["recommended"].max()) if len(counts) else 0
    fig = figures.count_map(
        counts, f"Recommended regimens usable — {lines} prior line(s){' , len-refractory' if len_ref else ''}",
        f"Source: Myeloma Access Explorer, data as of {ds.latest_as_of}; threshold: {ACCESS[access]}.", max_n,
    )
    st.plotly_chart(fig, key="count_map", config=figures.PLOTLY_CONFIG, height=520,
                    alt="World map of the number of usable recommended regimens")
