"""Human labels for the codes stored in data/ (so no raw code reaches the screen)."""

WHO_REGIONS = {
    "AFR": "Africa",
    "AMR": "Americas",
    "SEAR": "South-East Asia",
    "EUR": "Europe",
    "EMR": "Eastern Mediterranean",
    "WPR": "Western Pacific",
}
INCOME_GROUPS = {"L": "Low income", "LM": "Lower-middle income", "UM": "Upper-middle income", "H": "High income"}
CATEGORY_LABELS = {
    "preferred": "Preferred",
    "recommended": "Recommended",
    "alternative": "Alternative",
    "other": "Other option",
    "option": "Option",
    "approval": "Approved for this situation",
    "resource_restricted": "Resource-restricted option",
}
VERDICT_LABELS = {
    "usable": "Usable",
    "blocked": "Blocked",
    "unknown": "Unknown (missing data)",
    "refractory_conflict": "Not usable: refractory",
}
CONFIDENCE_SHORT = {"stated": "stated by regulator/payer", "reported": "reported", "inferred": "inferred"}


def label(mapping: dict, code) -> str:
    """The label of a code, '' for a missing one (never 'None' or 'nan' on screen)."""
    if not isinstance(code, str) or not code:
        return ""
    return mapping.get(code, code)
