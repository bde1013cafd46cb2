"""The Textual screens of the TUI (never imports ``ars_tui``; reads and writes through ``storage``).

- One package per section, holding its list (``list.py``), a record's page (``record.py``) and
  the form (``form.py``): ``installations``, ``professionals``, ``contracts``, ``msp``, ``mcs``
  (the "SAMU / MCS" section, key 6: the ``mcs`` records), ``missions``; ``territories`` and
  ``sync`` (the sync screen, ``conflicts`` and ``to_fix`` on a shared ``problems`` base).
- ``section``: :class:`~screens.section.SectionScreen`, the base of the list screens, and what
  the sections share; ``sections``: the menu (id, key, label, screen).
- The shell's screens: ``home`` (the dashboard), ``help``, ``setup``, ``exchange``,
  ``detected``, ``objectives``; ``base``, ``context``, ``messages``, ``workers`` (the one
  worker error policy: workers report with messages, never ``call_from_thread``).
- ``widgets``: what several screens use (the paged list, the record page and form, pickers...).
"""
