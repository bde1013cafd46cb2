"""A correspondent's day in tmux, end to end, on a 5,000-project demo (issue 11).

Two devices of La Réunion and a local ``ars-tui serve``; each device is a real ``ars-tui``
process in its own tmux session (its own ``ARS_TUI_HOME``, its own name and token). The script
types what a person types and reads the screen (``tmux capture-pane``), asserting the texts:

1. device 1 creates a professional, then a project for them (commune picker, localité, date);
2. changes the project's status to Installé(e), the dialog asking the date it requires [i11a];
3. (after step 4) adds an aid with a localité [i11a: the aid's localité]: ``n`` with no type
   chosen in the "Type" filter asks "Quel type d'aide ?"; ``--skip-aid`` leaves it out;
4. changes the project's localité, presses Escape and keeps the change ("Continuer la saisie"),
   then saves [i11a];
5. syncs (F5) with the local server;
6. device 2 syncs and reads the project's history: the names, not ids, and who made them.

Steps marked [i11a] need the form work of branch i11a (status dialog with its required date,
Escape dialog, aid localité); ``--skip-i11a`` leaves them out. Run:

    python bench/walkthrough_tmux.py [--records 5000] [--skip-i11a] [--keep]

It prints each step with its time and the total, and exits 1 at the first step whose text does
not show (printing the screen).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import free_port  # bench/ is on sys.path

PYTHON = sys.executable
SIZE = ("120", "40")


class StepFailed(Exception):
    pass


class Device:
    """One ``ars-tui`` in a tmux session, with its own home, name and token."""

    def __init__(self, name: str, home: Path, db: Path, env: dict[str, str]) -> None:
        self.session = f"ars-walk-{name}-{os.getpid()}"
        self.home, self.db = home, db
        self.env = {**env, "ARS_TUI_HOME": str(home)}

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "-m", "ars_tui", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise StepFailed(f"ars-tui {args[0]}: {done.returncode} {done.stderr.strip()}")
        return done.stdout

    def start(self) -> None:
        exports = " ".join(f"{key}={_quote(value)}" for key, value in self.env.items())
        command = f"env {exports} {PYTHON} -m ars_tui --db {_quote(str(self.db))}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.session, "-x", SIZE[0], "-y", SIZE[1]],
            check=True,
        )
        self.keys(command, "Enter", literal=False)

    def keys(self, *keys: str, literal: bool = False) -> None:
        for key in keys:
            args = ["tmux", "send-keys", "-t", self.session]
            subprocess.run([*args, "-l", key] if literal else [*args, key], check=True)
            # After Escape, a key sent at once would arrive as Alt+key.
            time.sleep(0.4 if key == "Escape" else 0.1)

    def type(self, text: str) -> None:
        self.keys(text, literal=True)
        time.sleep(0.4)  # let the field (and its proposals) take the text before the next key

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.session],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def wait_for(self, *texts: str, seconds: float = 30.0) -> str:
        deadline = time.monotonic() + seconds
        while True:
            shown = self.screen()
            if all(text in shown for text in texts):
                return shown
            if time.monotonic() > deadline:
                raise StepFailed(f"not shown: {texts!r}\n{shown}")
            time.sleep(0.2)

    def section(self, key: str, title: str) -> None:
        """Press a section's key until its screen shows (a key pressed while a screen is still
        closing, or the database still opening, is lost)."""
        for _ in range(30):
            self.keys(key)
            time.sleep(0.4)
            if title in self.screen().splitlines()[0]:
                return
        self.wait_for(title)

    def new_record(self, key: str, section: str, form: str) -> None:
        """Open ``section`` (its ``key``), then its new record's form (``n``)."""
        self.section(key, section)
        self.keys("n")
        self.form(form)

    def form(self, title: str) -> None:
        """Wait for the new record's form ``title``, then for its first field to take keys."""
        self.wait_for(f"Nouvelle fiche : {title}")
        time.sleep(0.5)

    def pick(self, typed: str, choice: str, *then: str) -> None:
        """Type ``typed`` in a picker, take ``choice`` once offered (Entrée), then ``then``."""
        self.type(typed)
        self.wait_for(choice)
        self.keys("Enter", *then)

    def stop(self) -> None:
        subprocess.run(
            ["tmux", "kill-session", "-t", self.session], check=False, capture_output=True
        )


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def run(records: int, skip_i11a: bool, keep: bool, skip_aid: bool = False) -> int:
    work = Path(tempfile.mkdtemp(prefix="ars-walk-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("ARS_TUI_")}
    env["TERM"] = "xterm-256color"
    port = free_port()
    central = work / "central.db"
    server_env = {**env, "ARS_TUI_HOME": str(work / "server-home")}
    server = subprocess.Popen(
        [PYTHON, "-m", "ars_tui", "serve", "--db", f"sqlite:///{central}", "--port", str(port)],
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    one = Device("1", work / "home1", work / "device1.db", env)
    two = Device("2", work / "home2", work / "device2.db", env)
    steps: list[tuple[str, float, str]] = []
    started = time.monotonic()

    def step(name: str, action: Callable[[], None], *, i11a: bool = False) -> None:
        if i11a and skip_i11a:
            steps.append((name, 0.0, "sauté (i11a)"))
            return
        at = time.monotonic()
        action()
        steps.append((name, time.monotonic() - at, "ok"))
        print(f"ok  {time.monotonic() - at:6.1f} s  {name}", flush=True)

    try:
        url = f"http://127.0.0.1:{port}"

        def setup() -> None:
            one.cli("demo", "--db", str(one.db), "--records", str(records), "--ars", "REU")
            for device, person in ((one, "Marie Payet"), (two, "Paul Grondin")):
                token = subprocess.run(
                    [
                        *(PYTHON, "-m", "ars_tui", "token", "create", "--ars", "REU"),
                        *("--name", f"tablette-{device.session[-8:]}"),
                        *("--db", f"sqlite:///{central}"),
                    ],
                    env=server_env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.strip()
                device.cli("config", "set", "nom", person)
                device.cli("config", "set", "server", url)
                device.cli("config", "set", "token", token)

        step(f"démo de {records} projets, serveur local, deux appareils", setup)

        def open_device_one() -> None:
            one.start()
            one.wait_for("Tableau de bord", "ARS La Réunion")

        step("appareil 1 : ouverture sur l'ARS La Réunion", open_device_one)

        def new_professional() -> None:
            one.new_record("3", "Professionnels", "Professionnel")
            one.type("Bègue")
            one.keys("Tab")
            one.type("Amélie")
            one.keys("C-s")
            one.wait_for("Bègue", "Amélie", "Historique")

        step("créer un professionnel", new_professional)

        def new_project() -> None:
            one.keys("Escape")
            one.new_record("2", "Projets d'installation", "Projet")
            one.pick("begue amel", "Bègue Amélie", "Tab")
            one.pick("cilaos", "Cilaos (97424)", "Tab")
            one.type("Palmiste Rouge")
            for _ in range(2):  # the localité, then the mode d'exercice
                one.keys("Tab")
                time.sleep(0.5)
            one.type("02/12/2026")
            one.keys("C-s")
            one.wait_for("Premier contact", "Palmiste Rouge", "Bègue Amélie")

        step("créer son projet d'installation (commune, localité, date)", new_project)

        def status_with_date() -> None:
            one.keys("t")
            one.wait_for("actuellement « Premier contact »")
            one.keys("Enter")  # the first move: En accompagnement
            for _ in range(20):  # "t" again once the page shows the new status
                time.sleep(0.5)
                one.keys("t")
                if "actuellement « En accompagnement »" in one.screen():
                    break
            one.wait_for("actuellement « En accompagnement »", "Installé(e)")
            # From En accompagnement: Recherche de lieu, Aides en cours d'instruction, Installé(e).
            # i11a: the dialog asks, there and then, the date Installé(e) requires.
            one.keys("Down", "Down", "Enter")
            one.wait_for("Date d'installation effective")
            time.sleep(0.5)
            one.type("04/12/2026")
            one.keys("Enter")
            one.wait_for("Installé(e)", "04/12/2026")

        step("changer le statut avec sa date requise", status_with_date, i11a=True)

        def escape_keeps_changes() -> None:
            one.keys("e")
            one.wait_for("Localité")
            time.sleep(0.5)
            one.keys("Tab", "Tab")  # professional, commune, then the localité
            time.sleep(0.3)
            one.type("Palmiste Rouge (haut)")  # the field's text is selected on arrival
            one.keys("Escape")
            one.wait_for("Continuer la saisie")  # i11a: asked before anything is lost
            one.keys("Enter")
            one.wait_for("Palmiste Rouge (haut)")
            one.keys("C-s")
            one.wait_for("Historique", "Palmiste Rouge (haut)")

        step("Échap sur un formulaire modifié : garder la saisie", escape_keeps_changes, i11a=True)

        def aid_with_localite() -> None:
            one.keys("Escape")
            one.section("4", "Aides et contrats")
            # No type chosen in the list's "Type" filter: "n" asks for it (CESP, highlighted).
            one.keys("n")
            one.wait_for("Quel type d'aide ?")
            one.keys("Enter")
            one.form("Aide")
            one.pick("begue amel", "Bègue Amélie", "Tab", "Tab")
            one.pick("cilaos", "Cilaos (97424)", "Tab")
            one.type("Palmiste Rouge")  # i11a: the aid's localité is saved
            one.keys("C-s")
            one.wait_for("Palmiste Rouge")

        if not skip_aid:
            step("ajouter une aide avec sa localité", aid_with_localite, i11a=True)

        def sync_device_one() -> None:
            one.keys("Escape", "Escape")
            one.keys("F5")
            one.wait_for("en ligne", seconds=60)
            one.section("9", "Synchronisation")
            one.wait_for("envoyée(s)", "Modifications en attente d'envoi : 0", seconds=60)

        step("synchroniser l'appareil 1 (F5)", sync_device_one)

        def history_on_device_two() -> None:
            two.cli("sync", "--db", str(two.db))
            two.start()
            two.wait_for("Tableau de bord", "ARS La Réunion")
            two.section("2", "Projets d'installation")
            two.wait_for("Bègue Amélie", "1 projet")  # device 2 has only what device 1 sent
            time.sleep(0.5)
            two.keys("Enter")
            two.wait_for("Historique")
            shown = two.wait_for("Marie Payet (tablette-", "Cilaos (97424)", "Bègue Amélie")
            if "Aucune modification enregistrée" in shown:
                raise StepFailed("device 2 shows no history\n" + shown)

        step("appareil 2 : l'historique du projet, en clair", history_on_device_two)
    except StepFailed as failed:
        print(f"ÉCHEC : {failed}", flush=True)
        return 1
    finally:
        total = time.monotonic() - started
        one.stop()
        two.stop()
        server.terminate()
        server.wait(timeout=10)
        print(f"total : {total:.1f} s ({len(steps)} étapes)")
        if keep:
            print(f"fichiers gardés dans {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--skip-i11a", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--skip-aid", action="store_true", help="sans l'étape de l'aide")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux est nécessaire (apt-get install tmux)", file=sys.stderr)
        return 2
    return run(args.records, args.skip_i11a, args.keep, args.skip_aid)


if __name__ == "__main__":
    sys.exit(main())
