"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temporary folder.

It listens on a Unix socket in that folder only (no TCP port to collide with anything), with
fsync off (nothing here must survive a crash), and is stopped and deleted at the end. As root the
server runs as the `postgres` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = (
    "install PostgreSQL's server binaries (Debian/Ubuntu: sudo apt-get install postgresql; "
    "macOS: brew install postgresql@15), or point STUDYBOT_PG_BIN at the folder holding initdb and pg_ctl"
)


class ClusterUnavailable(Exception):
    """The cluster could not be found or started; the message says why and what to do."""


def find_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first; None if there is none."""
    wanted = os.environ.get("STUDYBOT_PG_BIN")
    if wanted:  # only there: a wrong folder must not silently fall back to another server
        ok = (Path(wanted) / "initdb").exists() and (Path(wanted) / "pg_ctl").exists()
        return Path(wanted) if ok else None
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    candidates += sorted(glob.glob("/opt/homebrew/opt/postgresql@*/bin"), reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(str(Path(found).resolve().parent))
    for folder in candidates:
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _version(folder: str) -> int:
    name = Path(folder).parent.name
    return int(name) if name.isdigit() else 0


class Cluster:
    """A started cluster. `url(schema)` connects to its `studybot` database."""

    def __init__(self, bin_dir: Path, password: str | None = None) -> None:
        self.bin_dir = bin_dir
        self.password = password  # None: no password asked (trust)
        self.root = Path(tempfile.mkdtemp(prefix="studybot-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.port = 5432
        self.database = "studybot"
        self._owner: pwd.struct_passwd | None = None

    def start(self) -> None:
        if os.geteuid() == 0:
            try:
                self._owner = pwd.getpwnam("postgres")
            except KeyError:
                raise ClusterUnavailable(
                    "running as root, and there is no 'postgres' user to run the test server as "
                    "(PostgreSQL refuses root): create one (useradd postgres) or run the tests as a user"
                ) from None
            os.chown(self.root, self._owner.pw_uid, self._owner.pw_gid)
        auth = ["--auth=trust"]
        if self.password is not None:
            secret = self.root / "pwfile"
            secret.write_text(self.password)
            if self._owner is not None:
                os.chown(secret, self._owner.pw_uid, self._owner.pw_gid)
            auth = ["--auth=scram-sha-256", f"--pwfile={secret}"]
        self._run("initdb", "-D", str(self.data), "-U", "postgres", *auth, "--no-sync",
                  "--locale=C", "--encoding=UTF8")  # fmt: skip
        self.start_server()
        self.psql(f"CREATE DATABASE {self.database}", database="postgres")

    def stop_server(self) -> None:
        """Stop the server, keeping its data (to start it again)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def start_server(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-o", self._options(), "-l", str(self.root / "log"),
                  "-w", "start")  # fmt: skip

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(ClusterUnavailable):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def _options(self) -> str:
        return (
            f"-k {self.socket_dir} -p {self.port} -c listen_addresses='' -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )

    def url(self, database: str | None = None, password: str | None = None, **settings: str) -> str:
        query = f"host={self.socket_dir}&port={self.port}"
        query += "".join(f"&{k}={v}" for k, v in settings.items())
        secret = password if password is not None else self.password
        login = "postgres" if secret is None else f"postgres:{secret}"
        return f"postgresql://{login}@/{database or self.database}?{query}"

    def psql(self, sql: str, database: str | None = None) -> str:
        return self._run(
            "psql", "-h", str(self.socket_dir), "-p", str(self.port), "-U", "postgres", "-X", "-q",
            "-At", "-v", "ON_ERROR_STOP=1", "-d", database or self.database, "-c", sql,
        )  # fmt: skip

    def _run(self, tool: str, *args: str) -> str:
        command = [str(self.bin_dir / tool), *args]
        if self.password is not None:
            command = ["env", f"PGPASSWORD={self.password}", *command]
        if self._owner is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.root)
        if done.returncode != 0:
            log = self.root / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterUnavailable(
                f"{tool} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}\n{tail}"
            )
        return done.stdout
