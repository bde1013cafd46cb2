"""What runs between the first frame and the dashboard's first figures (issue 15).

The figures must follow the first frame closely (bench/bench_startup.py times it); here, what
the app does on that path, by behaviour: the footer, drawn with the first frame, asks for every
binding whether a form is being filled, and that question must not import the record forms
(about 0.1 s of the interpreter, just when the figures wait to be painted) while no form can
be open. Digits inside a form still stay in the form: tests/test_forms_no_loss.py. If a form is
imported, the failure shows the stack that imported it first.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

from storage.db import open_database
from storage.demo.generator import generate_demo

#: The app on a path, headless, until the peeked figures are on screen; prints what it imported.
UNTIL_FIRST_FIGURES = textwrap.dedent(
    """
    import asyncio, json, sys, traceback
    from pathlib import Path

    from rich.table import Table

    # Who imports a form first, if one is imported: the stack, for the failure message.
    FORMS = ("screens.widgets.record_form", "screens.widgets.french_inputs")
    first_imports = {}

    class Witness:
        def find_spec(self, name, path=None, target=None):
            if name in FORMS and name not in first_imports:
                first_imports[name] = "".join(traceback.format_stack(limit=25))
            return None

    sys.meta_path.insert(0, Witness())

    from ars_tui.app import make_app

    async def main():
        app = make_app(Path(sys.argv[1]), user="test")
        async with app.run_test(size=(110, 40)) as pilot:
            for _ in range(600):
                panels = app.screen.query("#panel-installations")
                if panels and isinstance(panels.first().content, Table):  # the figures
                    break
                await pilot.pause(0.05)
            else:
                raise SystemExit("no figures on screen")
            shown = sorted(name for name, module in sys.modules.items() if module is not None)
            await app.workers.wait_for_complete()
        if app.database is not None:
            app.database.dispose()
        print(json.dumps({"shown": shown, "first_imports": first_imports}))

    asyncio.run(main())
    """
)


def test_no_form_is_imported_before_the_first_figures(
    tmp_path: Path, fresh_database_file: Path
) -> None:
    path = tmp_path / "demo.db"
    shutil.copyfile(fresh_database_file, path)
    database = open_database(path)
    generate_demo(database.engine, records=50, ars_code="REU", today=date(2026, 3, 2))
    database.dispose()
    done = subprocess.run(
        [sys.executable, "-c", UNTIL_FIRST_FIGURES, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"ARS_TUI_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    shown = set(report["shown"])
    assert "ars_tui.app" in shown and "screens.home" in shown  # the dashboard was drawn
    first_imports = report["first_imports"]
    assert "screens.widgets.record_form" not in shown, first_imports
    assert "screens.widgets.french_inputs" not in shown, first_imports
