"""AgentLedger's benchmark suite: builds synthetic repositories, times commits with and without
hooks (and against peer guards), each hook alone, pre-commit against the size of the ledger,
and each hook's peak memory; writes a Markdown report. Run it through bench/run.sh, which
builds the release binaries and owns the temporary folder.

Standard library only.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import fcntl
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import types
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Command, Samples, interleave, peak_memory_kb, percentile  # noqa: E402

SESSIONS = 10
COMMITTER = "s0"
HOOKS = ["pre-commit", "prepare-commit-msg", "commit-msg", "post-commit"]
AGENT_MAIL_NOTES_RATIO = 2.79  # shared/notes/performance-baseline.md, PyPI 0.1.0 at 20k files


@dataclass(frozen=True)
class Size:
    label: str
    files: int
    dirs: int
    claims: int

    @property
    def title(self) -> str:
        return f"{self.files:,} files in {self.dirs:,} folders, {self.claims:,} claims by {SESSIONS} sessions"


PRESETS = {
    "2k": Size("2k", 2_000, 20, 100),
    "5k": Size("5k", 5_000, 50, 250),
    "20k": Size("20k", 20_000, 200, 1_000),
    "100k": Size("100k", 100_000, 1_000, 10_000),
}

# enforced/bare commit ratio: (target, goal), per preset size.
COMMIT_TARGETS = {"20k": (1.30, 1.20), "100k": (1.20, 1.13)}
CLAIM_TARGET = (4.0, 2.0)  # ledger claim / git rev-parse, stated for 1,000 claims
SWEEP_TARGET = (1.5, 1.1)  # pre-commit at the most claims / at the fewest
MEMORY_TARGET_MB = (30.0, 15.0)


def parse_size(text: str) -> Size:
    if text in PRESETS:
        return PRESETS[text]
    parts = text.split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        files, dirs, claims = (int(p) for p in parts)
        if dirs > 0 and files >= dirs and claims >= SESSIONS:
            return Size(text, files, dirs, claims)
    raise argparse.ArgumentTypeError(
        f"unknown size {text!r}: use one of {', '.join(PRESETS)} or FILES/FOLDERS/CLAIMS"
    )


def log(message: str) -> None:
    stamp = datetime.datetime.now().strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", file=sys.stderr, flush=True)


def run(argv: list[str], cwd: str | Path | None = None, env: dict[str, str] | None = None,
        input: bytes | None = None) -> str:
    result = subprocess.run(
        argv, cwd=cwd, env=env, input=input,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    if result.returncode != 0:
        raise SystemExit(
            f"bench: `{' '.join(map(str, argv))}` failed ({result.returncode}) in {cwd}:\n"
            + result.stderr.decode(errors="replace")
        )
    return result.stdout.decode(errors="replace")


# ---------------------------------------------------------------------------------------------
# Synthetic repositories


def file_paths(size: Size) -> list[str]:
    per_dir = size.files // size.dirs
    return [f"mod{d:04d}/file{f:03d}.swift" for d in range(size.dirs) for f in range(per_dir)]


@dataclass
class ClaimPlan:
    """Which session claims what: a few directories, the rest single files spread over the
    other folders. The committer (s0) edits its first claimed file."""

    specs: dict[str, list[str]] = field(default_factory=dict)

    @property
    def own_file(self) -> str:
        return next(s for s in self.specs[COMMITTER] if not s.endswith("/"))

    def lines(self) -> list[tuple[str, str]]:
        return [(session, spec) for session, specs in self.specs.items() for spec in specs]

    @property
    def count(self) -> int:
        return sum(len(s) for s in self.specs.values())


def claim_plan(size: Size, claims: int) -> ClaimPlan:
    per_dir = size.files // size.dirs
    per_session = [claims // SESSIONS + (1 if k < claims % SESSIONS else 0) for k in range(SESSIONS)]
    dir_claims = 1 if min(per_session) >= 20 else 0
    reserved = SESSIONS * dir_claims
    if reserved >= size.dirs:
        raise SystemExit(f"bench: {size.label}: too few folders for {reserved} directory claims")
    available = [
        f"mod{d:04d}/file{f:03d}.swift" for d in range(size.dirs - reserved) for f in range(per_dir)
    ]
    file_claims = claims - reserved
    if file_claims > len(available):
        raise SystemExit(f"bench: {size.label}: {claims} claims need more files than {size.files}")
    plan = ClaimPlan({f"s{k}": [] for k in range(SESSIONS)})
    for k in range(SESSIONS):
        for j in range(dir_claims):
            plan.specs[f"s{k}"].append(f"mod{size.dirs - reserved + k * dir_claims + j:04d}/")
    for i in range(file_claims):
        plan.specs[f"s{i % SESSIONS}"].append(available[i * len(available) // file_claims])
    return plan


def build_base(path: Path, size: Size, env: dict[str, str]) -> None:
    """One commit of `size.files` small, distinct source files, written with git fast-import
    (one pack instead of a loose object per file), then checked out."""
    run(["git", "init", "-q", "-b", "main", str(path)], env=env)
    for key, value in [("gc.auto", "0"), ("maintenance.auto", "false")]:
        run(["git", "config", key, value], cwd=path, env=env)
    chunks: list[bytes] = []
    paths = file_paths(size)
    for i, p in enumerate(paths, start=1):
        body = (
            f"// {p}\n"
            f"struct Type{i} {{\n"
            f"  var value = {i}\n"
            f"  func describe() -> String {{ \"Type{i}(\\(value))\" }}\n"
            f"}}\n"
        ).encode()
        chunks.append(b"blob\nmark :%d\ndata %d\n%s\n" % (i, len(body), body))
    message = b"Synthetic repository for AgentLedger's benchmarks\n"
    chunks.append(
        b"commit refs/heads/main\n"
        b"author Bench <bench@example.invalid> 1700000000 +0000\n"
        b"committer Bench <bench@example.invalid> 1700000000 +0000\n"
        b"data %d\n%s\n" % (len(message), message)
    )
    chunks.extend(b"M 100644 :%d %s\n" % (i, p.encode()) for i, p in enumerate(paths, start=1))
    chunks.append(b"\n")
    run(["git", "fast-import", "--quiet"], cwd=path, env=env, input=b"".join(chunks))
    run(["git", "reset", "-q", "--hard", "main"], cwd=path, env=env)


def copy_repo(base: Path, dest: Path, env: dict[str, str]) -> None:
    """An identical copy (same files, same history); the index's stat data is refreshed once
    (the copy has new inodes) so the first measured command does not pay for it."""
    run(["cp", "-a", str(base), str(dest)])
    run(["git", "update-index", "-q", "--refresh"], cwd=dest, env=env)
    run(["git", "status", "--porcelain"], cwd=dest, env=env)


NAIVE_PRE_COMMIT = r"""#!/bin/sh
# Naive claim guard (the peer baseline): block a staged path that another session claimed in
# .git/naive-claims (one `session path` line per claim).
claims=.git/naive-claims
me=${LEDGER_SESSION-}
[ -f "$claims" ] || exit 0
staged=$(git diff --cached --name-only -z | tr '\0' '\n')
status=0
set -f
IFS='
'
for path in $staged; do
  if grep -e " $path\$" "$claims" | grep -q -v -e "^$me "; then
    echo "blocked: $path is claimed by another session" >&2
    status=1
  fi
done
exit $status
"""

NAIVE_PREPARE_COMMIT_MSG = r"""#!/bin/sh
# Naive guard: stamp the session as a trailer.
exec git interpret-trailers --in-place --trailer "Agent-Session: ${LEDGER_SESSION-unknown}" "$1"
"""

NAIVE_POST_COMMIT = r"""#!/bin/sh
# Naive guard: record the commit.
git rev-parse HEAD >> .git/naive-log
"""


def write_hook(repo: Path, name: str, text: str) -> Path:
    hook = repo / ".git" / "hooks" / name
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(text)
    hook.chmod(0o755)
    return hook


def wait_for_recorders(repo: Path) -> None:
    """Waits until AgentLedger's post-commit recorders, which append a commit to the audit log
    after git returns, are done (they hold a shared flock on .git/ledger/recording)."""
    path = repo / ".git" / "ledger" / "recording"
    if not path.exists():
        return
    with open(path, "rb") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        fcntl.flock(f, fcntl.LOCK_UN)


def install_noop(repo: Path) -> None:
    true = shutil.which("true") or "/bin/true"
    for name in HOOKS:
        dest = repo / ".git" / "hooks" / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(true, dest)


def write_naive_claims(repo: Path, plan: ClaimPlan) -> None:
    text = "".join(f"{session} {spec}\n" for session, spec in plan.lines())
    (repo / ".git" / "naive-claims").write_text(text)


def install_naive(repo: Path, plan: ClaimPlan) -> None:
    write_hook(repo, "pre-commit", NAIVE_PRE_COMMIT)
    write_hook(repo, "prepare-commit-msg", NAIVE_PREPARE_COMMIT_MSG)
    write_hook(repo, "post-commit", NAIVE_POST_COMMIT)
    write_naive_claims(repo, plan)


def install_ledger(repo: Path, plan: ClaimPlan, ledger: str, env: dict[str, str]) -> None:
    run([ledger, "install"], cwd=repo, env=env)
    for session, specs in plan.specs.items():
        for start in range(0, len(specs), 1000):
            run([ledger, "claim", "--session", session, "--note", "bench", *specs[start:start + 1000]],
                cwd=repo, env=env)
    count = len((repo / ".git" / "ledger" / "claims.jsonl").read_text().splitlines()) - 2
    if count != plan.count:
        raise SystemExit(f"bench: the ledger in {repo} has {count} claims, expected {plan.count}")


# ---------------------------------------------------------------------------------------------
# MCP Agent Mail's guard (PyPI release 0.1.0), rendered from the wheel's own guard.py


def agent_mail_script(wheel: Path) -> str:
    """The source of the release's guard.py (its `render_precommit_script` is compiled alone by
    `render_agent_mail`: the rest of the package needs its dependencies)."""
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read("mcp_agent_mail/guard.py").decode()
    return source


def agent_mail_python() -> str:
    """The interpreter for Agent Mail's `#!/usr/bin/env python3` hook: the system's python3 when
    there is one (what a plain machine's PATH finds), else the one running this script. A
    version manager's shim on PATH (pyenv) would add tens of ms that are not the guard's."""
    if os.access("/usr/bin/python3", os.X_OK):
        return "/usr/bin/python3"
    return os.path.realpath(sys.executable)


def render_agent_mail(source: str, archive_root: Path) -> str:
    tree = ast.parse(source)
    function = next(
        node for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name == "render_precommit_script"
    )
    module = ast.Module(body=[function], type_ignores=[])
    namespace: dict[str, object] = {}
    exec(compile(module, "mcp_agent_mail/guard.py", "exec"), namespace)
    script = namespace["render_precommit_script"](types.SimpleNamespace(root=archive_root))  # type: ignore[operator]
    lines = script.split("\n")
    if lines[0].startswith("#!"):
        lines[0] = f"#!{agent_mail_python()}"
    return "\n".join(lines)


def write_agent_mail_reservations(archive_root: Path, plan: ClaimPlan) -> None:
    """One JSON file per exclusive reservation, named and shaped as the release writes them."""
    folder = archive_root / "file_reservations"
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    expires = now + datetime.timedelta(days=1)
    for n, (session, spec) in enumerate(plan.lines(), start=1):
        pattern = spec + "**" if spec.endswith("/") else spec
        record = {
            "id": n,
            "project": "bench",
            "agent": session,
            "path_pattern": pattern,
            "exclusive": True,
            "reason": "bench",
            "created_ts": now.isoformat(),
            "expires_ts": expires.isoformat(),
        }
        digest = hashlib.sha1(pattern.encode()).hexdigest()
        (folder / f"{digest}.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")


# ---------------------------------------------------------------------------------------------
# Scenarios


@dataclass
class Row:
    name: str
    samples: Samples
    base: Samples | None = None
    floor: Samples | None = None
    memory_kb: int | None = None
    target: str = ""
    holds: str = ""
    note: str = ""


@dataclass
class SizeResult:
    size: Size
    rounds: int
    commit_rows: list[Row]
    hook_rows: list[Row]
    hook_rounds: int
    agent_mail: bool


@dataclass
class Check:
    what: str
    measured: str
    target: str
    holds: str


def verdict(value: float, target: float, goal: float) -> str:
    if value <= goal:
        return "yes (goal met)"
    if value <= target:
        return "yes (goal not met)"
    return "**no**"


class Suite:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(args.work).resolve()
        self.bin = Path(args.bin).resolve()
        self.ledger = str(self.bin / "ledger")
        self.hook = str(self.bin / "ledger-hook")
        self.quick = args.quick
        self.rounds = args.runs
        self.hook_rounds = args.runs * 2
        self.warmup = 1 if args.quick else 3
        self.checks: list[Check] = []
        self.agent_mail_source: str | None = None
        self.agent_mail_note = ""
        self.env = self.make_env()
        self.results: list[SizeResult] = []
        self.sweep_rows: list[Row] = []
        self.sweep_size: Size | None = None
        # The claims sweep runs at 20k files when that size is measured, else at the first.
        labels = [size.label for size in args.sizes]
        self.sweep_label = "20k" if "20k" in labels else labels[0]
        self.load_start = os.getloadavg()

    def make_env(self) -> dict[str, str]:
        """The environment of every measured command: no inherited git or session variables,
        no global or system git config, a fixed identity, and the committer's session."""
        env = {
            k: v for k, v in os.environ.items()
            if not k.startswith(("GIT_", "LEDGER_"))
            and k not in ("CLAUDE_CODE_SESSION_ID", "CODEX_THREAD_ID", "AGENT_NAME")
        }
        gitconfig = self.work / "gitconfig"
        gitconfig.write_text("[user]\n\tname = Bench\n\temail = bench@example.invalid\n")
        env.update({
            "GIT_CONFIG_GLOBAL": str(gitconfig),
            "GIT_CONFIG_NOSYSTEM": "1",
            "LEDGER_SESSION": COMMITTER,
            "AGENT_NAME": COMMITTER,
        })
        return env

    def load_agent_mail(self) -> None:
        wheel = self.args.agent_mail_wheel
        if not wheel:
            self.agent_mail_note = "not measured (no wheel: run without --no-agent-mail, with pip and network)"
            return
        try:
            source = agent_mail_script(Path(wheel))
            render_agent_mail(source, self.work / "probe")  # fails early if the layout changed
            self.agent_mail_source = source
        except Exception as error:  # noqa: BLE001 - any failure means "not measured"
            self.agent_mail_note = f"not measured ({type(error).__name__}: {error})"

    # -- one repository size ------------------------------------------------------------------

    def run_size(self, size: Size) -> None:
        root = self.work / size.label.replace("/", "-")
        root.mkdir()
        plan = claim_plan(size, size.claims)
        own = plan.own_file
        log(f"{size.label}: building the base repository ({size.files:,} files)")
        base = root / "base"
        build_base(base, size, self.env)

        variants: list[tuple[str, str, Path]] = []  # (key, label, repo)

        def add(key: str, label: str) -> Path:
            repo = root / key
            copy_repo(base, repo, self.env)
            variants.append((key, label, repo))
            return repo

        add("bare", "bare commit (no hooks)")
        install_noop(add("noop", "4 no-op hooks (/bin/true): the floor"))
        install_naive(add("naive", "naive shell guard (3 /bin/sh hooks)"), plan)
        agent_mail_hook: Path | None = None
        if self.agent_mail_source is not None:
            archive = root / "agent-mail-archive"
            write_agent_mail_reservations(archive, plan)
            repo = add("agentmail", "MCP Agent Mail 0.1.0 pre-commit guard")
            agent_mail_hook = write_hook(repo, "pre-commit", render_agent_mail(self.agent_mail_source, archive))
        log(f"{size.label}: claiming {plan.count:,} specs for {SESSIONS} sessions with `ledger claim`")
        ledger_repo = add("agentledger", "AgentLedger (4 hooks)")
        install_ledger(ledger_repo, plan, self.ledger, self.env)

        commands = []
        for key, label, repo in variants:
            path = repo / own

            def edit(path: Path = path) -> None:
                with open(path, "a") as f:
                    f.write("// edit\n")

            commands.append(Command(
                label,
                [edit, ["git", "add", own], ["git", "commit", "-q", "-m", "bench: edit one own file"]],
                str(repo), self.env,
                after=(lambda repo=repo: wait_for_recorders(repo)) if key == "agentledger" else None,
            ))
        log(f"{size.label}: timing commits, {self.warmup} warm-up + {self.rounds} rounds of {len(commands)} variants")
        samples = interleave(commands, self.rounds, self.warmup, progress=lambda m: log(f"{size.label}: commits {m}"))
        self.check_commits(variants, samples)
        bare = samples[variants[0][1]]
        floor = samples[variants[1][1]]
        commit_rows = [Row(label, samples[label], bare, floor) for _, label, _ in variants]
        self.commit_targets(size, commit_rows, agent_mail_hook is not None)

        # The hooks alone run in AgentLedger's repository after its commits: HEAD is one of the
        # committer's one-file commits (post-commit reads it), and the next edit is staged.
        write_naive_claims(ledger_repo, plan)
        with open(ledger_repo / own, "a") as f:
            f.write("// staged edit\n")
        run(["git", "add", own], cwd=ledger_repo, env=self.env)
        hook_rows = self.hooks_alone(size, ledger_repo, own, variants, agent_mail_hook)
        self.results.append(SizeResult(size, self.rounds, commit_rows, hook_rows, self.hook_rounds,
                                       agent_mail_hook is not None))
        if self.sweep_size is None and size.label == self.sweep_label:
            self.sweep(size, base, root)
        if not self.args.keep:
            shutil.rmtree(root)

    def check_commits(self, variants: list[tuple[str, str, Path]], samples: dict[str, Samples]) -> None:
        """Every variant made all its commits, and AgentLedger's carry the session trailer."""
        expected = self.warmup + self.rounds
        for key, label, repo in variants:
            count = int(run(["git", "rev-list", "--count", "HEAD"], cwd=repo, env=self.env)) - 1
            if count != expected:
                raise SystemExit(f"bench: {label} made {count} commits, expected {expected}")
        ledger_repo = next(repo for key, _, repo in variants if key == "agentledger")
        body = run(["git", "log", "-1", "--format=%B"], cwd=ledger_repo, env=self.env)
        if f"Agent-Session: {COMMITTER}" not in body:
            raise SystemExit(f"bench: AgentLedger's commit lacks its trailer:\n{body}")
        # Every commit was recorded, including those whose recording finished after git returned.
        events = run([self.ledger, "log", "--json"], cwd=ledger_repo, env=self.env).splitlines()
        recorded = sum(1 for line in events if json.loads(line).get("event") == "commit")
        if recorded != expected:
            raise SystemExit(f"bench: AgentLedger's audit log has {recorded} commits, expected {expected}")

    def commit_targets(self, size: Size, rows: list[Row], agent_mail: bool) -> None:
        by_label = {row.name: row for row in rows}
        ledger = by_label["AgentLedger (4 hooks)"]
        ratio = ledger.samples.ratio_to(ledger.base)  # type: ignore[arg-type]
        if size.label in COMMIT_TARGETS:
            target, goal = COMMIT_TARGETS[size.label]
            ledger.target = f"≤ {target:.2f} (goal {goal:.2f})"
            ledger.holds = verdict(ratio, target, goal)
            self.checks.append(Check(f"enforced/bare commit, {size.title}", f"{ratio:.2f}",
                                     ledger.target, ledger.holds))
        naive = by_label["naive shell guard (3 /bin/sh hooks)"]
        naive_ratio = naive.samples.ratio_to(naive.base)  # type: ignore[arg-type]
        holds = "yes" if ratio < naive_ratio else "**no**"
        self.checks.append(Check(f"faster than the naive shell guard, {size.label}",
                                 f"{ratio:.2f} vs {naive_ratio:.2f}", "AgentLedger < naive", holds))
        naive.note = f"AgentLedger {'faster' if ratio < naive_ratio else 'slower'}"
        if agent_mail:
            mail = by_label["MCP Agent Mail 0.1.0 pre-commit guard"]
            mail_ratio = mail.samples.ratio_to(mail.base)  # type: ignore[arg-type]
            holds = "yes" if ratio < mail_ratio else "**no**"
            self.checks.append(Check(f"faster than MCP Agent Mail's guard (measured), {size.label}",
                                     f"{ratio:.2f} vs {mail_ratio:.2f}", "AgentLedger < Agent Mail", holds))
        elif size.label == "20k":
            holds = "yes" if ratio < AGENT_MAIL_NOTES_RATIO else "**no**"
            self.checks.append(Check(
                "faster than MCP Agent Mail's guard, 20k (its 2.79× is from the notes, not this run)",
                f"{ratio:.2f} vs {AGENT_MAIL_NOTES_RATIO:.2f} (notes)", "AgentLedger < Agent Mail", holds))

    def hooks_alone(self, size: Size, repo: Path, own: str, variants: list[tuple[str, str, Path]],
                    agent_mail_hook: Path | None) -> list[Row]:
        env = dict(self.env)
        message = repo / ".git" / "COMMIT_EDITMSG"
        # Where the hooks keep a commit's note (see CommitAttempt.directory in LedgerCore).
        runtime = env.get("XDG_RUNTIME_DIR", "")
        if runtime.startswith("/") and Path(runtime).is_dir():
            run_dir = Path(runtime) / "agentledger"
        else:
            tmp = env.get("TMPDIR", "/tmp")
            run_dir = Path(tmp if tmp.startswith("/") else "/tmp") / f"agentledger-{os.getuid()}"
        # pre-commit leaves a note for the later hooks of "this commit" (named after the nearest
        # process whose executable is git: this harness, see run.sh); keep a copy and put it back
        # before each later hook, as in a commit.
        run([self.hook, "pre-commit"], cwd=repo, env=env)
        notes = sorted((run_dir / "attempts").glob(f"commit-*-{os.getpid()}-*.json"))
        if len(notes) != 1:
            raise SystemExit(f"bench: pre-commit left {len(notes)} notes in {run_dir}")
        note_path, note = notes[0], notes[0].read_bytes()

        def restore_note() -> None:
            if not note_path.exists():
                note_path.write_bytes(note)

        def prepare_setup() -> None:
            message.write_text("bench: edit one own file\n")
            restore_note()

        def commit_msg_setup() -> None:
            message.write_text(f"bench: edit one own file\n\nAgent-Session: {COMMITTER}\n")
            restore_note()

        def release_own() -> None:
            # Untimed: the committer gives its file up, so the timed claim takes it anew.
            # --force: the file has the staged edit pre-commit is timed against.
            run([self.ledger, "release", "--force", own], cwd=repo, env=env)

        prepare_env = dict(env, GIT_EDITOR=":")
        naive_hook = next(r for k, _, r in variants if k == "naive") / ".git" / "hooks" / "pre-commit"
        specs = [
            ("git rev-parse --git-common-dir", ["git", "rev-parse", "--git-common-dir"], env, None, False),
            ("git diff --cached --name-only -z (what pre-commit asks)",
             ["git", "diff", "--cached", "--name-only", "-z"], env, None, True),
            (f"ledger claim (1 file, {size.claims:,} claims held: written, fsynced, logged)",
             [self.ledger, "claim", own], env, release_own, True),
            (f"ledger claim (re-claim of a held file, {size.claims:,} claims: nothing to write)",
             [self.ledger, "claim", own], env, None, True),
            ("ledger-hook pre-commit", [self.hook, "pre-commit"], env, None, True),
            ("ledger-hook prepare-commit-msg", [self.hook, "prepare-commit-msg", ".git/COMMIT_EDITMSG", "message"],
             prepare_env, prepare_setup, True),
            ("ledger-hook commit-msg (editor case; -m skips it)", [self.hook, "commit-msg", ".git/COMMIT_EDITMSG"],
             env, commit_msg_setup, True),
            ("ledger-hook post-commit", [self.hook, "post-commit"], env, restore_note, True),
            ("naive guard pre-commit (peer)", [str(naive_hook)], env, None, True),
        ]
        if agent_mail_hook is not None:
            specs.append(("MCP Agent Mail pre-commit (peer)", [str(agent_mail_hook)], env, None, True))
        commands = [Command(name, [argv], str(repo), e, setup) for name, argv, e, setup, _ in specs]
        log(f"{size.label}: timing each hook alone, {self.warmup} warm-up + {self.hook_rounds} rounds")
        samples = interleave(commands, self.hook_rounds, self.warmup,
                             progress=lambda m: log(f"{size.label}: hooks alone {m}"))
        base = samples[specs[0][0]]
        rows = []
        for name, argv, e, setup, memory in specs:
            row = Row(name, samples[name], base)
            if memory:
                row.memory_kb = peak_memory_kb(argv, str(repo), e, runs=3, setup=setup)
            rows.append(row)
        # Targets: ledger claim vs git rev-parse; peak memory of AgentLedger's hooks.
        claim = rows[2]
        ratio = claim.samples.ratio_to(base)
        target, goal = CLAIM_TARGET
        claim.target = f"≤ {target:.0f} (goal {goal:.0f}) at 1,000 claims"
        claim.holds = verdict(ratio, target, goal)
        self.checks.append(Check(f"ledger claim / git rev-parse, {size.claims:,} claims", f"{ratio:.2f}",
                                 claim.target, claim.holds))
        target, goal = MEMORY_TARGET_MB
        worst = 0.0
        for row in rows[4:8]:
            mb = (row.memory_kb or 0) / 1024
            row.target = f"memory ≤ {target:.0f} MB (goal {goal:.0f})"
            row.holds = verdict(mb, target, goal)
            if row.name.startswith("ledger-hook"):
                worst = max(worst, mb)
        self.checks.append(Check(f"peak memory of any hook (with the git it runs), {size.label}", f"{worst:.1f} MB",
                                 f"≤ {target:.0f} MB (goal {goal:.0f})", verdict(worst, target, goal)))
        return rows

    def sweep(self, size: Size, base: Path, root: Path) -> None:
        counts = [10, 100, 1_000] if self.quick else [100, 1_000, 10_000]
        counts = [c for c in counts if c <= size.files // 2]
        if len(counts) < 2:
            return
        self.sweep_size = size
        commands = []
        for count in counts:
            plan = claim_plan(size, count)
            repo = root / f"sweep-{count}"
            copy_repo(base, repo, self.env)
            log(f"{size.label}: ledger with {count:,} claims for the pre-commit sweep")
            install_ledger(repo, plan, self.ledger, self.env)
            with open(repo / plan.own_file, "a") as f:
                f.write("// staged edit\n")
            run(["git", "add", plan.own_file], cwd=repo, env=self.env)
            env = dict(self.env)
            commands.append(Command(f"{count:,} claims", [[self.hook, "pre-commit"]], str(repo), env))
        log(f"{size.label}: timing pre-commit against the ledger's size, {self.hook_rounds} rounds")
        samples = interleave(commands, self.hook_rounds, self.warmup)
        base_samples = samples[commands[0].name]
        self.sweep_rows = [Row(c.name, samples[c.name], base_samples) for c in commands]
        last = self.sweep_rows[-1]
        ratio = last.samples.ratio_to(base_samples)
        target, goal = SWEEP_TARGET
        last.target = f"≤ {target} (goal {goal})"
        last.holds = verdict(ratio, target, goal)
        self.checks.append(Check(f"pre-commit {commands[-1].name} / {commands[0].name}, {size.label}",
                                 f"{ratio:.2f}", last.target, last.holds))
        for count in counts:
            shutil.rmtree(root / f"sweep-{count}")

    # -- report -------------------------------------------------------------------------------

    def machine(self) -> list[tuple[str, str]]:
        def first_line(argv: list[str]) -> str:
            try:
                out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
                return out.stdout.decode(errors="replace").strip().splitlines()[0]
            except (OSError, IndexError, subprocess.SubprocessError):
                return "unknown"

        def meminfo() -> str:
            try:
                for line in Path("/proc/meminfo").read_text().splitlines():
                    if line.startswith("MemTotal:"):
                        return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
            except OSError:
                pass
            return "unknown"

        def cpu() -> str:
            try:
                for line in Path("/proc/cpuinfo").read_text().splitlines():
                    if line.startswith("model name"):
                        return line.split(":", 1)[1].strip()
            except OSError:
                pass
            return platform.processor() or "unknown"

        def os_name() -> str:
            try:
                for line in Path("/etc/os-release").read_text().splitlines():
                    if line.startswith("PRETTY_NAME="):
                        return line.split("=", 1)[1].strip('"')
            except OSError:
                pass
            return platform.system()

        load_end = os.getloadavg()
        revision = first_line(["git", "-C", str(Path(__file__).resolve().parent), "describe",
                               "--always", "--dirty", "--abbrev=12"])
        return [
            ("CPU", f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu()}"),
            ("memory", meminfo()),
            ("OS / kernel", f"{os_name()} / Linux {platform.release()}"),
            ("git", first_line(["git", "--version"])),
            ("swift", first_line(["swift", "--version"])),
            ("python (harness)", platform.python_version()),
            ("AgentLedger revision", revision),
            ("load average (1 min) at start / end",
             f"{self.load_start[0]:.2f} / {load_end[0]:.2f} (above ~0.5 the machine was busy: read ratios, not times)"),
        ]

    def report(self, started: datetime.datetime) -> str:
        out: list[str] = []
        w = out.append
        w("# Benchmarks")
        w("")
        if self.quick:
            w("> **Smoke run (`--quick`): small repositories and few rounds, to show the script works "
              "end to end. These are not the project's numbers; the targets below are stated for the "
              "full sizes (20k and 100k files).**")
            w("")
        w("What AgentLedger's hooks cost per commit, measured by `bench/run.sh` (see the end of this "
          "file for the method). Ratios are from one run, commands interleaved round by round.")
        w("")
        w(f"- date: {started.strftime('%Y-%m-%d %H:%M UTC')}, took {self.elapsed(started)}")
        w(f"- command: `{self.args.command}`")
        for key, value in self.machine():
            w(f"- {key}: {value}")
        w(f"- repositories: {'; '.join(r.size.title for r in self.results)}")
        if not any(r.agent_mail for r in self.results):
            w(f"- MCP Agent Mail: {self.agent_mail_note}")
        w("")
        w("## Targets")
        w("")
        w("| target | measured | wanted | holds |")
        w("|---|---:|---|---|")
        for c in self.checks:
            w(f"| {c.what} | {c.measured} | {c.target} | {c.holds} |")
        w("")
        for result in self.results:
            size = result.size
            w(f"## {size.title}")
            w("")
            w(f"### A commit: edit one own file, `git add`, `git commit -q -m` ({result.rounds} rounds)")
            w("")
            w("| variant | median | p10–p90 | ratio to bare | per-round ratio p10–p90 | ratio to the floor "
              "| CPU | CPU ratio to bare | target | holds |")
            w("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
            for row in result.commit_rows:
                paired = row.samples.paired_ratios(row.base)  # type: ignore[arg-type]
                w(f"| {row.name} | {ms(row.samples.median)} | {ms(row.samples.p10)}–{ms(row.samples.p90)} "
                  f"| {row.samples.ratio_to(row.base):.2f} | {pct(paired, 10):.2f}–{pct(paired, 90):.2f} "  # type: ignore[arg-type]
                  f"| {row.samples.ratio_to(row.floor):.2f} "  # type: ignore[arg-type]
                  f"| {ms(row.samples.cpu_median)} | {row.samples.cpu_ratio_to(row.base):.2f} "  # type: ignore[arg-type]
                  f"| {row.target} | {row.holds or row.note} |")
            if not result.agent_mail and size.label == "20k":
                w(f"| MCP Agent Mail 0.1.0 pre-commit guard | — | — | {AGENT_MAIL_NOTES_RATIO:.2f} at 20k "
                  f"**from the notes, not this run** | — | — | — | — | | |")
            w("")
            w(f"### Each command alone, run as git runs the hooks ({result.hook_rounds} rounds)")
            w("")
            w("| command | median | p10–p90 | ratio to `git rev-parse` | CPU | peak memory | target | holds |")
            w("|---|---:|---:|---:|---:|---:|---|---|")
            for row in result.hook_rows:
                memory = f"{row.memory_kb / 1024:.1f} MB" if row.memory_kb else "—"
                w(f"| {row.name} | {ms(row.samples.median)} | {ms(row.samples.p10)}–{ms(row.samples.p90)} "
                  f"| {row.samples.ratio_to(row.base):.2f} | {ms(row.samples.cpu_median)} "  # type: ignore[arg-type]
                  f"| {memory} | {row.target} | {row.holds} |")
            w("")
        if self.sweep_rows and self.sweep_size is not None:
            w(f"## pre-commit against the number of claims ({self.sweep_size.files:,} files, "
              f"{self.hook_rounds} rounds)")
            w("")
            w("| claims in the ledger | median | p10–p90 | ratio to the fewest | CPU | CPU ratio | target | holds |")
            w("|---:|---:|---:|---:|---:|---:|---|---|")
            for row in self.sweep_rows:
                w(f"| {row.name} | {ms(row.samples.median)} | {ms(row.samples.p10)}–{ms(row.samples.p90)} "
                  f"| {row.samples.ratio_to(row.base):.2f} | {ms(row.samples.cpu_median)} "  # type: ignore[arg-type]
                  f"| {row.samples.cpu_ratio_to(row.base):.2f} | {row.target} | {row.holds} |")  # type: ignore[arg-type]
            w("")
        w(METHOD)
        return "\n".join(out)

    @staticmethod
    def elapsed(started: datetime.datetime) -> str:
        seconds = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()
        return f"{seconds / 60:.1f} min" if seconds >= 60 else f"{seconds:.0f} s"


def ms(ns: float) -> str:
    value = ns / 1e6
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"


def pct(values: list[float], p: float) -> float:
    return percentile(values, p)


METHOD = """## Method

- **Repositories.** One commit of small, distinct Swift-like files (`modNNNN/fileNNN.swift`,
  written with `git fast-import`, then checked out), copied with `cp -a` for each variant so every
  variant has the same files and history; each copy's index is refreshed once before timing.
  `gc.auto=0`; no global or system git config (`GIT_CONFIG_GLOBAL` is a file with only an
  identity).
- **Claims.** 10 sessions `s0`…`s9`; each holds one directory (when it has at least 20 claims)
  and single files spread over the other folders, taken with the built `ledger claim --session sN
  SPEC…`. The committer is `s0` (`LEDGER_SESSION`, `AGENT_NAME`) and edits its first claimed file.
  The naive guard reads the same claims as `session path` lines; MCP Agent Mail gets one
  exclusive reservation file per claim (`dir/**` for a directory), shaped and named as its
  release writes them, expiring in a day.
- **Variants.** bare (no hooks); four no-op hooks (copies of `/bin/true`: the floor every hook
  suite pays, git's fork+exec of each hook); the naive shell guard (pre-commit: `git diff
  --cached --name-only -z` and a grep of each staged path over the claims file, skipping the
  committer's own; prepare-commit-msg: `git interpret-trailers --in-place`; post-commit: append
  `git rev-parse HEAD` to a file); MCP Agent Mail 0.1.0's pre-commit guard, rendered by the
  release's own `render_precommit_script` (from `pip download --no-deps mcp-agent-mail==0.1.0`)
  and run by the system's `/usr/bin/python3` (its `#!/usr/bin/env python3` would find a version manager's
  shim first on some machines, pyenv's costing ≈60 ms more per start); AgentLedger (`ledger
  install`: pre-commit, prepare-commit-msg and post-commit start `ledger-hook` from their `#!` line;
  with `-m` git sets `GIT_EDITOR=:` and the `sh`
  commit-msg shim skips the Swift process; under `git commit` pre-commit's check runs in a
  second process beside git and prepare-commit-msg waits for its verdict, so the commit rows
  include it in full; post-commit hands the recording to a recorder that appends the commit
  event after git returns — the harness waits for it, untimed, before the next command, and
  checks that every commit was recorded; its CPU (≈5 ms) is not in the CPU column). "Each
  command alone" runs each hook outside a commit, where pre-commit decides in front and
  post-commit records in front: those rows are the whole work.
- **Timing.** `bench/measure.py`: warm-up rounds, then in each round every compared command runs
  once, in an order rotated from round to round; wall time by `time.perf_counter_ns` around
  the chain of processes (`subprocess.Popen` + `os.wait4`; the commit's file edit is timed too). Reported: median, p10–p90, the ratio of
  medians to the baseline measured in the same rounds, and for commits the p10–p90 of the
  per-round ratios. "Ratio to the floor" divides by the no-op hooks' median. CPU is the median
  user+system time of the measured processes and the hooks git ran (`wait4`'s rusage): less
  disturbed than wall time by other work on the machine, but blind to waiting (fsync, pipes).
- **Hooks alone.** `ledger-hook HOOK` with git's arguments, from the top of AgentLedger's
  repository after its timed commits (HEAD is one of the committer's one-file commits) with the
  committer's next edit staged, in the same rounds as `git rev-parse --git-common-dir`.
  pre-commit's note for the later hooks (named after the harness, which runs as an executable named `git`) is put back before each of
  them, as within one commit. `ledger claim` takes the committer's file anew (released,
  untimed, before each run: the ledger is rewritten in place, fsynced, and the event logged);
  the re-claim row claims it while it is held, which changes nothing and writes nothing (what
  the Claude Code post-edit hook does after every edit of a claimed file). Peak memory: the largest `%M` of GNU `/usr/bin/time` over
  three runs; `%M` is the largest resident set of the process and of the children it waited
  for, so a hook's figure includes the git it runs (compare the `git diff --cached` row: at
  100k files git's index alone is ≈25 MB).
- **Claims sweep.** pre-commit with the same staged edit in identical repositories whose ledgers
  hold different numbers of claims (same layout rule), interleaved.
- Benchmarks are not tests: nothing here asserts timings in `swift test`.

To reproduce from a clone: `bench/run.sh --out docs/BENCHMARKS.md` (it builds the release
binaries into `.build-bench`; needs swift, git, python3 and GNU time; `bench/run.sh --help`).
Run it on a quiet machine and quote ratios from one run, never absolute times across runs.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", required=True, help="folder with the release ledger and ledger-hook")
    parser.add_argument("--work", required=True, help="empty temporary folder for the repositories")
    parser.add_argument("--sizes", type=lambda s: [parse_size(x) for x in s.split(",") if x],
                        default=None)
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default=None)
    parser.add_argument("--agent-mail-wheel", default=None)
    parser.add_argument("--command", default="bench/run.sh")
    parser.add_argument("--keep", action="store_true", help="keep each size's repositories")
    args = parser.parse_args()
    if args.sizes is None:
        args.sizes = [PRESETS["2k"]] if args.quick else [PRESETS["5k"], PRESETS["20k"], PRESETS["100k"]]
    if args.runs is None:
        args.runs = 5 if args.quick else 30
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    started = datetime.datetime.now(datetime.timezone.utc)
    suite = Suite(args)
    suite.load_agent_mail()
    for size in args.sizes:
        suite.run_size(size)
    text = suite.report(started)
    if args.out:
        Path(args.out).write_text(text)
        log(f"wrote {args.out}")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
