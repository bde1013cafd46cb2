"""Text of the sections: Aides et contrats, MSP, SAMU / MCS, Missions, detected arrivals."""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "sections.toml")
globals().update(_TEXTS)
