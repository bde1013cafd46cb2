"""The command line's French text: help, progress and error messages.

Read as ``from ars_tui import cli_text as cli_tx``. Texts the screens show too are in
:mod:`storage.vocabulary`.
"""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "cli_text.toml")
globals().update(_TEXTS)

# The names the code below reads (the others are only read by importers).
CLI_HELP_HELP: str = _TEXTS["CLI_HELP_HELP"]
CLI_VERSION_HELP: str = _TEXTS["CLI_VERSION_HELP"]

#: argparse's own messages in French. argparse (Python 3.11 to 3.13) wraps every message in
#: ``gettext`` calls looked up when the message is made; ``ars_tui.cli`` answers those calls from
#: this table while it parses the command line. A message missing here stays in English. The
#: texts are in cli_text.toml, but for the two help lines of ``ars-tui --help``.
ARGPARSE_MESSAGES: dict[str, str] = {
    **_TEXTS["ARGPARSE_MESSAGES"],
    "show this help message and exit": CLI_HELP_HELP,
    "show program's version number and exit": CLI_VERSION_HELP,
}
