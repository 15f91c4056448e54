"""Interleaved timing of commands that are compared with each other (standard library only).

The machine this project runs on is shared and noisy, so commands are never timed in separate
batches: every round runs each compared command once, in an order that rotates from round to
round (A B C, B C A, C A B, …), and what is reported is the median of each command, its
p10–p90 spread, and ratios of medians measured in the same rounds. A per-round ratio (each
round's time over the baseline's time in that same round) gives the spread of a ratio.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
import typing
from typing import Callable, Sequence, Union

# A step is a command line (run with the command's cwd and environment; it must exit 0) or a
# Python callable (a file edit, timed as part of the chain).
Step = Union[Sequence[str], Callable[[], None]]


class CommandFailed(RuntimeError):
    pass


@dataclass
class Command:
    """One thing to time: a chain of steps, timed as a whole, after an untimed `setup`."""

    name: str
    steps: list[Step]
    cwd: str
    env: dict[str, str]
    setup: Callable[[], None] | None = None
    # Untimed, after the steps: waits for work a command leaves running in the background, so
    # it does not slow the next command measured.
    after: Callable[[], None] | None = None
    _errors: typing.IO[bytes] | None = field(default=None, repr=False)

    def run_once(self) -> tuple[int, int]:
        """Runs the setup (untimed), then the steps; returns the steps' wall time and the CPU
        time (user + system) of the processes they ran, with their waited-for descendants
        (git's hooks), both in ns."""
        if self.setup is not None:
            self.setup()
        if self._errors is None:
            self._errors = tempfile.TemporaryFile()
        errors = self._errors
        errors.seek(0)
        errors.truncate()
        cpu = 0
        start = time.perf_counter_ns()
        for step in self.steps:
            if callable(step):
                step()
                continue
            child = subprocess.Popen(
                list(step),
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
            )
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
            cpu += int((usage.ru_utime + usage.ru_stime) * 1e9)
            if child.returncode != 0:
                errors.seek(0)
                raise CommandFailed(
                    f"{self.name}: `{' '.join(step)}` exited {child.returncode} in {self.cwd}:\n"
                    + errors.read().decode(errors="replace")
                )
        elapsed = time.perf_counter_ns() - start
        if self.after is not None:
            self.after()
        return elapsed, cpu


@dataclass
class Samples:
    """The wall times of one command, in ns, one per round (index = round)."""

    name: str
    times: list[int] = field(default_factory=list)
    cpu: list[int] = field(default_factory=list)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p10(self) -> float:
        return percentile(self.times, 10)

    @property
    def p90(self) -> float:
        return percentile(self.times, 90)

    def ratio_to(self, base: "Samples") -> float:
        """The ratio of medians."""
        return self.median / base.median

    def cpu_ratio_to(self, base: "Samples") -> float:
        """The ratio of median CPU times."""
        return self.cpu_median / base.cpu_median

    def paired_ratios(self, base: "Samples") -> list[float]:
        """This command's time over the baseline's, round by round."""
        return [a / b for a, b in zip(self.times, base.times)]


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile with linear interpolation between the closest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    if len(ordered) == 1:
        return float(ordered[0])
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def interleave(
    commands: list[Command],
    rounds: int,
    warmup: int = 2,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Samples]:
    """Runs `warmup` untimed rounds, then `rounds` timed rounds; in round r the commands run in
    the order rotated by r, so none is always first (cold) or always after the same neighbour."""
    for r in range(warmup):
        for command in _rotated(commands, r):
            command.run_once()
    samples = {command.name: Samples(command.name) for command in commands}
    for r in range(rounds):
        for command in _rotated(commands, r):
            wall, cpu = command.run_once()
            samples[command.name].times.append(wall)
            samples[command.name].cpu.append(cpu)
        if progress is not None and (r + 1) % 10 == 0:
            progress(f"round {r + 1}/{rounds}")
    return samples


def _rotated(items: list[Command], r: int) -> list[Command]:
    k = r % len(items)
    return items[k:] + items[:k]


def peak_memory_kb(argv: Sequence[str], cwd: str, env: dict[str, str], runs: int = 3,
                   setup: Callable[[], None] | None = None, time_binary: str = "/usr/bin/time") -> int:
    """The largest maximum resident set size (kB, GNU time's %M) over `runs` runs of argv."""
    peak = 0
    for _ in range(runs):
        if setup is not None:
            setup()
        result = subprocess.run(
            [time_binary, "-f", "%M", "--", *argv],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        lines = result.stderr.decode(errors="replace").strip().splitlines()
        if result.returncode != 0 or not lines or not lines[-1].strip().isdigit():
            raise CommandFailed(
                f"`{' '.join(argv)}` under {time_binary} exited {result.returncode}:\n"
                + "\n".join(lines)
            )
        peak = max(peak, int(lines[-1]))
    return peak
