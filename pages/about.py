"""About: what the tool is for, how to cite it, what it is not."""

import streamlit as st

from components import data
from components.router import ensure_router

ensure_router()

st.title("About Myeloma Access Explorer")
st.markdown(
    """
Myeloma Access Explorer shows, country by country, which drugs for **relapsed/refractory multiple myeloma
(RRMM)** are available and what they cost, where members of the **International Myeloma Working Group
(IMWG)** work, and which **IMWG-recommended regimens** can actually be used in a given country.

**Who it is for.** Advocacy staff arguing for access; IMWG members presenting disparities (every map exports
as a PNG with its title, legend and source line from the chart's toolbar, and every table as CSV); patients
and the public.

**How to read it.**
- Every coloured country rests on a dated, cited fact. Hover a country to see the source.
- **Grey means "No data"** — nobody has sourced a fact for that country and drug. It does *not* mean the drug
  is unavailable.
- "Approved" means a marketing authorisation is in force; whether it is reimbursed or launched is not known.
- EU/EEA statuses come from the EU central authorisation, which is valid in all 30 EU/EEA states (and in Saint Martin and the Åland Islands, where EU law applies: TFEU Art. 355); national
  reimbursement differs and is only shown where sourced.

**How to cite.** Myeloma Access Explorer, data as of {as_of}, and the original sources listed on the
*Sources & methods* page.

**Not medical advice.** The regimen finder summarises published guidance and regulatory facts; treatment
decisions belong to patients and their clinicians.
""".replace("{as_of}", data.model().latest_as_of)
)
