"""The samples of the official files in tests/data, and variants made from them."""

from __future__ import annotations

from pathlib import Path

from storage.records.identifiers import make_rpps

DATA = Path(__file__).parents[1] / "data"
FINESS = DATA / "finess-etalab-extraction.csv"
ANNUAIRE = DATA / "annuaire-sante-ps-libreacces-personne-activite.txt"


def second_annuaire(tmp_path: Path) -> tuple[Path, str]:
    """The Annuaire sample less GRONDIN (97410), plus a new doctor in Cilaos: (its path, the
    newcomer's RPPS)."""
    lines = ANNUAIRE.read_text(encoding="utf-8").splitlines()
    newcomer = make_rpps("1000990013")
    template = next(line for line in lines if "|10009900019|" in line)
    added = template.replace("10009900019", newcomer).replace("HOARAU", "NOUVEAU")
    kept = [line for line in lines if "|10009900035|" not in line]
    path = tmp_path / "PS_LibreAcces_Personne_activite_202607010000.txt"
    path.write_text("\n".join([*kept, added]) + "\n", encoding="utf-8")
    return path, newcomer
