"""import_who_eml / read_who_eml on a small planted eEML export (cp1252, ';', quoted multi-line cells):
exact output frame, so a renamed column, a lost de-duplication or whitespace rule fails."""

from __future__ import annotations

import pandas as pd
import pytest

from importers.who_eml import WHO_AS_OF, WHO_SOURCE_ID, import_who_eml, read_who_eml

HEADER = '"Medicine name";"EML section";"Formulations";"Indication";"ATC codes";"Combined with";"Status"'
ROWS = [
    # listed and 'Removed' rows for the same (drug, indication): the listed one wins
    '"Bortezomib";"8.20";"Powder for injection:\r\n   3.5 mg   in vial";"Plasma cell myeloma";"L01XG01";"";"Removed"',
    '"Bortezomib";"8.20";"Powder for injection:\r\n   3.5 mg   in vial";"Plasma cell myeloma";"L01XG01";"NA";"Added"',
    # never listed
    '"Daratumumab";"8.2";"Injection:  100 mg/5 mL";"Plasma cell myeloma";"";"";"Removed"',
    '"Daratumumab";"8.2";"Injection:  100 mg/5 mL";"Plasma cell myeloma";"";"";"Removed"',  # exact duplicate
    # a second indication of the same drug, and a drug that is not ours
    '"Thalidomide";"8.2";" Capsule: 50 mg ";"Plasma cell myeloma";"L04AX02";"";"Added"',
    '"Thalidomide";"6.6";"Capsule: 50 mg";"Erythema nodosum leprosum";"L04AX02";"";"Removed"',
    '"Paracetamol";"2.1";"Tablet: 500 mg";"Pain";"N02BE01";"";"Added"',
]
ALIASES = pd.DataFrame(
    {"alias": ["Bortezomib", "DARATUMUMAB", "thalidomide"], "drug_id": ["bortezomib", "daratumumab", "thalidomide"]}
)


def _write(tmp_path, rows, header=HEADER):
    p = tmp_path / "who_eml_export.csv"
    p.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("cp1252"))
    return p


def test_read_who_eml_keeps_text_as_text_and_drops_exact_duplicates(tmp_path):
    """7 rows, 1 exact duplicate -> 6. '8.20' stays a string (not 8.2), 'NA' and '' stay as written."""
    df = read_who_eml(_write(tmp_path, ROWS))
    assert len(df) == 6
    assert df["EML section"].tolist()[:2] == ["8.20", "8.20"]
    assert df["Combined with"].tolist()[:2] == ["", "NA"]
    assert df["Formulations"].iloc[0] == "Powder for injection:\r\n   3.5 mg   in vial"


def test_read_who_eml_refuses_another_layout(tmp_path):
    p = _write(tmp_path, ['"x";"y"'], header='"Medicine";"Status"')
    with pytest.raises(AssertionError, match=r"^WHO EML export columns changed: \['Medicine', 'Status'\]$"):
        read_who_eml(p)


def test_import_who_eml_exact_rows(tmp_path):
    """Bortezomib: 'Added' beats 'Removed' for the same indication (one row). Daratumumab: 'Removed' ->
    not_listed, its duplicate once. Thalidomide: two indications, sorted by indication. Paracetamol is not
    one of our drugs. Formulations: runs of whitespace (incl. CR LF) become one space, ends trimmed."""
    out = import_who_eml(_write(tmp_path, ROWS), ALIASES)
    assert list(out.columns) == [
        "drug_id",
        "medicine_name",
        "indication",
        "eml_section",
        "eml_status",
        "formulations",
        "source_id",
        "as_of",
    ]
    assert out.drop(columns=["source_id", "as_of"]).values.tolist() == [
        ["bortezomib", "Bortezomib", "Plasma cell myeloma", "8.20", "listed", "Powder for injection: 3.5 mg in vial"],
        ["daratumumab", "Daratumumab", "Plasma cell myeloma", "8.2", "not_listed", "Injection: 100 mg/5 mL"],
        ["thalidomide", "Thalidomide", "Erythema nodosum leprosum", "6.6", "not_listed", "Capsule: 50 mg"],
        ["thalidomide", "Thalidomide", "Plasma cell myeloma", "8.2", "listed", "Capsule: 50 mg"],
    ]
    assert set(out["source_id"]) == {WHO_SOURCE_ID} == {"who_eml_2025"}
    assert set(out["as_of"]) == {WHO_AS_OF} == {"2026-05-31"}
    assert out.index.tolist() == [0, 1, 2, 3]


def test_import_who_eml_refuses_an_unknown_status(tmp_path):
    rows = ['"Bortezomib";"8.2";"x";"Plasma cell myeloma";"";"";"Pending"']
    with pytest.raises(AssertionError, match=r"^unexpected WHO EML Status value$"):
        import_who_eml(_write(tmp_path, rows), ALIASES)
