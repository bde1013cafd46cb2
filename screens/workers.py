"""One error policy for every worker of the app (as Harlequin does it).

Textual's own ``@work`` exits the app when a worker raises (``exit_on_error=True``), which
closes the TUI on a full disk or a damaged database and prints a traceback. Every worker of
``screens/`` and ``ars_tui/`` uses :func:`work` instead, a drop-in replacement:

- ``exit_on_error=False``: a failing worker never closes the app;
- the error is never swallowed either: the worker's node posts :class:`WorkerFailed`, which
  bubbles up to the app, whose one handler (``ArsTuiApp._worker_failed``) shows a French
  notification, the reason only (never the error's text: SQL and values, people's names);
- ``retry=True`` for workers that only read (a list, a record, figures): the app tries them
  once more after :data:`RETRY_DELAY_S` (a busy or locked database often comes back). Workers
  that write never retry on their own: the person sees the message and saves again.

Workers that expect an error and say so on their screen (a refused save, "base illisible")
still catch it themselves; this policy is for everything else.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from textual import work as _textual_work
from textual.message import Message

from screens import text as tx

#: Seconds before a failed reading worker is tried again (once).
RETRY_DELAY_S = 2.0

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class WorkerFailed(Message):
    """A worker raised: ``reason`` is French text for the user; ``retry`` runs it again."""

    reason: str
    #: Which worker (class and method): the app retries each one once in a while at most.
    key: str
    retry: Callable[[], object] | None


def describe(error: BaseException) -> str:
    """French reason for ``error``: the storage's words for its own failures, else its type."""
    from sqlalchemy.exc import SQLAlchemyError  # not before: the first frame does not need it

    from storage.db import describe_error

    if isinstance(error, SQLAlchemyError | OSError | sqlite3.Error):
        return describe_error(error)[0]
    return tx.WORKER_INTERNAL_ERROR.format(name=type(error).__name__)


def work(*, retry: bool = False, **options: Any) -> Callable[[F], F]:
    """``textual.work(**options)`` with the app's error policy (see the module docstring)."""
    options["exit_on_error"] = False

    def decorator(method: F) -> F:
        key = method.__qualname__

        def failed(node: Any, error: Exception, args: Any, kwargs: Any) -> None:
            again = (lambda: getattr(node, method.__name__)(*args, **kwargs)) if retry else None
            _report(node, WorkerFailed(describe(error), key, again))

        if inspect.iscoroutinefunction(method):

            @functools.wraps(method)
            async def guarded_async(node: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    return await method(node, *args, **kwargs)
                except Exception as error:
                    failed(node, error, args, kwargs)
                    raise

            return _textual_work(guarded_async, **options)  # type: ignore[return-value]

        @functools.wraps(method)
        def guarded(node: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(node, *args, **kwargs)
            except Exception as error:
                failed(node, error, args, kwargs)
                raise  # the worker ends in the ERROR state (Textual logs it), the app stays

        return _textual_work(guarded, **options)  # type: ignore[return-value]

    return decorator


def _report(node: Any, message: WorkerFailed) -> None:
    """Post to the worker's node (it bubbles to the app), or to the app if the node is gone."""
    if node.post_message(message):
        return
    try:
        node.app.post_message(message)
    except Exception:  # no app left to tell: it is closing, and nobody would see a notice
        return
