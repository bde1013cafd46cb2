"""What one sync round did: shared by the full round (httpx) and the no-op round (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass

from ars_tui import cli_text as cli_tx
from storage import vocabulary as voc


@dataclass
class RoundResult:
    """What one round did (``conflicts``/``to_fix``/``pending``: the totals left afterwards)."""

    sent: int = 0
    received: int = 0
    conflicts: int = 0
    to_fix: int = 0
    pending: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    push_seconds: float = 0.0
    pull_seconds: float = 0.0
    ars_code: str | None = None

    def summary(self) -> str:
        """The one line ``ars-tui sync`` prints (and the sync log keeps)."""
        return cli_tx.SYNC_LOG_ROUND.format(
            sent=voc.format_int(self.sent),
            received=voc.format_int(self.received),
            conflicts=voc.format_int(self.conflicts),
            to_fix=voc.format_int(self.to_fix),
        )
