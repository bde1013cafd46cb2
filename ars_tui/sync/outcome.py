"""What one sync round did: shared by the full round (httpx) and the no-op round (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass

from storage import fr


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
        return fr.SYNC_LOG_ROUND.format(
            sent=fr.format_int(self.sent),
            received=fr.format_int(self.received),
            conflicts=fr.format_int(self.conflicts),
            to_fix=fr.format_int(self.to_fix),
        )
