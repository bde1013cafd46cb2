"""Rules of the field on zonage, missions and urgent-care coverage, checked on every save.

Registered with :func:`storage.validation.record_rule`: the store (forms, imports) and the central
server (synced ops) refuse the same records with the same French messages. Each rule names its
source.
"""

from __future__ import annotations
