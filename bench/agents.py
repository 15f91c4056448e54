"""Many agents in one checkout: N simulated agents, each its own session, each doing R rounds of
claim a file, edit it, `ledger commit -m` (and a plain-git variant: `git add FILE && git commit
-m` with the hooks installed), in ONE checkout of a synthetic repository; plus claim throughput
under 100 concurrent claimers. Reports wall time against the floor (the same number of commits
made one after another by one process without hooks), latencies, failures by cause, and checks
that nothing was lost or mixed up. Run it through bench/agents, which builds the binaries.

Standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import percentile  # noqa: E402
from suite import Size, build_base, copy_repo, log, parse_size, run, wait_for_recorders  # noqa: E402

TRAILER = "Agent-Session:"


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values),
    }


def cause(text: str, status: int) -> str:
    """A short name for why a command failed, from its standard error."""
    lowered = text.lower()
    if "index.lock" in lowered:
        return f"index.lock (exit {status})"
    if "claimed by" in lowered or "another session" in lowered or "held by" in lowered:
        return f"another session's file in the commit (exit {status})"
    if "ledger is locked" in lowered:
        return f"ledger lock timeout (exit {status})"
    if "cannot lock ref" in lowered:
        return f"HEAD ref lock (exit {status})"
    if "no changed paths" in lowered:
        return f"nothing to commit (exit {status})"
    first = text.strip().splitlines()[-1] if text.strip() else "no message"
    return f"exit {status}: {first[:90]}"


@dataclass
class Agent:
    index: int
    session: str
    files: list[str]  # one per round, its own
    spares: list[str]  # taken when a claim is refused
    rivals: dict[int, str]  # round -> a file another agent also wants that round


@dataclass
class Outcome:
    commits: int = 0
    commit_times: list[float] = field(default_factory=list)
    claim_times: list[float] = field(default_factory=list)
    refused_claims: int = 0
    failures: list[str] = field(default_factory=list)
    failure_text: list[str] = field(default_factory=list)
    owned: dict[str, str] = field(default_factory=dict)  # path -> session that committed it
    attempted: dict[str, str] = field(default_factory=dict)  # path -> session that edited it
    lock = threading.Lock()


@dataclass
class Scenario:
    name: str
    agents: int
    rounds: int
    wall: float
    outcome: Outcome
    floor: float
    checks: dict[str, object]

    @property
    def attempted(self) -> int:
        return self.agents * self.rounds


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(args.work).resolve()
        self.ledger = str(Path(args.bin).resolve() / "ledger")
        self.env = self.make_env()
        self.size: Size = args.size
        self.scenarios: list[Scenario] = []
        self.claim_rows: list[dict[str, object]] = []
        self.load_start = os.getloadavg()

    def make_env(self) -> dict[str, str]:
        env = {
            k: v for k, v in os.environ.items()
            if not k.startswith(("GIT_", "LEDGER_"))
            and k not in ("CLAUDE_CODE_SESSION_ID", "CODEX_THREAD_ID", "AGENT_NAME")
        }
        gitconfig = self.work / "gitconfig"
        gitconfig.write_text("[user]\n\tname = Bench\n\temail = bench@example.invalid\n")
        env.update({"GIT_CONFIG_GLOBAL": str(gitconfig), "GIT_CONFIG_NOSYSTEM": "1"})
        return env

    def session_env(self, session: str) -> dict[str, str]:
        env = dict(self.env)
        env["LEDGER_SESSION"] = session
        return env

    # -- plans ---------------------------------------------------------------------------------

    def plan(self, agents: int, rounds: int, seed: int) -> list[Agent]:
        """Each agent gets its own file per round and spares, spread over the folders; in about
        one round in four it first reaches for the file its neighbour takes that round, so one
        of the two is refused and picks a spare."""
        per_dir = self.size.files // self.size.dirs
        every = [f"mod{d:04d}/file{f:03d}.swift" for f in range(per_dir) for d in range(self.size.dirs)]
        need = agents * rounds * 2
        if need > len(every):
            raise SystemExit(f"bench: {agents} agents × {rounds} rounds need {need} files")
        rng = random.Random(seed)
        plans = []
        for i in range(agents):
            own = every[i * rounds:(i + 1) * rounds]
            spares = every[agents * rounds + i * rounds: agents * rounds + (i + 1) * rounds]
            plans.append(Agent(i, f"agent-{i:03d}", own, spares, {}))
        if agents > 1:
            for agent in plans:
                for r in range(rounds):
                    if rng.random() < 0.25:
                        agent.rivals[r] = plans[(agent.index + 1) % agents].files[r]
        return plans

    # -- one-checkout scenarios ----------------------------------------------------------------

    def fresh_repo(self, name: str) -> Path:
        repo = self.work / name
        copy_repo(self.base, repo, self.env)
        return repo

    def agent_loop(self, repo: Path, agent: Agent, rounds: int, plain_git: bool, start: threading.Event,
                   out: Outcome) -> None:
        env = self.session_env(agent.session)
        start.wait()
        spares = list(agent.spares)
        for r in range(rounds):
            wanted = [agent.rivals[r]] if r in agent.rivals else []
            wanted.append(agent.files[r])
            got = None
            while wanted or spares:
                path = wanted.pop(0) if wanted else spares.pop(0)
                began = time.perf_counter()
                result = subprocess.run([self.ledger, "claim", path], cwd=repo, env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
                took = time.perf_counter() - began
                with out.lock:
                    out.claim_times.append(took)
                if result.returncode == 0:
                    got = path
                    break
                if result.returncode == 1:
                    with out.lock:
                        out.refused_claims += 1
                    continue
                with out.lock:
                    out.failures.append("claim: " + cause(result.stderr.decode(errors="replace"),
                                                          result.returncode))
                break
            if got is None:
                continue
            with open(repo / got, "a") as f:
                f.write(f"// {agent.session} round {r}\n")
            with out.lock:
                out.attempted[got] = agent.session
            message = f"{agent.session} round {r}: edit {got}"
            began = time.perf_counter()
            if plain_git:
                result = subprocess.run(
                    ["sh", "-c", 'git add -- "$1" && git commit -q -m "$2"', "sh", got, message],
                    cwd=repo, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE)
            else:
                result = subprocess.run([self.ledger, "commit", "-q", "-m", message], cwd=repo, env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
            took = time.perf_counter() - began
            with out.lock:
                out.commit_times.append(took)
                if result.returncode == 0:
                    out.commits += 1
                    out.owned[got] = agent.session
                else:
                    text = result.stderr.decode(errors="replace")
                    out.failures.append("commit: " + cause(text, result.returncode))
                    if len(out.failure_text) < 3:
                        out.failure_text.append(text.strip()[-400:])

    def one_checkout(self, agents: int, rounds: int, plain_git: bool, floor: float) -> Scenario:
        name = f"{'git add + git commit' if plain_git else 'ledger commit'}, {agents} agents × {rounds} rounds"
        repo = self.fresh_repo(f"{'git' if plain_git else 'ledger'}-{agents}x{rounds}")
        run([self.ledger, "install"], cwd=repo, env=self.env)
        initial = run(["git", "rev-parse", "HEAD"], cwd=repo, env=self.env).strip()
        plans = self.plan(agents, rounds, seed=agents * 1000 + rounds)
        out = Outcome()
        start = threading.Event()
        threads = [threading.Thread(target=self.agent_loop, args=(repo, a, rounds, plain_git, start, out))
                   for a in plans]
        for t in threads:
            t.start()
        log(f"{name}: running")
        began = time.perf_counter()
        start.set()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
        wait_for_recorders(repo)
        checks = self.verify(repo, initial, out)
        scenario = Scenario(name, agents, rounds, wall, out, floor, checks)
        log(f"{name}: {out.commits}/{agents * rounds} commits in {wall:.1f} s "
            f"(floor {floor:.1f} s, ×{wall / floor:.2f}); failures {len(out.failures)}; checks {checks}")
        for text in out.failure_text:
            log(f"  failure: {text}")
        if not self.args.keep:
            shutil.rmtree(repo)
        return scenario

    def verify(self, repo: Path, initial: str, out: Outcome) -> dict[str, object]:
        """Counts what went wrong: commits lost, commits holding another session's file or a
        wrong trailer, commits missing from the ledger's log, what stayed staged, index.lock."""
        raw = run(["git", "log", "--format=%x01%H%x02%B%x02", "--name-only", f"{initial}..HEAD"],
                  cwd=repo, env=self.env)
        commits: dict[str, tuple[list[str], list[str]]] = {}
        for record in raw.split("\x01")[1:]:
            sha, body, names = record.split("\x02")
            trailers = [line.split(":", 1)[1].strip() for line in body.splitlines()
                        if line.startswith(TRAILER)]
            commits[sha] = (trailers, [n for n in names.split("\n") if n])
        foreign = 0
        landed_failed = 0
        committed_paths: set[str] = set()
        for sha, (trailers, paths) in commits.items():
            committed_paths.update(paths)
            if len(trailers) != 1 or any(out.attempted.get(p) != trailers[0] for p in paths):
                foreign += 1
            elif any(p not in out.owned for p in paths):
                landed_failed += 1  # its own session's, but the command said it failed
        lost = len(set(out.owned) - committed_paths) + max(0, out.commits - len(commits))
        events = run([self.ledger, "log", "--json"], cwd=repo, env=self.env).splitlines()
        logged = {json.loads(line).get("commit") for line in events
                  if line.strip() and json.loads(line).get("event") == "commit"}
        unlogged = len(set(commits) - logged)
        staged = [p for p in run(["git", "diff", "--cached", "--name-only"], cwd=repo,
                                 env=self.env).splitlines() if p]
        return {
            "history": len(commits),
            "lost": lost,
            "foreign": foreign,
            "landed though reported failed": landed_failed,
            "unlogged": unlogged,
            "staged left": len(staged),
            "index.lock left": (repo / ".git" / "index.lock").exists(),
        }

    def floor(self, commits: int) -> float:
        """The same number of commits, one after another, by one process, without hooks."""
        repo = self.fresh_repo(f"floor-{commits}")
        per_dir = self.size.files // self.size.dirs
        paths = [f"mod{d:04d}/file{f:03d}.swift" for f in range(per_dir) for d in range(self.size.dirs)]
        began = time.perf_counter()
        for k in range(commits):
            path = paths[k % len(paths)]
            with open(repo / path, "a") as f:
                f.write(f"// serial {k}\n")
            for argv in (["git", "add", "--", path], ["git", "commit", "-q", "-m", f"serial {k}"]):
                subprocess.run(argv, cwd=repo, env=self.env, check=True, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - began
        log(f"floor: {commits} serial bare commits in {wall:.1f} s ({wall / commits * 1000:.0f} ms each)")
        if not self.args.keep:
            shutil.rmtree(repo)
        return wall

    # -- claims alone --------------------------------------------------------------------------

    def claimers(self, count: int, held: int) -> None:
        """`count` sessions claim at once, with `held` claims already in the ledger: once on
        distinct files, once all on one path."""
        repo = self.fresh_repo(f"claims-{count}")
        run([self.ledger, "install"], cwd=repo, env=self.env)
        per_dir = self.size.files // self.size.dirs
        paths = [f"mod{d:04d}/file{f:03d}.swift" for f in range(per_dir) for d in range(self.size.dirs)]
        for s in range(10):
            chunk = paths[s:held:10]
            run([self.ledger, "claim", "--session", f"holder-{s}", *chunk], cwd=repo, env=self.env)
        free = paths[held:]
        for label, targets in (("distinct files", free[:count]), ("one path", [free[count]] * count)):
            results: list[tuple[int, float, float]] = [(0, 0.0, 0.0)] * count
            start = threading.Event()

            def claim(i: int, path: str) -> None:
                env = self.session_env(f"claimer-{i:03d}")
                start.wait()
                began = time.perf_counter()
                r = subprocess.run([self.ledger, "claim", path], cwd=repo, env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
                results[i] = (r.returncode, began, time.perf_counter())

            threads = [threading.Thread(target=claim, args=(i, p)) for i, p in enumerate(targets)]
            for t in threads:
                t.start()
            start.set()
            for t in threads:
                t.join()
            first = min(b for _, b, _ in results)
            last = max(e for _, _, e in results)
            waits = [e - b for _, b, e in results]
            codes: dict[int, int] = {}
            for code, _, _ in results:
                codes[code] = codes.get(code, 0) + 1
            row = {"what": f"{count} claimers at once, {label}, {held:,} claims held",
                   "claims/s": count / (last - first), "wall": last - first, **stats(waits),
                   "exits": codes}
            self.claim_rows.append(row)
            log(f"claims: {row}")
        if not self.args.keep:
            shutil.rmtree(repo)

    # -- report --------------------------------------------------------------------------------

    def report(self, started: datetime.datetime) -> str:
        out: list[str] = []
        w = out.append
        load_end = os.getloadavg()
        revision = subprocess.run(["git", "-C", str(Path(__file__).resolve().parent), "describe", "--always",
                                   "--dirty", "--abbrev=12"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL).stdout.decode().strip() or "unknown"
        w("## Many agents in one checkout")
        w("")
        w(f"- date: {started.strftime('%Y-%m-%d %H:%M UTC')}; command: `{self.args.command}`")
        w(f"- machine: {os.cpu_count()} cores, Linux {platform.release()}; load average (1 min) at start / end "
          f"{self.load_start[0]:.2f} / {load_end[0]:.2f}; AgentLedger {revision}")
        w(f"- repository: {self.size.files:,} files in {self.size.dirs:,} folders (one checkout per row)")
        w("")
        w("| agents × rounds | how agents commit | commits | wall | floor | wall ÷ floor | commits/s "
          "| commit p50 / p95 / p99 / max | claims/s | claim p50 / p99 / max | refused claims "
          "| failures by cause | lost / foreign / landed though failed / unlogged / left staged / index.lock |")
        w("|---|---|---:|---:|---:|---:|---:|---|---:|---|---:|---|---|")
        for s in self.scenarios:
            o = s.outcome
            c = stats(o.commit_times)
            k = stats(o.claim_times)
            causes: dict[str, int] = {}
            for f in o.failures:
                causes[f] = causes.get(f, 0) + 1
            failures = "; ".join(f"{n}× {f}" for f, n in sorted(causes.items(), key=lambda x: -x[1])) or "0"
            how = "`git add F && git commit -m`" if "git add" in s.name else "`ledger commit -m`"
            ch = s.checks
            w(f"| {s.agents} × {s.rounds} | {how} | {o.commits}/{s.attempted} | {s.wall:.1f} s | {s.floor:.1f} s "
              f"| {s.wall / s.floor:.2f} | {o.commits / s.wall:.1f} "
              f"| {ms(c['p50'])} / {ms(c['p95'])} / {ms(c['p99'])} / {ms(c['max'])} "
              f"| {len(o.claim_times) / s.wall:.1f} | {ms(k['p50'])} / {ms(k['p99'])} / {ms(k['max'])} "
              f"| {o.refused_claims} | {failures} "
              f"| {ch['lost']} / {ch['foreign']} / {ch['landed though reported failed']} / {ch['unlogged']} / {ch['staged left']} / "
              f"{'yes' if ch['index.lock left'] else 'no'} |")
        w("")
        if self.claim_rows:
            w("| claimers | claims/s | wall | wait p50 / p95 / p99 / max | exit codes |")
            w("|---|---:|---:|---|---|")
            for r in self.claim_rows:
                exits = ", ".join(f"{n}× exit {c}" for c, n in sorted(r["exits"].items()))  # type: ignore[union-attr]
                w(f"| {r['what']} | {r['claims/s']:.0f} | {r['wall']:.2f} s "
                  f"| {ms(r['p50'])} / {ms(r['p95'])} / {ms(r['p99'])} / {ms(r['max'])} | {exits} |")  # type: ignore[arg-type]
            w("")
        w("Floor: the same number of commits (edit, `git add`, `git commit -q -m`) made one after "
          "another by one process in a copy without hooks. Each agent is a thread of the harness "
          "running real processes (`ledger claim`, then `ledger commit -q -m` or `git add` + `git "
          "commit -q -m` with the hooks installed) under its own `LEDGER_SESSION`; in about one "
          "round in four an agent first reaches for the file its neighbour takes that round, and "
          "whichever is second is refused (exit 1) and takes a spare. Latencies are per command, "
          "from start to exit. After each run: lost = committed (exit 0) but not in history; "
          "foreign = commits holding a file another session edited, or whose "
          "`Agent-Session:` trailer is not exactly one; landed though failed = a commit of the "
          "session's own file whose command exited non-zero; unlogged = in history, not in "
          "`ledger log`.")
        return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--agents", default="10,30,100", help="comma-separated agent counts")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", type=parse_size, default=parse_size("20k"))
    parser.add_argument("--no-plain-git", action="store_true")
    parser.add_argument("--claimers", type=int, default=100, help="0 to skip the claims rows")
    parser.add_argument("--held", type=int, default=1000)
    parser.add_argument("--out", default=None)
    parser.add_argument("--command", default="bench/agents")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    counts = [int(x) for x in args.agents.split(",") if x]
    started = datetime.datetime.now(datetime.timezone.utc)
    bench = Bench(args)
    bench.base = bench.work / "base"  # type: ignore[attr-defined]
    log(f"building the base repository ({args.size.files:,} files)")
    build_base(bench.base, args.size, bench.env)  # type: ignore[attr-defined]
    if args.claimers:
        bench.claimers(args.claimers, args.held)
    for n in counts:
        floor = bench.floor(n * args.rounds)
        bench.scenarios.append(bench.one_checkout(n, args.rounds, False, floor))
        if not args.no_plain_git:
            bench.scenarios.append(bench.one_checkout(n, args.rounds, True, floor))
    text = bench.report(started)
    if args.out:
        Path(args.out).write_text(text)
        log(f"wrote {args.out}")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
