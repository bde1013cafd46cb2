"""How many outbox ops go in one push: start at 200, double on success, halve on trouble.

A slow link (a timeout) or a body the server finds too big (413) halves the batch; each
success doubles it, up to the server's limit (``max_ops_per_push`` from hello). The ops of a
failed batch are sent again as they were, same ``op_id`` (the server answers ``duplicate`` for
any it had already applied), so shrinking the batch never loses or doubles anything.
"""

from __future__ import annotations

from dataclasses import dataclass

START_BATCH = 200


@dataclass
class BatchSizer:
    maximum: int
    size: int = START_BATCH

    def __post_init__(self) -> None:
        self.maximum = max(1, self.maximum)
        self.size = max(1, min(self.size, self.maximum))

    def succeeded(self) -> None:
        self.size = self.after_success()

    def after_success(self) -> int:
        """The size the next batch will have if this one succeeds."""
        return min(self.maximum, self.size * 2)

    def shrink(self) -> bool:
        """Halve the batch; False when it is already one op (nothing left to try)."""
        if self.size <= 1:
            return False
        self.size = max(1, self.size // 2)
        return True
