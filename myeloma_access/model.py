"""The access model: every rule and derived view, built once from the validated dataset.

``AccessModel(load_dataset())`` holds the facts and the resolved statuses; its methods
give what the pages show — the map table for a drug or class, a country's drug table,
coverage, the regimen finder, cycle costs, usable-regimen counts and the unlock ranking.
No Streamlit here: ``components/`` caches one model per process and draws it.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property

import pandas as pd

from . import costs as costs_mod
from . import finder
from .availability import build_facts
from .geometry import country_table
from .loaders import Dataset
from .status import CONFIDENCE_LABEL, NO_DATA, STATUS_BY_ID, best_of, resolve_status, status_history

GROUP_PREFIX = "group:"
ALL_GUIDANCE = "with_later"
# URL values of the finder's "Guidance" control (a public contract: keep the old ones).
SCOPES = {
    "imwg_2021": "IMWG 2021 only",
    "with_later": "IMWG 2021 + later guidance and approvals",
}
THRESHOLDS = {"any": "Any legal availability (incl. paying privately)", "funded": "Publicly funded only"}
# Backbone drugs a user may assume available where nothing at all is sourced (explicit, switchable).
ASSUMABLE = ("dexamethasone",)
# The first year of "status as of a year" (the map's year control and its history).
FIRST_YEAR = 2000


class AccessModel:
    """Facts, statuses and every derived view of one dataset (read-only after construction)."""

    def __init__(self, ds: Dataset, today: date | None = None):
        self.ds = ds
        self.today = today or date.today()
        self.sources = ds.sources.set_index("source_id", drop=False)
        self.drugs = ds.drugs
        self.drug_labels: dict[str, str] = dict(zip(ds.drugs["drug_id"], ds.drugs["label"]))
        self.drug_classes: dict[str, str] = dict(zip(ds.drugs["drug_id"], ds.drugs["drug_class"]))
        self.latest_as_of: str = max(
            (t["as_of"].dropna().max() for t in ds.tables.values() if "as_of" in t and len(t)), default=""
        )
        source_types = dict(zip(ds.sources["source_id"], ds.sources["source_type"]))
        facts = build_facts(
            ds.ema_authorisations,
            ds.regulatory_events,
            ds.jurisdiction_members,
            ds.country_facts,
            ds.tables.get("register_facts"),
            source_types,
        )
        self._cost_memo: dict[str, dict] = {}
        self._year_memo: dict[int, pd.DataFrame] = {}
        self.facts = facts.merge(
            ds.sources[["source_id", "citation", "url", "source_type"]], on="source_id", how="left"
        )

    # ---- reference -------------------------------------------------------------------
    @cached_property
    def countries(self) -> pd.DataFrame:
        """Mapped countries (one list for the map, the overlay, the selectors and the tables).

        iso3, name, who_region, income_group, lon, lat — lon/lat is the geometry's label
        point, where the hover label sits, so IMWG circles and labels coincide.
        """
        geo = country_table()
        ref = self.ds.countries.drop(columns=["as_of"])
        out = geo.merge(ref, on="iso3", how="left", suffixes=("_geo", ""))
        out["name"] = out["name"].fillna(out["name_geo"])
        out = out.drop(columns=["name_geo"])
        out = out[out["iso3"] != "ATA"]
        return out.sort_values("name").reset_index(drop=True)

    @cached_property
    def _names(self) -> dict[str, str]:
        return dict(zip(self.countries["iso3"], self.countries["name"]))

    def country_name(self, iso3: str) -> str:
        return self._names.get(iso3, iso3)

    @cached_property
    def eu_members(self) -> set[str]:
        m = self.ds.jurisdiction_members
        return set(m.loc[m["jurisdiction"] == "EUR", "iso3"])

    def drug_options(self) -> dict[str, str]:
        """Selectable drugs and drug classes: id -> label (classes prefixed ``group:``)."""
        opts = dict(self.drug_labels)
        for group in sorted(self.drugs["class_group"].unique()):
            opts[f"{GROUP_PREFIX}{group}"] = f"Any of: {group}"
        return opts

    def drug_ids_for(self, option: str) -> list[str]:
        """The drug ids behind a selection (one drug, or every drug of a class)."""
        if option.startswith(GROUP_PREFIX):
            group = option[len(GROUP_PREFIX) :]
            return self.drugs.loc[self.drugs["class_group"] == group, "drug_id"].tolist()
        return [option]

    def imwg_counts(self) -> pd.DataFrame:
        """Distinct people (name + country) of the roster in use per country, with the label point.

        Columns: iso3, members, name, lon, lat.
        """
        members = self.ds.imwg_members
        if members.empty:
            return pd.DataFrame(columns=["iso3", "members", "name", "lon", "lat"])
        counts = members.drop_duplicates(["member_name", "iso3"]).groupby("iso3").size().rename("members").reset_index()
        return counts.merge(self.countries[["iso3", "name", "lon", "lat"]], on="iso3")

    @cached_property
    def core_drugs(self) -> list[str]:
        return self.drugs.loc[self.drugs["core"] == "true", "drug_id"].tolist()

    @cached_property
    def _source_text(self) -> dict[str, tuple[str, str]]:
        return {
            r.source_id: (r.citation, r.url)
            for r in self.sources[["source_id", "citation", "url"]].itertuples(index=False)
        }

    def source_citation(self, source_id) -> str:
        if not isinstance(source_id, str) or source_id not in self._source_text:
            return ""
        return self._source_text[source_id][0]

    def source_publisher(self, source_id) -> str:
        """The plain name of who published a source ('World Bank', 'IARC'), '' when unknown."""
        if not isinstance(source_id, str) or source_id not in self.sources.index:
            return ""
        pub = self.sources.at[source_id, "publisher"]
        return pub if isinstance(pub, str) else self.source_citation(source_id)

    def source_url(self, source_id) -> str:
        if not isinstance(source_id, str) or source_id not in self._source_text:
            return ""
        return self._source_text[source_id][1]

    # ---- statuses --------------------------------------------------------------------
    def statuses(self, year: int | None = None) -> pd.DataFrame:
        """Resolved status per (iso3, drug_id); ``year`` = as known at the end of that year (memoised)."""
        if year is None:
            return self._current
        if year not in self._year_memo:
            self._year_memo[year] = resolve_status(self.facts, self.today, until_year=year)
        return self._year_memo[year]

    @cached_property
    def _current(self) -> pd.DataFrame:
        return resolve_status(self.facts, self.today)

    @cached_property
    def statuses_by_country(self) -> dict[str, dict[str, str]]:
        """{iso3: {drug_id: status}} for every mapped country (no fact -> absent)."""
        out: dict[str, dict[str, str]] = {iso: {} for iso in self.countries["iso3"]}
        for row in self._current[["iso3", "drug_id", "status"]].itertuples(index=False):
            out.setdefault(row.iso3, {})[row.drug_id] = row.status
        return out

    def map_table(self, option: str, year: int | None = None) -> pd.DataFrame:
        """One row per mapped country: the status of a drug, or of "any of" a class.

        Columns: iso3, name, who_region, income_group, status, label, drug_id (the drug
        the status is about), evidence_date, confidence, stale, source_id, citation, url,
        note. For a class, the member with the best access wins (:func:`best_of`).
        """
        drug_ids = self.drug_ids_for(option)
        by_country = self._records_by_country(year)
        rows = [
            self._option_row(c, drug_ids, by_country.get(c.iso3, {}), today=year is None)
            for c in self.countries.itertuples(index=False)
        ]
        out = pd.DataFrame(rows)
        for col in ("drug_id", "evidence_date", "confidence", "source_id", "note"):
            out[col] = out[col].astype(object).where(out[col].notna(), None)  # None, never NaN, for "no data"
        return out

    @staticmethod
    def table_order(table: pd.DataFrame, who_region: str | None = None) -> pd.DataFrame:
        """A map table as the Table tab lists it: countries with a status first (newest evidence first,
        then by name), then "No data" countries that were searched, then those not yet searched, each by
        name; ``who_region`` keeps one WHO region."""
        t = table if who_region is None else table[table["who_region"] == who_region]
        known = t["status"] != NO_DATA
        searched = t["searched"].fillna("").str.startswith("Searched") if "searched" in t else False
        key = pd.DataFrame(
            {
                "group": (~known).astype(int) * 2 - (searched & ~known).astype(int),
                "when": t["evidence_date"].fillna(""),
                "name": t["name"],
            },
            index=t.index,
        )
        key = key.sort_values(["name"]).sort_values(["group", "when"], ascending=[True, False], kind="stable")
        return t.loc[key.index].reset_index(drop=True)

    def _records_by_country(self, year: int | None) -> dict[str, dict[str, dict]]:
        """{iso3: {drug_id: status record}} of :meth:`statuses` (memoised per year)."""
        memo = self.__dict__.setdefault("_records_memo", {})
        if year not in memo:
            out: dict[str, dict[str, dict]] = {}
            for r in self.statuses(year).to_dict("records"):
                out.setdefault(r["iso3"], {})[r["drug_id"]] = r
            memo[year] = out
        return memo[year]

    def _option_row(self, c, drug_ids: list[str], member: dict[str, dict], today: bool = False) -> dict:
        """The map row of one country for a drug or a class, from its members' status records.

        For a class, the member with the best access wins (:func:`best_of`); on a tie the first in
        the class's order.
        """
        status = best_of([member[d]["status"] if d in member else NO_DATA for d in drug_ids])
        pick = next((member[d] for d in drug_ids if d in member and member[d]["status"] == status), None)
        row = self._status_row(c, status, pick)
        if status == NO_DATA and today:  # the evidence search is about today's status, not a past year's
            row["searched"] = self.search_note(c.iso3, drug_ids)
        return row

    @cached_property
    def status_changes(self) -> dict:
        """Status of every (country, drug) at the end of each year since :data:`FIRST_YEAR`, as changes
        (:func:`status.status_history`)."""
        return status_history(self.facts, self.today, FIRST_YEAR, self.today.year)

    def map_history(self, option: str) -> dict[str, list[tuple[int, dict]]]:
        """Map rows of a drug or class as of the end of each year since :data:`FIRST_YEAR`, as changes.

        ``{iso3: [(year, row), ...]}``: each row (as in :meth:`map_table` for that year) holds from its
        year until the next entry; a country has an entry only once its row differs from "No data".
        ``map_table(option, y)`` equals, per country, the last entry dated ``y`` or earlier.
        """
        drug_ids = self.drug_ids_for(option)
        changes = self.status_changes
        out: dict[str, list[tuple[int, dict]]] = {}
        for c in self.countries.itertuples(index=False):
            lists = {d: changes[(c.iso3, d)] for d in drug_ids if (c.iso3, d) in changes}
            if not lists:
                continue
            previous = self._option_row(c, drug_ids, {})
            entries = []
            for year in sorted({y for entries_ in lists.values() for y, _ in entries_}):
                member = {}
                for d, entries_ in lists.items():
                    held = [r for y, r in entries_ if y <= year]
                    if held:
                        member[d] = held[-1]
                row = self._option_row(c, drug_ids, member)
                if row != previous:
                    entries.append((year, row))
                    previous = row
            if entries:
                out[c.iso3] = entries
        return out

    def _status_row(self, c, status: str, r: dict | None) -> dict:
        """A map/table row: the status and the evidence it rests on (funding first if it decides)."""
        row = {
            "iso3": c.iso3,
            "name": c.name,
            "who_region": c.who_region,
            "income_group": c.income_group,
            "status": status,
            "label": STATUS_BY_ID[status].label,
            "drug_id": None,
            "evidence_date": None,
            "confidence": None,
            "stale": False,
            "source_id": None,
            "citation": "",
            "url": "",
            "note": None,
            "searched": "",
        }
        if r is None:
            return row
        use_funding = status in ("publicly_funded", "publicly_funded_some", "not_funded") and isinstance(
            r.get("fund_source_id"), str
        )
        src = r["fund_source_id"] if use_funding else r["auth_source_id"]
        row.update(
            drug_id=r["drug_id"],
            evidence_date=r["evidence_date"],
            confidence=r["confidence"],
            stale=bool(r["stale"]),
            source_id=src,
            citation=self.source_citation(src),
            url=self.source_url(src),
            note=r["fund_note"] if use_funding else r["auth_note"],
        )
        return row

    # ---- the evidence search ----------------------------------------------------------------
    @cached_property
    def _search(self) -> dict[tuple[str, str], dict]:
        log = self.ds.tables.get("search_log")
        if log is None or log.empty:
            return {}
        return {(r["iso3"], r["drug_id"]): r for r in log.to_dict("records")}

    def search_note(self, iso3: str, drug_ids: list[str]) -> str:
        """What "No data" means for a country and drug(s): searched with nothing public found, or not yet searched.

        'Searched 2026-12: nothing public found' / 'Not yet searched' (the search log, data/search_log.csv).
        """
        hits = [self._search[(iso3, d)] for d in drug_ids if (iso3, d) in self._search]
        if not hits:
            return "Not yet searched"
        latest = max(h["searched_on"] for h in hits)
        if all(h["result"] == "nothing_public" for h in hits):
            return f"Searched {latest[:7]}: nothing public found"
        return f"Searched {latest[:7]}"

    def search_log_for(self, iso3: str) -> pd.DataFrame:
        """The search log of one country: drug, label, searched on, where, result in words, note."""
        log = self.ds.tables.get("search_log")
        cols = ["drug_id", "drug", "searched_on", "searched", "result", "note"]
        if log is None or log.empty:
            return pd.DataFrame(columns=cols)
        sub = log[log["iso3"] == iso3].copy()
        sub["drug"] = sub["drug_id"].map(self.drug_labels)
        sub["result"] = sub["result"].map({"found": "found (see the status)", "nothing_public": "nothing public found"})
        return sub[cols].sort_values("drug_id").reset_index(drop=True)

    def country_table(self, iso3: str) -> pd.DataFrame:
        """Every drug's status in one country, with both dimensions and their evidence."""
        st = self._current[self._current["iso3"] == iso3]
        out = self.drugs[["drug_id", "label", "class_group", "core"]].merge(st, on="drug_id", how="left")
        out["status"] = out["status"].fillna(NO_DATA)
        out["status_label"] = out["status"].map(lambda s: STATUS_BY_ID[s].label)
        out["n_facts"] = out["n_facts"].fillna(0).astype(int)
        out["stale"] = out["stale"].fillna(False).astype(bool)
        out["confidence_label"] = out["confidence"].map(CONFIDENCE_LABEL).fillna("")
        for dim in ("auth", "fund"):
            out[f"{dim}_citation"] = out[f"{dim}_source_id"].map(self.source_citation)
            out[f"{dim}_url"] = out[f"{dim}_source_id"].map(self.source_url)
        return out

    def country_facts(self, iso3: str) -> pd.DataFrame:
        """Every fact about one country (the history behind its statuses)."""
        f = self.facts[self.facts["iso3"] == iso3]
        return f.assign(_key=f["date"].fillna(f["as_of"])).sort_values(["drug_id", "_key"]).drop(columns="_key")

    def status_counts(self, table: pd.DataFrame) -> dict[str, int]:
        counts = table["status"].value_counts()
        return {s: int(counts.get(s, 0)) for s in STATUS_BY_ID}

    # ---- coverage --------------------------------------------------------------------
    def coverage(self, drug_ids: list[str] | None = None) -> pd.DataFrame:
        """Countries × drugs matrix of statuses for countries with any fact; ``n_sourced`` per country."""
        drug_ids = drug_ids or self.core_drugs
        sub = self._current[self._current["drug_id"].isin(drug_ids)]
        matrix = sub.pivot_table(index="iso3", columns="drug_id", values="status", aggfunc="first")
        matrix = matrix.reindex(columns=drug_ids)
        matrix["n_sourced"] = matrix[drug_ids].notna().sum(axis=1)
        return matrix.fillna(NO_DATA).sort_values("n_sourced", ascending=False)

    def coverage_by_drug(self, drug_ids: list[str] | None = None) -> dict[str, int]:
        """How many mapped countries have a sourced status for each drug."""
        drug_ids = drug_ids or self.core_drugs
        mapped = set(self.countries["iso3"])
        cur = self._current[self._current["iso3"].isin(mapped)]
        return {d: int((cur["drug_id"] == d).sum()) for d in drug_ids}

    # ---- national essential medicines lists --------------------------------------------
    @cached_property
    def eml_by_country(self) -> dict[str, frozenset]:
        """{iso3: drugs listed on the country's national EML} (empty when the layer is absent)."""
        eml = self.ds.tables.get("national_eml")
        if eml is None or eml.empty:
            return {}
        listed = self._newest_eml[self._newest_eml["listed"] == "yes"]
        return {iso: frozenset(g["drug_id"]) for iso, g in listed.groupby("iso3")}

    @cached_property
    def _newest_eml(self) -> pd.DataFrame:
        """One row per country and drug: the newest national list naming the drug (e.g. Kenya's 2023 list over
        GEM's 2016 one)."""
        eml = self.ds.tables.get("national_eml")
        if eml is None or eml.empty:
            return pd.DataFrame(columns=["iso3", "drug_id", "listed", "list_year", "note", "source_id"])
        return (
            eml.sort_values(["iso3", "drug_id", "list_year"], kind="stable")
            .drop_duplicates(["iso3", "drug_id"], keep="last")
            .reset_index(drop=True)
        )

    # ---- finder ----------------------------------------------------------------------
    def guidelines_for(self, scope: str) -> tuple[str, ...]:
        """Guideline ids behind a scope value (``imwg_2021`` or ``with_later``)."""
        if scope == "imwg_2021":
            return ("imwg_2021",)
        return tuple(self.ds.guidelines["guideline_id"])

    @cached_property
    def guideline_labels(self) -> dict[str, str]:
        return dict(zip(self.ds.guidelines["guideline_id"], self.ds.guidelines["label"]))

    @cached_property
    def finder_data(self) -> finder.FinderData:
        """The regimen tables and the drug axes the finder reads."""
        ds = self.ds
        axes = dict(zip(ds.drugs["drug_id"], ds.drugs["refractory_axis"].fillna("")))
        members = ds.jurisdiction_members.groupby("jurisdiction")["iso3"].apply(frozenset).to_dict()
        return finder.FinderData(
            ds.regimen_recommendations, ds.settings, ds.regimen_drugs, ds.regimens, ds.guidelines, axes, members
        )

    @cached_property
    def restricted_funding(self) -> dict[str, dict[str, tuple[tuple[str, str, str, frozenset], ...]]]:
        """{iso3: {drug: funding facts restricted to some indications}} for the drugs *publicly funded for some
        indications* (what :func:`finder.indication_funding` reads)."""
        f = self.facts
        some = self._current[self._current["status"] == "publicly_funded_some"][["iso3", "drug_id"]]
        if some.empty:
            return {}
        r = f[f["funding"].isin(["funded", "not_funded"]) & f["covers_regimens"].fillna("").ne("")]
        r = r.merge(some, on=["iso3", "drug_id"])
        out: dict[str, dict[str, list]] = {}
        for row in r.to_dict("records"):
            key = row["date"] if isinstance(row["date"], str) and row["date"] else ""
            lines = row["covers_lines"] if isinstance(row["covers_lines"], str) else ""
            entry = (key, row["funding"], lines, frozenset(row["covers_regimens"].split()))
            out.setdefault(row["iso3"], {}).setdefault(row["drug_id"], []).append(entry)
        return {i: {d: tuple(v) for d, v in by.items()} for i, by in out.items()}

    def _country_access(self, iso3: str, with_costs: bool = False) -> finder.CountryAccess:
        costs = {r: c.usd for r, c in self.regimen_costs(iso3).items()} if with_costs else {}
        return finder.CountryAccess(
            iso3,
            self.statuses_by_country.get(iso3, {}),
            self.eml_by_country.get(iso3, frozenset()),
            costs,
            self.restricted_funding.get(iso3, {}),
        )

    def find_regimens(self, iso3: str, query: finder.FinderQuery) -> pd.DataFrame:
        """Regimens recommended for the query's situation with their verdict in ``iso3`` (:func:`finder.evaluate`)."""
        result = finder.evaluate(
            self.finder_data,
            self._country_access(iso3, with_costs=True),
            query,
            self.guidelines_for(query.scope),
            self.guideline_labels,
        )
        if len(result):
            mine = self.user_cells
            result["via_user"] = result["drugs"].map(lambda ds: [d for d in ds if (iso3, d) in mine])
        return result

    def finder_view(self, iso3: str, query: finder.FinderQuery, scope_explicit: bool = False) -> dict:
        """What the regimen list opens on: never an empty list without a reason and the other guidance.

        Returns ``result`` (the rows shown), ``scope`` (the guidance they come from), ``notice``
        (one line, or None), ``elsewhere`` (approval rows of regulators that do not cover the
        country), ``exposure_hints`` (prior exposures, not stated, after which more cited guidance applies). When the chosen scope has nothing verifiable (no row that is not a refractory
        conflict) and other guidance does: without an explicit ``scope`` in the link, the other
        guidance is shown at once with a notice; with an explicit one, the link keeps its
        meaning and the notice says what the other guidance would add.
        """
        result = self.find_regimens(iso3, query)
        shown_scope, notice = query.scope, None
        if query.scope != ALL_GUIDANCE and not finder.has_verifiable(result):
            wider = self.find_regimens(
                iso3, finder.FinderQuery(query.situation, query.threshold, ALL_GUIDANCE, query.assumed)
            )
            extra = (
                wider[~wider["regimen_id"].isin(result["regimen_id"] if len(result) else [])] if len(wider) else wider
            )
            if len(extra):
                chosen = SCOPES.get(query.scope, query.scope)
                if scope_explicit:
                    notice = finder.EXPLICIT_EMPTY_NOTICE.format(
                        chosen=chosen, n=len(extra), other=SCOPES[ALL_GUIDANCE]
                    )
                else:
                    result, shown_scope = wider, ALL_GUIDANCE
                    notice = finder.FALLBACK_NOTICE.format(chosen=chosen)
        guidelines = self.guidelines_for(shown_scope)
        elsewhere = finder.approvals_elsewhere(self.finder_data, query.situation, guidelines, iso3)
        hints = finder.exposure_hints(self.finder_data, query.situation, guidelines, iso3)
        return {
            "result": result,
            "scope": shown_scope,
            "notice": notice,
            "elsewhere": elsewhere,
            "exposure_hints": hints,
        }

    @cached_property
    def user_cells(self) -> set[tuple[str, str]]:
        """(iso3, drug_id) whose status rests on a user's uploaded fact (source id marked 'your data')."""
        from .userdata import PREFIX

        cur = self._current
        marked = cur["auth_source_id"].fillna("").str.startswith(PREFIX) | cur["fund_source_id"].fillna(
            ""
        ).str.startswith(PREFIX)
        return set(zip(cur.loc[marked, "iso3"], cur.loc[marked, "drug_id"]))

    def guidance_gaps(self, situation: finder.Situation) -> list[dict]:
        return finder.guidance_gaps(self.ds.guidance_gaps, situation)

    def usable_counts(self, query: finder.FinderQuery) -> pd.DataFrame:
        """Per mapped country: usable / unknown / blocked / refractory-conflict regimens."""
        countries = [self._country_access(i) for i in self.countries["iso3"]]
        counts = finder.usable_count(self.finder_data, countries, query, self.guidelines_for(query.scope))
        return counts.merge(self.countries[["iso3", "name", "who_region", "income_group"]], on="iso3", how="left")

    def unlock_ranking(self, iso3s, query: finder.FinderQuery) -> pd.DataFrame:
        """The single drug that would unlock the most regimens for the query's situation over ``iso3s``."""
        return finder.unlock_ranking(
            self.finder_data, [self._country_access(i) for i in iso3s], query, self.guidelines_for(query.scope)
        )

    def countries_in(self, column: str, value: str) -> list[str]:
        return self.countries.loc[self.countries[column] == value, "iso3"].tolist()

    # ---- costs -----------------------------------------------------------------------
    def cycle_cost(self, regimen_id: str, iso3: str, phase: str = "first") -> costs_mod.CycleCost:
        ds = self.ds
        return costs_mod.cycle_cost(regimen_id, iso3, ds.regimen_drugs, ds.regimen_doses, ds.prices, ds.fx_rates, phase)

    def regimen_costs(self, iso3: str) -> dict[str, costs_mod.CycleCost]:
        """Cycle cost of every regimen in one country (only countries with a price are computed; memoised)."""
        if iso3 not in self._priced_countries:
            return {}
        if iso3 not in self._cost_memo:
            self._cost_memo[iso3] = {r: self.cycle_cost(r, iso3) for r in self.ds.regimens["regimen_id"]}
        return self._cost_memo[iso3]

    @cached_property
    def _priced_countries(self) -> set[str]:
        return set(self.ds.prices["iso3"])

    # ---- geometry exports --------------------------------------------------------------
    def map_geodataframe(self, table: pd.DataFrame):
        """A map table joined to the shipped country shapes (a GeoDataFrame in EPSG:4326)."""
        from .geometry import read_geometry

        shapes = read_geometry()[["iso3", "geometry"]]
        keep = [
            c
            for c in (
                "iso3",
                "name",
                "status",
                "label",
                "drug_id",
                "evidence_date",
                "confidence",
                "stale",
                "citation",
                "url",
            )
            if c in table.columns
        ]
        return shapes.merge(table[keep], on="iso3", how="inner")

    # ---- evidence layers -------------------------------------------------------------
    def eml_table(self, drug_id: str) -> pd.DataFrame:
        """One row per mapped country: is ``drug_id`` on its newest national EML naming it (GEM, Kenya 2023), and
        the list's year.

        ``eml`` is ``listed`` / ``not_listed`` (not on that list — never "not available") / ``no_list``
        (GEM has no list for the country, or does not name the drug: no data).
        """
        eml = self._newest_eml
        sub = eml[eml["drug_id"] == drug_id] if len(eml) else None
        out = self.countries[["iso3", "name", "who_region", "income_group"]].copy()
        if sub is None or sub.empty:
            return out.assign(eml="no_list", list_year=None, note=None, source_id=None)
        out = out.merge(sub[["iso3", "listed", "list_year", "note", "source_id"]], on="iso3", how="left")
        out["eml"] = out["listed"].map({"yes": "listed", "no": "not_listed"}).fillna("no_list")
        out["list_year"] = out["list_year"].astype("Int64").astype(object).where(out["list_year"].notna(), None)
        return out.drop(columns=["listed"])

    def indicator(self, iso3: str, name: str) -> dict | None:
        """The latest value of one reference indicator for a country: value, year, unit, source_id."""
        ind = self.ds.country_indicators
        rows = ind[(ind["iso3"] == iso3) & (ind["indicator"] == name)]
        if rows.empty:
            return None
        r = rows.sort_values("year").iloc[-1]
        return {"value": float(r["value"]), "year": int(r["year"]), "unit": r["unit"], "source_id": r["source_id"]}

    def country_layers(self, iso3: str) -> dict[str, pd.DataFrame | dict | None]:
        """Every evidence layer for one country (None where the layer has no data for it)."""
        # The newest national list only (Kenya: KEML 2023, not GEM's 2016 list), one row per drug
        eml = self._newest_eml
        newest = eml[eml["iso3"] == iso3]
        listings = newest[newest["list_year"] == newest["list_year"].max()] if len(newest) else newest
        prices = self.ds.prices[self.ds.prices["iso3"] == iso3]
        costs = {r: c for r, c in self.regimen_costs(iso3).items() if c.known}
        register = self.ds.tables.get("register_facts")
        register = register[register["iso3"] == iso3] if register is not None else pd.DataFrame()
        return {
            "national_eml": listings if len(listings) else None,
            "gdp_per_capita_usd": self.indicator(iso3, "gdp_per_capita_usd"),
            "gdp_per_capita_ppp": self.indicator(iso3, "gdp_per_capita_ppp"),
            "population": self.indicator(iso3, "population"),
            "mm_new_cases": self.indicator(iso3, "mm_new_cases"),
            "mm_incidence_asr": self.indicator(iso3, "mm_incidence_asr"),
            "mm_deaths": self.indicator(iso3, "mm_deaths"),
            "prices": prices if len(prices) else None,
            "cycle_costs": costs or None,
            "register": register if len(register) else None,
        }

    def country_known(self, iso3: str) -> list[tuple[str, str]]:
        """What is known about a country, most specific first, as (topic, sentence) pairs for the page's lead.

        Sourced statuses (how many drugs, how many funded), national register entries, the newest
        national essential medicines list and what it lists, new myeloma cases, GDP per capita and
        the evidence search. Every sentence names its year; none is a status it does not have.
        """
        out: list[tuple[str, str]] = []
        ct = self.country_table(iso3)
        known = ct[ct["status"] != NO_DATA]
        if len(known):
            funded = int(known["status"].isin(["publicly_funded", "publicly_funded_some"]).sum())
            out.append(
                (
                    "Sourced status",
                    f"{len(known)} of {len(ct)} drugs have a sourced status "
                    f"({funded} publicly funded for at least some indications): "
                    + ", ".join(f"{r.label} — {r.status_label.lower()}" for r in known.itertuples())
                    + ".",
                )
            )
        lay = self.country_layers(iso3)
        register = lay["register"]
        if register is not None:
            drugs = sorted({self.drug_labels.get(d, d) for d in register["drug_id"]})
            out.append(("National register", f"{len(register)} register entries for: " + ", ".join(drugs) + "."))
        eml = lay["national_eml"]
        if eml is not None:
            year = int(pd.to_numeric(eml["list_year"]).max())
            newest = eml[pd.to_numeric(eml["list_year"]) == year]
            listed = [self.drug_labels.get(d, d) for d in newest.loc[newest["listed"] == "yes", "drug_id"]]
            out.append(
                (
                    "National essential medicines list",
                    f"The {year} list names "
                    + (", ".join(listed) if listed else "none of the myeloma medicines checked")
                    + " (a listing is a commitment to public-sector supply, not a funding status).",
                )
            )
        for key, topic, fmt in (
            ("mm_new_cases", "New myeloma cases", "{:,.0f} a year"),
            ("gdp_per_capita_usd", "GDP per capita", "US$ {:,.0f}"),
        ):
            ind = lay[key]
            if ind is not None:
                out.append(
                    (topic, f"{fmt.format(ind['value'])} ({ind['year']}; {self.source_publisher(ind['source_id'])}).")
                )
        log = self.search_log_for(iso3)
        if len(log):
            none = log[log["result"] == "nothing public found"]
            when = log["searched_on"].max()[:7]
            if len(none):
                out.append(
                    (
                        "Evidence search",
                        f"Searched {when} for " + ", ".join(none["drug"]) + ": nothing public "
                        "found (where we looked is listed below).",
                    )
                )
        else:
            out.append(("Evidence search", "Not yet searched country by country."))
        return out

    def layer_coverage(self) -> pd.DataFrame:
        """Mapped countries with data per evidence layer, overall and per WHO region."""
        mapped = self.countries[["iso3", "who_region"]]
        eml = self.ds.tables.get("national_eml")
        ind = self.ds.country_indicators
        register = self.ds.tables.get("register_facts")
        layers = {
            "Sourced status (any drug)": set(self._current["iso3"]),
            "National essential medicines list (GEM, Kenya 2023)": set(eml["iso3"]) if eml is not None else set(),
            "National register (ZA SEP, FR BDPM, JP NHI, DZ, KE PPB, CA DPD)": set(register["iso3"])
            if register is not None
            else set(),
            "Prices": set(self.ds.prices["iso3"]),
            "GDP per capita (World Bank)": set(ind.loc[ind["indicator"] == "gdp_per_capita_usd", "iso3"]),
            "New myeloma cases (GLOBOCAN 2022)": set(ind.loc[ind["indicator"] == "mm_new_cases", "iso3"]),
        }
        rows = []
        for layer, isos in layers.items():
            have = mapped[mapped["iso3"].isin(isos)]
            row = {"layer": layer, "countries": len(have)}
            for region in ("AFR", "AMR", "SEAR", "EUR", "EMR", "WPR"):
                row[region] = int((have["who_region"] == region).sum())
            rows.append(row)
        return pd.DataFrame(rows)

    def coverage_by_region(self, drug_ids: list[str] | None = None) -> pd.DataFrame:
        """Per WHO region and core drug: mapped countries with a sourced status / countries in the region."""
        drug_ids = drug_ids or self.core_drugs
        rows = []
        for region, group in self.countries.groupby(self.countries["who_region"].fillna("")):
            isos = set(group["iso3"])
            cur = self._current[self._current["iso3"].isin(isos)]
            row = {"who_region": region, "countries": len(isos)}
            for d in drug_ids:
                row[d] = int((cur["drug_id"] == d).sum())
            rows.append(row)
        return pd.DataFrame(rows)
