"""Batch runs on Ray Data (``summarizer batch --ray``): the local runner's work, spread over actors.

Only the model work moves. The driver (this process) keeps everything ``batch.run_batch`` does:
the folder lock, the resume rules, reading the input and cutting it into groups
(``BatchRun.groups``), and writing every record through the same fsync'ed record files
(``BatchRun.write_group``). Each Ray Data actor loads the pipeline once and runs
``batch.translate_group`` (the function local runs call: the group together, each document
alone when that fails) on one group at a time; its results stream back to the driver, which
appends them as they come. So the guarantees are the local runner's:

* every id ends up exactly once in ``results.jsonl`` or ``errors.jsonl``: only the driver
  writes, each group is written once (a group Ray retries after a worker died comes back once),
  and a group that never comes back stops the run (resume redoes it);
* a resume skips every id already written, whether the earlier run was local or on Ray;
* the signature check refuses mixing: the expected signature is taken on a worker (same
  resources as the actors: a GPU worker signs ``cuda``), compared with the manifest on resume,
  and every result coming back must carry it.

Records are appended in the order groups finish (within a group, in input order), not in input
order. Ray is imported only here, and only when a run asks for it.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import pickle
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .batch import (
    DEFAULT_GROUP_CHARS,
    DEFAULT_GROUP_SIZE,
    FATAL,
    BatchProgress,
    BatchRun,
    BatchSummary,
    Group,
    run_batch,
    translate_group,
)
from .batch_resume import differences, expected_signature, norm
from .collection import Item
from .documents import Document
from .errors import (
    BatchError,
    ModelLoadError,
    OptionError,
    SummarizerError,
    TranslationError,
    option,
)
from .pipeline import Pipeline
from .result import Result
from .settings import RunOptions, Settings

__all__ = ["LOCAL", "RAY_MISSING", "RayGroups", "RayOptions", "run_batch_ray"]

log = logging.getLogger(__name__)

LOCAL = "local"  # a Ray instance started for the run, on this machine, loopback only
RAY_MISSING = (
    f"{option('ray')} needs Ray, which is not installed here: pip install -e '.[ray]' "
    "(or pip install 'ray[data]')."
)
_ADDRESS = re.compile(r"^(?:auto|local|(?:ray://)?[A-Za-z0-9_.\-]+:\d{1,5}|(?:ray://)?\[[0-9A-Fa-f:.]+\]:\d{1,5})$")
_WORKER_CLASS = "GroupWorker"
_ALIVE_EVERY_S = 2.0


@dataclass(frozen=True)
class RayOptions:
    """Where and how wide a Ray run goes.

    ``address``: ``local`` (a Ray instance started for this run, with this machine's CPUs,
    listening on loopback only, stopped at the end), ``auto`` (the cluster ``ray start``
    started on this machine, or ``$RAY_ADDRESS``), ``HOST:PORT`` or ``ray://HOST:PORT``.
    ``workers``: actors, each holding one pipeline (None: as many as the cluster's CPUs, and
    GPUs when asked for, allow).
    """

    address: str = LOCAL
    workers: int | None = None
    cpus_per_worker: float = 1.0
    gpus_per_worker: float = 0.0

    def __post_init__(self) -> None:
        if not _ADDRESS.match(self.address):
            raise OptionError(
                f"{option('ray')} {self.address}: not a Ray address; give auto, HOST:PORT or "
                f"ray://HOST:PORT, or {option('ray')} alone for a local Ray instance (put "
                f"{option('ray')} after INPUT)."
            )
        if self.workers is not None and self.workers < 1:
            raise OptionError(f"{option('workers')} must be at least 1, got {self.workers}.")
        if self.cpus_per_worker <= 0:
            raise OptionError(
                f"{option('cpus_per_worker')} must be positive, got {self.cpus_per_worker:g}."
            )
        if self.gpus_per_worker < 0:
            raise OptionError(
                f"{option('gpus_per_worker')} must not be negative, got {self.gpus_per_worker:g}."
            )


def import_ray() -> Any:
    """The ``ray`` module with Ray Data, or one clear line when it is not installed."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise OptionError(RAY_MISSING) from exc
    return ray


# ----------------------------------------------------------------------------------------------
# Errors cross the process boundary as (class, arguments): ModelLoadError keeps its template
# and role, so the CLI still names --mt-model/--sum-model.


def _portable(exc: SummarizerError) -> tuple[type[SummarizerError], tuple[Any, ...]]:
    if isinstance(exc, ModelLoadError):
        return type(exc), (exc.template, exc.role)
    return type(exc), tuple(exc.args)  # the message with its settings still marked


def _rebuild(cls: type[SummarizerError], args: tuple[Any, ...]) -> SummarizerError:
    try:
        return cls(*args)
    except Exception:  # a subclass with another constructor: keep the message
        return SummarizerError(str(args[0]) if args else cls.__name__)


def _probe(
    settings: Settings, options: RunOptions, task: str, load: Callable[[Settings], Pipeline]
) -> tuple[Any, ...]:
    """On a worker: load the pipeline as the actors will, and return the results' signature."""
    try:
        return ("ok", expected_signature(load(settings), options, task))
    except SummarizerError as exc:
        return ("fatal", *_portable(exc))


class GroupWorker:
    """A Ray Data actor: loads the pipeline once, then runs ``translate_group`` on each group.

    ``RayGroups`` makes a subclass per run that carries ``config`` (settings, options, task,
    loader), so nothing is passed through the constructor. A model that cannot be loaded, or a
    fatal error in a group, is returned to the driver as a reply, which stops the run.
    """

    config: tuple[Settings, RunOptions, str, Callable[[Settings], Pipeline]]

    def __init__(self) -> None:
        settings, self.options, self.task, load = self.config
        self.pipeline: Pipeline | None = None
        self.fatal: tuple[Any, ...] | None = None
        try:
            self.pipeline = load(settings)
        except SummarizerError as exc:
            self.fatal = ("fatal", *_portable(exc))
        self.name = f"pid {os.getpid()}"

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        replies = [pickle.dumps(self.group(pickle.loads(docs))) for docs in batch["docs"]]
        return {"group": batch["group"], "reply": replies}

    def group(self, docs: list[Document]) -> tuple[Any, ...]:
        if self.fatal is not None or self.pipeline is None:
            return self.fatal or ("fatal", SummarizerError, ("The worker has no pipeline.",))
        try:
            return ("ok", translate_group(self.pipeline, docs, self.options, self.task), self.name)
        except FATAL as exc:
            return ("fatal", *_portable(exc))
        except SummarizerError as exc:  # e.g. an internal TranslationError: stop, as locally
            return ("fatal", *_portable(exc))


def _is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class RayGroups:
    """``batch.RemoteGroups`` on Ray Data: connects (or starts Ray), takes the signature on a
    worker, runs the groups on an actor pool and hands each result to ``run.write_group``."""

    settings: Settings
    ray_options: RayOptions
    load: Callable[[Settings], Pipeline]
    workers: int = 0
    timings: dict[str, Any] = field(default_factory=dict)
    _ray: Any = None
    _started_here: bool = False
    _expected: dict[str, Any] | None = None
    _alive: tuple[float, int | None] = (0.0, None)

    # -- the cluster -------------------------------------------------------------------------

    def start(self) -> None:
        """``ray.init``: a local instance for the run, or join ``address``."""
        if self._ray is not None:
            return
        ray = import_ray()
        began = time.perf_counter()
        if not ray.is_initialized():
            address = self.ray_options.address
            kwargs: dict[str, Any] = {
                "log_to_driver": False,
                "logging_level": logging.ERROR,
            }
            if address == LOCAL:
                kwargs.update(
                    address=LOCAL,
                    num_cpus=os.cpu_count() or 1,
                    include_dashboard=False,
                    _node_ip_address="127.0.0.1",
                )
            else:
                kwargs["address"] = address
            try:
                with _keep_loopback(ray, self._on_loopback(ray)):
                    ray.init(**kwargs)
            except (ConnectionError, RuntimeError, ValueError, TimeoutError) as exc:
                where = "start a local Ray instance" if address == LOCAL else f"join {address}"
                first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
                raise SummarizerError(
                    f"{option('ray')}: cannot {where} ({first}). Check the address and that the cluster "
                    "is running (`ray status`); with token authentication, set "
                    "RAY_AUTH_MODE=token here too."
                ) from exc
            self._started_here = True
        _quiet_ray_data(ray)
        self._ray = ray
        self.timings["ray_init_s"] = round(time.perf_counter() - began, 3)
        self.workers = self.ray_options.workers or self._fitting_workers()
        try:
            self._check_fits()
        except OptionError:
            self.shutdown()
            raise

    def _on_loopback(self, ray: Any) -> bool:
        """Whether the cluster is on this machine's loopback (where Ray must not swap 127.0.0.1
        for the machine's network address, on which a loopback-only head does not listen)."""
        address = self.ray_options.address
        if address == LOCAL:
            return True
        if address == "auto":
            try:
                from ray._private.services import get_ray_address_from_environment

                address = get_ray_address_from_environment("auto", None) or ""
            except Exception:  # private API moved: connect as Ray would
                return False
        host = address.removeprefix("ray://").rsplit(":", 1)[0]
        return _is_loopback(host)

    def _fitting_workers(self) -> int:
        resources = self._ray.cluster_resources()
        fit = int(resources.get("CPU", 1) // self.ray_options.cpus_per_worker)
        if self.ray_options.gpus_per_worker > 0:
            fit = min(fit, int(resources.get("GPU", 0) // self.ray_options.gpus_per_worker))
        return max(1, fit)

    def _check_fits(self) -> None:
        """Refuse workers that the cluster cannot hold (Ray would wait for them for ever).

        A cluster that was joined may grow (an autoscaler adds nodes on demand): there a
        shortfall is only logged."""
        have = self._ray.cluster_resources()
        o = self.ray_options
        short = [
            f"{need:g} {name}s (have {have.get(name, 0):g})"
            for name, need in (
                ("CPU", self.workers * o.cpus_per_worker),
                ("GPU", self.workers * o.gpus_per_worker),
            )
            if need > have.get(name, 0) + 1e-9
        ]
        if not short:
            return
        message = (
            f"{self.workers} worker(s) need {' and '.join(short)} in the Ray cluster; "
            f"lower {option('workers')}, {option('cpus_per_worker')} or {option('gpus_per_worker')}."
        )
        if o.address == LOCAL:
            raise OptionError(message)
        log.warning("%s Waiting for the cluster to grow.", message)

    def shutdown(self) -> None:
        if self._ray is not None and self._started_here:
            self._ray.shutdown()
        self._ray = None

    # -- batch.RemoteGroups ------------------------------------------------------------------

    def signature(self, options: RunOptions, task: str) -> dict[str, Any]:
        self.start()
        ray = self._ray
        began = time.perf_counter()
        probe = ray.remote(
            num_cpus=self.ray_options.cpus_per_worker,
            num_gpus=self.ray_options.gpus_per_worker or None,
            max_retries=1,
            max_calls=1,  # its process exits after: no idle worker keeps a model in memory
        )(_probe)
        try:
            reply = ray.get(probe.remote(self.settings, options, task, self.load))
        except ray.exceptions.RayError as exc:
            raise _ray_failure(exc) from exc
        self.timings["probe_s"] = round(time.perf_counter() - began, 3)
        if reply[0] != "ok":
            raise _rebuild(*reply[1:])
        self._expected = reply[1]
        return reply[1]  # type: ignore[no-any-return]

    def describe(self) -> dict[str, Any]:
        """What the manifest records of this run; the manifest keeps this very dict, which
        ``process`` completes (``first_result_s``) before the manifest is rewritten."""
        self.timings = {
            "runner": "ray",
            "address": self.ray_options.address,
            "workers": self.workers,
            "cpus_per_worker": self.ray_options.cpus_per_worker,
            "gpus_per_worker": self.ray_options.gpus_per_worker,
            "ray": getattr(self._ray, "__version__", None),
            **self.timings,
        }
        return self.timings

    def process(self, run: BatchRun, items: Iterator[Item]) -> None:
        ray = self._ray
        pending: dict[int, Group] = {}
        rows: list[dict[str, Any]] = []
        for index, group in enumerate(run.groups(items)):
            docs = [doc for _, doc, _ in group if doc is not None]
            if not docs:  # nothing for the model: the input errors are written now
                run.write_group(group, [])
                continue
            pending[index] = group
            rows.append({"group": index, "docs": pickle.dumps(docs)})
        if not rows:
            return
        settings, task = self.settings, run.task
        worker = type(
            _WORKER_CLASS,
            (GroupWorker,),
            {"config": (settings, run.options, task, self.load), "__module__": __name__},
        )
        began = time.perf_counter()
        dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
            worker,
            batch_size=1,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=min(self.workers, len(rows))),
            num_cpus=self.ray_options.cpus_per_worker,
            num_gpus=self.ray_options.gpus_per_worker or None,
        )
        run.workers = self.alive()
        try:
            for batch in dataset.iter_batches(
                batch_size=None, batch_format="numpy", prefetch_batches=0
            ):
                for index, reply in zip(batch["group"], batch["reply"], strict=True):
                    done = pending.pop(int(index), None)
                    if done is None:  # never expected: a group comes back once
                        log.warning("group %d came back twice; the second copy is ignored", index)
                        continue
                    if "first_result_s" not in self.timings:
                        self.timings["first_result_s"] = round(time.perf_counter() - began, 3)
                    run.workers = self.alive()
                    run.write_group(done, self._outputs(pickle.loads(reply)))
        except ray.exceptions.RayError as exc:
            raise _ray_failure(exc) from exc
        if pending:
            raise TranslationError(
                f"Ray returned no results for {len(pending)} group(s); stopped. "
                f"Rerun with {option('resume')} to redo them."
            )

    def _outputs(self, reply: tuple[Any, ...]) -> list[Result | str]:
        if reply[0] != "ok":
            raise _rebuild(*reply[1:])
        outputs: list[Result | str] = reply[1]
        for output in outputs:
            if isinstance(output, Result) and norm(output.signature) != self._expected:
                changed = differences(self._expected, norm(output.signature), "signature.")
                raise BatchError(
                    f"a Ray worker ({reply[2]}) made outputs with another signature "
                    f"({'; '.join(changed[:4])}); every node needs the same models, engine and "
                    "package version. Nothing of that group was written."
                )
        return outputs

    def alive(self) -> int | None:
        """Worker actors alive now (None where Ray does not say), asked at most every 2 s."""
        checked, count = self._alive
        now = time.monotonic()
        if now - checked < _ALIVE_EVERY_S:
            return count
        try:
            from ray._private import state

            job = self._ray.get_runtime_context().get_job_id()
            actors = state.actors(
                job_id=self._ray.JobID.from_hex(job), actor_state_name="ALIVE"
            )
            count = sum(1 for a in actors.values() if _WORKER_CLASS in a["ActorClassName"])
        except Exception:  # a developer API: progress goes on without the count
            count = None
        self._alive = (now, count)
        return count


@contextmanager
def _keep_loopback(ray: Any, loopback: bool) -> Iterator[None]:
    """Ray replaces a 127.0.0.1 node address with the machine's network address (so that other
    nodes could reach it). A local instance for one run, or a head started with
    ``--node-ip-address 127.0.0.1``, must stay on loopback: Ray's own switch for that (what
    ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`` sets) is turned on while connecting."""
    constants = ray._private.ray_constants
    before = constants.ENABLE_RAY_CLUSTER
    if loopback:
        constants.ENABLE_RAY_CLUSTER = False
    try:
        yield
    finally:
        constants.ENABLE_RAY_CLUSTER = before


def _quiet_ray_data(ray: Any) -> None:
    """No Ray Data progress bars or per-dataset INFO lines: the CLI shows its own progress."""
    if logging.getLogger().getEffectiveLevel() > logging.INFO:  # not asked to be verbose
        logging.getLogger("ray.data").setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False


def _ray_failure(exc: BaseException) -> SummarizerError:
    first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return SummarizerError(
        f"Ray failed ({type(exc).__name__}: {first}); the records written so far are kept. "
        f"Rerun with {option('resume')} to continue."
    )


def run_batch_ray(
    input_path: str | Path,
    out: str | Path,
    settings: Settings,
    *,
    ray: RayOptions | None = None,
    options: RunOptions | None = None,
    task: str = "translate",
    resume: bool = False,
    retry_errors: bool = True,
    group_size: int = DEFAULT_GROUP_SIZE,
    group_chars: int = DEFAULT_GROUP_CHARS,
    load: Callable[[Settings], Pipeline] | None = None,
    progress: Callable[[BatchProgress], None] | None = None,
    spell: Callable[[str], str] = str,
) -> BatchSummary:
    """``batch.run_batch`` with the groups run by Ray Data actors (see the module docstring).

    ``load`` builds each worker's pipeline (default ``load_pipeline``); it must be importable
    by the workers (a module-level function). A Ray instance this call starts is stopped before
    it returns; a cluster it joined is left running.
    """
    ray_options = ray or RayOptions()
    if load is None:
        from .pipeline import load_pipeline

        load = load_pipeline
    import_ray()  # a missing Ray is one line before anything else happens
    groups = RayGroups(settings, ray_options, load)
    try:
        summary = run_batch(
            input_path,
            out,
            settings,
            options=options,
            task=task,
            resume=resume,
            retry_errors=retry_errors,
            group_size=group_size,
            group_chars=group_chars,
            progress=progress,
            spell=spell,
            remote=groups,
        )
    finally:
        groups.shutdown()
    summary.workers = groups.workers
    return summary
