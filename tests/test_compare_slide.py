"""The compare heatmap as a 1600 x 900 slide (issue 18): readable type, full drug names, old evidence pale,
drugs with no data anywhere left out of the chart (the table keeps them)."""

import pytest

from components import compare_views as cv
from myeloma_access import views as v
from myeloma_access.loaders import load_dataset
from myeloma_access.model import AccessModel
from myeloma_access.status import STATUS_BY_ID

SLIDE_HEIGHT = 900


@pytest.fixture(scope="module")
def shipped():
    return AccessModel(load_dataset())


def slide_px(fig) -> dict[str, float]:
    """Each kind of text's size on the exported slide (the export scales the figure to 900 px high)."""
    scale = SLIDE_HEIGHT / fig.layout.height
    lay = fig.layout
    return {
        "cells": fig.data[0].textfont.size * scale,
        "ticks": min(lay.xaxis.tickfont.size, lay.yaxis.tickfont.size) * scale,
        "legend": lay.legend.font.size * scale,
        "annotations": min(a.font.size for a in lay.annotations) * scale,
    }


def test_brazil_mexico_spain_slide_is_readable(shipped):
    matrix = v.compare_matrix(shipped, ["BRA", "MEX", "ESP"])
    charted = cv.without_empty_rows(matrix)
    fig = cv.status_matrix_chart(charted, "Access status by drug: Brazil, Mexico, Spain", "Source: test.")
    px = slide_px(fig)
    assert px["cells"] >= 13.5 and px["ticks"] >= 14.5 and px["legend"] >= 12.5 and px["annotations"] >= 11.5, px
    drugs_with_data = sorted(set(matrix.loc[matrix["status"] != "no_data", "drug"]))
    assert sorted(fig.data[0].y) == drugs_with_data  # full names, never cut; all-"No data" drugs left out
    assert len(matrix["drug"].unique()) > len(drugs_with_data)


def test_old_or_inferred_cells_take_the_pale_tint_as_on_the_map(shipped):
    matrix = v.compare_matrix(shipped, ["CAN"], ["lenalidomide", "bortezomib"])
    fig = cv.status_matrix_chart(matrix, "t", "n")
    z = dict(zip(fig.data[0].y, (row[0] for row in fig.data[0].z)))
    by_drug = matrix.set_index("drug")
    codes = {s: i for i, s in enumerate(STATUS_BY_ID)}
    for drug, code in z.items():
        r = by_drug.loc[drug]
        assert code == codes[r["status"]] * 2 + int(bool(r["stale"]))
    names = [t.name for t in fig.data[1:]]
    lenalidomide = by_drug.loc["Lenalidomide (R)"]
    assert (lenalidomide["status"], bool(lenalidomide["stale"])) == ("publicly_funded", True)  # Canada: last 2021
    assert "Publicly funded, old or inferred" in names
