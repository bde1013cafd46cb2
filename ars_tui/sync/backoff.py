"""How long to wait before trying again after a failed sync: full jitter, 2 s to 5 min.

"Full jitter" (AWS Architecture Blog, *Exponential Backoff and Jitter*): the delay is drawn
uniformly between nothing and an exponentially growing ceiling, so that a hundred devices
coming back online at once do not knock on the server together. Here the floor is
:data:`MIN_DELAY` rather than 0 (no point in retrying at once), and a server's ``Retry-After``
is a floor too: it knows better than we do.
"""

from __future__ import annotations

import random
from collections.abc import Callable

MIN_DELAY = 2.0
MAX_DELAY = 300.0


def backoff_delay(
    failures: int,
    *,
    retry_after: float | None = None,
    rng: Callable[[], float] = random.random,
    base: float = MIN_DELAY,
    cap: float = MAX_DELAY,
) -> float:
    """Seconds to wait after ``failures`` consecutive failures (1 for the first).

    Uniform in [base, min(cap, base * 2**(failures-1))], then at least ``retry_after``.
    """
    ceiling = min(cap, base * 2 ** max(failures - 1, 0))
    delay = max(base, rng() * ceiling)
    if retry_after is not None and retry_after > delay:
        delay = float(retry_after)
    return delay


def parse_retry_after(value: str | None) -> float | None:
    """The ``Retry-After`` header in seconds (the HTTP-date form is read as absent)."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
