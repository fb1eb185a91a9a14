"""The legal texts the checks cite, each with where it can be read.

Article numbers were checked against public copies of the texts where the library search reached
them (DORA Art. 28(8) and SecNumCloud 3.2 §19.6 a-b on 2026-11-24; Data Act Art. 25 and 29 through
secondary sources). Those still marked "(unconfirmed)" come from the project's research notes and
were not re-read in a primary text: cite them only after checking.
"""

from __future__ import annotations

from .model import LegalBasis

DORA = "DORA, Regulation (EU) 2022/2554"
DORA_URL = "https://eur-lex.europa.eu/eli/reg/2022/2554/oj"
RTS = "Delegated Regulation (EU) 2024/1773 (RTS on ICT contractual policy)"
RTS_URL = "https://eur-lex.europa.eu/eli/reg_del/2024/1773/oj"
ITS = "Implementing Regulation (EU) 2024/2956 (ITS, Register of Information)"
ITS_URL = "https://eur-lex.europa.eu/eli/reg_impl/2024/2956/oj"
EBA = "EBA Guidelines on outsourcing arrangements EBA/GL/2019/02"
EBA_URL = "https://www.eba.europa.eu/regulation-and-policy/internal-governance/guidelines-on-outsourcing-arrangements"
DATA_ACT = "EU Data Act, Regulation (EU) 2023/2854"
DATA_ACT_URL = "https://eur-lex.europa.eu/eli/reg/2023/2854/oj"
SNC = "ANSSI SecNumCloud 3.2 (8 March 2022)"
SNC_URL = "https://cyber.gouv.fr/publications/referentiel-secnumcloud"
HDS = "Référentiel HDS v2, arrêté du 26 avril 2024; Code de la santé publique art. L.1111-8"
HDS_URL = "https://esante.gouv.fr/produits-services/hds"
SREN = "Loi n° 2024-449 du 21 mai 2024 (SREN)"
SREN_URL = "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000049563368"
CIRC = "Circulaire n° 6404/SG du 31 mai 2023 (doctrine « cloud au centre »)"
CIRC_URL = "https://www.legifrance.gouv.fr/circulaire/id/45446"
MS_EXIT = "Microsoft: data transfer fees when leaving Azure (March 2024)"
MS_EXIT_URL = ("https://learn.microsoft.com/en-us/azure/cost-management-billing/manage/"
               "cancel-azure-subscription#what-data-transfer-fees-are-applied-when-moving-all-data-off-azure")
SWIPO = "SWIPO IaaS Code of Conduct"
SWIPO_URL = "https://swipo.eu/"


def dora(article: str) -> LegalBasis:
    return LegalBasis(DORA, article, DORA_URL)


def rts(article: str) -> LegalBasis:
    return LegalBasis(RTS, article, RTS_URL)


def its(article: str) -> LegalBasis:
    return LegalBasis(ITS, article, ITS_URL)


def eba(article: str) -> LegalBasis:
    return LegalBasis(EBA, article, EBA_URL)


def data_act(article: str) -> LegalBasis:
    return LegalBasis(DATA_ACT, article, DATA_ACT_URL)


def snc(article: str) -> LegalBasis:
    return LegalBasis(SNC, article, SNC_URL)


def hds(article: str) -> LegalBasis:
    return LegalBasis(HDS, article, HDS_URL)


def sren(article: str) -> LegalBasis:
    return LegalBasis(SREN, article, SREN_URL)


def circular(article: str) -> LegalBasis:
    return LegalBasis(CIRC, article, CIRC_URL)


def ms_exit(article: str) -> LegalBasis:
    return LegalBasis(MS_EXIT, article, MS_EXIT_URL)


def swipo(article: str) -> LegalBasis:
    return LegalBasis(SWIPO, article, SWIPO_URL)


# Short names for tables and SARIF help.
SHORT = {DORA: "DORA", RTS: "RTS 2024/1773", ITS: "ITS 2024/2956", EBA: "EBA/GL/2019/02", DATA_ACT: "Data Act",
         SNC: "SecNumCloud 3.2", HDS: "HDS", SREN: "SREN law", CIRC: "Circ. 6404/SG", MS_EXIT: "Microsoft exit waiver",
         SWIPO: "SWIPO"}
