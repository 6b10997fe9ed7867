"""The access map's data for the browser, built once per dataset: every drug, class, year and layer.

The map component recolours in the browser, so it receives everything it can show at once, as compact
arrays (a pure function of the model; no Streamlit here):

* ``codes``: one character per country (in the order of ``iso3``) for each option (drug or class),
  ``CODE_CHARS[2 * class index + old]`` where ``old`` is 1 when the newest evidence is more than five years
  old or only inferred (the pale swatch). ``status`` holds today's codes, ``history`` the changes by year;
* ``hover``: the lines under a country's name and status, as indices into one ``strings`` table, sparse
  (only countries with something to say). The lines come from :func:`hover_lines` over the model's map
  row, so a new column of the map table reaches the hover with one line there;
* ``eml``: the national essential medicines list layer per drug (``EML_CLASSES``), with the list's year;
* ``imwg``: people per country in the roster in use, at the country's label point.

:func:`decode` turns a payload back into rows (what the browser shows), for tests and the benchmark.
"""

from __future__ import annotations

from .labels import CONFIDENCE_SHORT, label
from .status import STATUS_CLASSES

CODE_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"
SOURCE_CHARS = 90  # a citation is cut to this many characters in the hover (the full one is in the table)
# National essential medicines lists: id, label, colour. 'Not listed' is not 'not available'; no list is no data.
EML_CLASSES = (
    ("listed", "On the national essential medicines list", "#6A51A3"),
    ("not_listed", "Not on that country's list (not 'not available')", "#DADAEB"),
    ("no_list", "No national list in GEM (no data)", "#E0E0E0"),
)
STATUS_INDEX = {s.id: i for i, s in enumerate(STATUS_CLASSES)}


def status_code(status: str, stale: bool) -> int:
    """2 × class index, +1 when the evidence is old or only inferred (the map's integer code)."""
    return 2 * STATUS_INDEX[status] + (1 if stale else 0)


def hover_lines(row: dict) -> list[str]:
    """The hover lines of one map row after the country's name and status (model fields only).

    A "No data" country today says whether the evidence search looked there ("Searched 2026-12: nothing public
    found" / "Not yet searched", the model's ``searched``); a past year's map has no such line.
    """
    lines = []
    if row.get("status") == "no_data" and row.get("searched"):
        lines.append(str(row["searched"]))
    elif row.get("status") != "no_data":
        when = row.get("evidence_date") or "—"
        how = label(CONFIDENCE_SHORT, row.get("confidence"))
        age = " (old or inferred)" if row.get("stale") else ""
        lines.append(f"Last evidence: {when}" + (f" · {how}" if how else "") + age)
        citation = str(row.get("citation") or "")
        cut = citation[:SOURCE_CHARS] + ("…" if len(citation) > SOURCE_CHARS else "")
        lines.append(f"Source: {cut or '—'}")
    return lines


class _Strings:
    def __init__(self):
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def _clean(row: dict) -> dict:
    """A map row with pandas' missing values as None (a data frame row and a history row compare equal)."""
    return {k: (None if v is not None and v != v else v) for k, v in row.items()}  # NaN != NaN


def build_map_payload(model, first_year: int | None = None) -> dict:
    """Everything the map shows, for every option, year and layer (see the module docstring)."""
    from .model import FIRST_YEAR

    first_year = FIRST_YEAR if first_year is None else first_year
    strings = _Strings()
    iso3 = model.countries["iso3"].tolist()
    position = {c: i for i, c in enumerate(iso3)}
    options = model.drug_options()
    status, history = {}, {}
    for option in options:
        table = model.map_table(option)
        codes, hover, searched = [], [], []
        notes: list[int] = []  # string indices of this option's search notes; ``searched`` holds one char each
        for i, row in enumerate(table.to_dict("records")):
            codes.append(CODE_CHARS[status_code(row["status"], bool(row["stale"]))])
            row = _clean(row)
            note = row.get("searched") if row.get("status") == "no_data" else None
            lines = hover_lines({**row, "searched": None})
            if lines:
                hover.append([i, *map(strings, lines)])
            if note:  # a "No data" country's search note, compact: one character per country
                k = strings(str(note))
                notes += [] if k in notes else [k]
                searched.append(CODE_CHARS[notes.index(k)])
            else:
                searched.append(" ")
        status[option] = {"codes": "".join(codes), "hover": hover, "searched": "".join(searched), "notes": notes}
        changes = []
        for country, entries in model.map_history(option).items():
            for year, row in entries:
                if year < first_year:
                    continue
                changes.append(
                    [
                        position[country],
                        year,
                        status_code(row["status"], bool(row["stale"])),
                        *map(strings, hover_lines(row)),
                    ]
                )
        history[option] = changes
    eml = {}
    eml_index = {c: i for i, (c, _, _) in enumerate(EML_CLASSES)}
    for drug in model.drug_labels:
        t = model.eml_table(drug)
        if not (t["eml"] != "no_list").any():
            continue
        year_of = dict(zip(t["iso3"], t["list_year"]))
        eml_codes = dict(zip(t["iso3"], t["eml"]))
        eml[drug] = {
            "codes": "".join(CODE_CHARS[eml_index[eml_codes.get(c, "no_list")]] for c in iso3),
            "hover": [
                [position[c], strings(f"List of {y}")]
                for c, y in year_of.items()
                if c in position and y is not None and y == y
            ],
        }
    imwg = model.imwg_counts()
    return {
        "v": 1,
        "iso3": iso3,
        "names": model.countries["name"].tolist(),
        "classes": [[s.id, s.label, s.colour, s.tint] for s in STATUS_CLASSES],
        "eml_classes": [list(c) for c in EML_CLASSES],
        "options": [[k, v] for k, v in options.items()],
        "years": [first_year, model.today.year],
        "strings": strings.items,
        "status": status,
        "history": history,
        "eml": eml,
        "imwg": [
            [position[r.iso3], int(r.members), round(float(r.lon), 2), round(float(r.lat), 2)]
            for r in imwg.itertuples(index=False)
            if r.iso3 in position
        ],
        "as_of": model.latest_as_of,
    }


def decode(payload: dict, option: str, year: int | None = None) -> dict[str, tuple[int, list[str]]]:
    """What the browser shows for an option: {iso3: (code, hover lines)}, today or as of a year's end.

    The same reading as the component's JavaScript (``components/map_assets/map.js``).
    """
    iso3, strings = payload["iso3"], payload["strings"]
    no_data = status_code("no_data", False)
    if year is None:
        entry = payload["status"][option]
        out: dict[str, tuple[int, list[str]]] = {c: (CODE_CHARS.index(ch), []) for c, ch in zip(iso3, entry["codes"])}
        for i, *lines in entry["hover"]:
            out[iso3[i]] = (out[iso3[i]][0], [strings[s] for s in lines])
        for c, ch in zip(iso3, entry.get("searched", "")):
            if ch != " ":  # the search note of a "No data" country, after its other lines
                out[c] = (out[c][0], [*out[c][1], strings[entry["notes"][CODE_CHARS.index(ch)]]])
        return out
    out = {c: (no_data, []) for c in iso3}
    for i, y, code, *lines in payload["history"][option]:  # in year order per country
        if y <= year:
            out[iso3[i]] = (code, [strings[s] for s in lines])
    return out


TABS = ("map", "table", "people", "sources")


def parse_view(params: dict, payload: dict) -> dict:
    """The map view from URL parameters (or what the browser reported), every value validated.

    Anything unknown falls back to the default, never an error: drug = the first option, year = "" (today)
    unless a year from the payload's range, layer = "" or "eml", imwg = on for 1/true/yes/on, country = a
    mapped ISO3 code (exact), view = one of :data:`TABS`. The component's JavaScript reads the URL the same way.
    """

    def text(key):
        value = params.get(key)
        return value if isinstance(value, str) else ""

    options = [o for o, _ in payload["options"]]
    first, last = payload["years"]
    year = text("year")
    return {
        "drug": text("drug") if text("drug") in options else options[0],
        "year": year if len(year) == 4 and year.isascii() and year.isdigit() and first <= int(year) <= last else "",
        "layer": "eml" if text("layer") == "eml" else "",
        "imwg": text("imwg").strip().lower() in ("1", "true", "yes", "on"),
        "country": text("country") if text("country") in payload["iso3"] else "",
        "view": text("view") if text("view") in TABS else "map",
    }
