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
            (t["as_of"].dropna().max() for t in ds.tables.values() if "as_of" in t and len(t)), default="")
        source_types = dict(zip(ds.sources["source_id"], ds.sources["source_type"]))
        facts = build_facts(ds.ema_authorisations, ds.regulatory_events, ds.jurisdiction_members,
                            ds.country_facts, ds.tables.get("register_facts"), source_types)
        self._cost_memo: dict[str, dict] = {}
        self._year_memo: dict[int, pd.DataFrame] = {}
        self.facts = facts.merge(ds.sources[["source_id", "citation", "url", "source_type"]], on="source_id",
                                 how="left")

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
            group = option[len(GROUP_PREFIX):]
            return self.drugs.loc[self.drugs["class_group"] == group, "drug_id"].tolist()
        return [option]

    def imwg_counts(self) -> pd.DataFrame:
        """Distinct people (name + country) of the roster in use per country, with the label point.

        Columns: iso3, members, name, lon, lat.
        """
        members = self.ds.imwg_members
        if members.empty:
            return pd.DataFrame(columns=["iso3", "members", "name", "lon", "lat"])
        counts = (members.drop_duplicates(["member_name", "iso3"]).groupby("iso3").size().rename("members")
                  .reset_index())
        return counts.merge(self.countries[["iso3", "name", "lon", "lat"]], on="iso3")

    @cached_property
    def core_drugs(self) -> list[str]:
        return self.drugs.loc[self.drugs["core"] == "true", "drug_id"].tolist()

    @cached_property
    def _source_text(self) -> dict[str, tuple[str, str]]:
        return {r.source_id: (r.citation, r.url) for r in self.sources[["source_id", "citation", "url"]]
                .itertuples(index=False)}

    def source_citation(self, source_id) -> str:
        if not isinstance(source_id, str) or source_id not in self._source_text:
            return ""
        return self._source_text[source_id][0]

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
        rows = [self._option_row(c, drug_ids, by_country.get(c.iso3, {}))
                for c in self.countries.itertuples(index=False)]
        out = pd.DataFrame(rows)
        for col in ("drug_id", "evidence_date", "confidence", "source_id", "note"):
            out[col] = out[col].astype(object).where(out[col].notna(), None)  # None, never NaN, for "no data"
        return out

    def _records_by_country(self, year: int | None) -> dict[str, dict[str, dict]]:
        """{iso3: {drug_id: status record}} of :meth:`statuses` (memoised per year)."""
        memo = self.__dict__.setdefault("_records_memo", {})
        if year not in memo:
            out: dict[str, dict[str, dict]] = {}
            for r in self.statuses(year).to_dict("records"):
                out.setdefault(r["iso3"], {})[r["drug_id"]] = r
            memo[year] = out
        return memo[year]

    def _option_row(self, c, drug_ids: list[str], member: dict[str, dict]) -> dict:
        """The map row of one country for a drug or a class, from its members' status records.

        For a class, the member with the best access wins (:func:`best_of`); on a tie the first in
        the class's order.
        """
        status = best_of([member[d]["status"] if d in member else NO_DATA for d in drug_ids])
        pick = next((member[d] for d in drug_ids if d in member and member[d]["status"] == status), None)
        return self._status_row(c, status, pick)

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
        row = {"iso3": c.iso3, "name": c.name, "who_region": c.who_region, "income_group": c.income_group,
               "status": status, "label": STATUS_BY_ID[status].label, "drug_id": None, "evidence_date": None,
               "confidence": None, "stale": False, "source_id": None, "citation": "", "url": "", "note": None}
        if r is None:
            return row
        use_funding = status in ("publicly_funded", "not_funded") and isinstance(r.get("fund_source_id"), str)
        src = r["fund_source_id"] if use_funding else r["auth_source_id"]
        row.update(drug_id=r["drug_id"], evidence_date=r["evidence_date"], confidence=r["confidence"],
                   stale=bool(r["stale"]), source_id=src, citation=self.source_citation(src),
                   url=self.source_url(src), note=r["fund_note"] if use_funding else r["auth_note"])
        return row

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
        listed = eml[eml["listed"] == "yes"]
        return {iso: frozenset(g["drug_id"]) for iso, g in listed.groupby("iso3")}

    # ---- finder ----------------------------------------------------------------------
    def guidelines_for(self, scope: str) -> tuple[str, ...]:
        """Guideline ids behind a scope value (``imwg_2021`` or ``with_later``)."""
        if scope == "imwg_2021":
            return ("imwg_2021",)
        return tuple(self.ds.guidelines["guideline_id"])

    @cached_property
    def guideline_labels(self) -> dict[str, str]:
        return dict(zip(self.ds.guidelines["guideline_id"], self.ds.guidelines["label"]))

    def find_regimens(self, iso3: str, situation: finder.Situation, threshold: str = "any",
                      scope: str = "imwg_2021", assumed: frozenset = frozenset()) -> pd.DataFrame:
        """Regimens recommended for the situation with their verdict in ``iso3`` (see :func:`finder.find_regimens`)."""
        costs = {r: c.usd for r, c in self.regimen_costs(iso3).items()}
        result = finder.find_regimens(
            self.ds.regimen_recommendations, self.ds.settings, self.ds.regimen_drugs, self.ds.regimens,
            self.statuses_by_country.get(iso3, {}), situation, threshold, self.guidelines_for(scope), costs,
            self.eml_by_country.get(iso3, frozenset()), assumed, self.drug_classes)
        if len(result):
            mine = self.user_cells
            result["via_user"] = result["drugs"].map(lambda ds: [d for d in ds if (iso3, d) in mine])
        return result

    @cached_property
    def user_cells(self) -> set[tuple[str, str]]:
        """(iso3, drug_id) whose status rests on a user's uploaded fact (source id marked 'your data')."""
        from .userdata import PREFIX

        cur = self._current
        marked = cur["auth_source_id"].fillna("").str.startswith(PREFIX) | cur["fund_source_id"].fillna(
            "").str.startswith(PREFIX)
        return set(zip(cur.loc[marked, "iso3"], cur.loc[marked, "drug_id"]))

    def guidance_gaps(self, situation: finder.Situation) -> list[dict]:
        return finder.guidance_gaps(self.ds.guidance_gaps, situation)

    def usable_counts(self, situation: finder.Situation, threshold: str = "any", scope: str = "imwg_2021",
                      assumed: frozenset = frozenset()) -> pd.DataFrame:
        counts = finder.usable_count(self.ds.regimen_recommendations, self.ds.settings, self.ds.regimen_drugs,
                                     self.statuses_by_country, situation, threshold, self.guidelines_for(scope),
                                     self.eml_by_country, assumed)
        return counts.merge(self.countries[["iso3", "name", "who_region", "income_group"]], on="iso3", how="left")

    def unlock_ranking(self, iso3s, situation: finder.Situation, threshold: str = "any", scope: str = "imwg_2021",
                       assumed: frozenset = frozenset()) -> pd.DataFrame:
        """The single drug that would unlock the most regimens for ``situation`` over ``iso3s``."""
        chosen = {i: self.statuses_by_country.get(i, {}) for i in iso3s}
        return finder.unlock_ranking(self.ds.regimen_recommendations, self.ds.settings, self.ds.regimen_drugs,
                                     chosen, situation, threshold, self.guidelines_for(scope),
                                     self.eml_by_country, assumed)

    def countries_in(self, column: str, value: str) -> list[str]:
        return self.countries.loc[self.countries[column] == value, "iso3"].tolist()

    # ---- costs -----------------------------------------------------------------------
    def cycle_cost(self, regimen_id: str, iso3: str, phase: str = "first") -> costs_mod.CycleCost:
        ds = self.ds
        return costs_mod.cycle_cost(regimen_id, iso3, ds.regimen_drugs, ds.regimen_doses, ds.prices, ds.fx_rates,
                                    phase)

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
        keep = [c for c in ("iso3", "name", "status", "label", "drug_id", "evidence_date", "confidence", "stale",
                            "citation", "url") if c in table.columns]
        return shapes.merge(table[keep], on="iso3", how="inner")

    # ---- evidence layers -------------------------------------------------------------
    def eml_table(self, drug_id: str) -> pd.DataFrame:
        """One row per mapped country: is ``drug_id`` on its national EML (GEM), and the list's year.

        ``eml`` is ``listed`` / ``not_listed`` (not on that list — never "not available") / ``no_list``
        (GEM has no list for the country, or does not name the drug: no data).
        """
        eml = self.ds.tables.get("national_eml")
        sub = eml[eml["drug_id"] == drug_id] if eml is not None else None
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
        eml = self.ds.tables.get("national_eml")
        listings = eml[eml["iso3"] == iso3] if eml is not None else pd.DataFrame()
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
            "prices": prices if len(prices) else None,
            "cycle_costs": costs or None,
            "register": register if len(register) else None,
        }

    def layer_coverage(self) -> pd.DataFrame:
        """Mapped countries with data per evidence layer, overall and per WHO region."""
        mapped = self.countries[["iso3", "who_region"]]
        eml = self.ds.tables.get("national_eml")
        ind = self.ds.country_indicators
        register = self.ds.tables.get("register_facts")
        layers = {
            "Sourced status (any drug)": set(self._current["iso3"]),
            "National essential medicines list (GEM)": set(eml["iso3"]) if eml is not None else set(),
            "National register (South Africa SEP, France BDPM)": set(register["iso3"]) if register is not None else set(),
            "Prices": set(self.ds.prices["iso3"]),
            "GDP per capita (World Bank)": set(ind.loc[ind["indicator"] == "gdp_per_capita_usd", "iso3"]),
            "New myeloma cases (GLOBOCAN 2018)": set(ind.loc[ind["indicator"] == "mm_new_cases", "iso3"]),
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
