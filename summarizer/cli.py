"""The ``summarizer`` console script: a thin click layer over the library API.

Every ``SummarizerError`` becomes one ``error: …`` line on stderr and its exit code (1 for bad
input or models, 2 for bad options); no traceback reaches the user.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Any

import click

from .documents import (
    Document,
    check_size,
    looks_like_url,
    read_document,
    read_path,
    read_url,
)
from .errors import OptionError
from .files import write_atomic
from .options import (
    ErrorGroup,
    cli_option,
    input_options,
    quiet_libraries,
    run_options_from,
    settings_from,
    summary_options,
)
from .result import Result
from .settings import Settings
from .version import __version__

FORMATS = ("text", "markdown", "json")


@click.group(cls=ErrorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summarizer")
@click.option("-v", "--verbose", is_flag=True, help="Log what the pipeline does.")
def main(verbose: bool) -> None:
    """Translate Indonesian news articles into English and summarise them in bullets."""
    quiet_libraries(verbose)


def output_options(f: Any) -> Any:
    """--format and -o of the commands that print one result."""
    f = click.option(
        "-o", "--output", "out", default=None, help="Write to this file instead of stdout."
    )(f)
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True
    )(f)


def read_input(path: str, settings: Settings, allow_private_urls: bool = False) -> Document:
    """A file path, an http(s) link, or ``-`` for standard input (read as bytes, same checks)."""
    if path == "-":
        limit = settings.max_input_bytes
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:  # count the rest without keeping it, to state the real size
            size = len(data) + sum(map(len, iter(lambda: sys.stdin.buffer.read(1 << 20), b"")))
            check_size(size, limit, "<stdin>", "input")
        return read_document(data, name="<stdin>", max_bytes=limit)
    if looks_like_url(path):
        return read_url(
            path, max_bytes=settings.max_input_bytes, allow_private=allow_private_urls
        )
    return read_path(path, max_bytes=settings.max_input_bytes)


def url_option(f: Any) -> Any:
    """--allow-private-urls of the commands that read one article."""
    return click.option(
        "--allow-private-urls",
        is_flag=True,
        default=False,
        help="Also read links to private, loopback and link-local addresses (refused by "
        "default: a link must not reach into the local network).",
    )(f)


def render(result: Result, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return result.to_markdown()
    return result.to_text()


def write_output(text: str, out: str | None) -> None:
    """Print, or write the whole file atomically so a crash never leaves half an output."""
    if out is None or out == "-":
        click.echo(text, nl=False)
        return
    target = Path(out)
    if target.is_dir():
        raise OptionError(f"-o {out}: is a folder; give a file name.")
    write_atomic(target, text.encode("utf-8"), make_parents=True)  # OutputError: one line


def progress_bar(total_label: str) -> Any:
    """A tqdm callback for (done, total) when stderr is a terminal, else None."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, unit=total_label, file=sys.stderr, leave=False)
        b = bar["bar"]
        b.update(done - b.n)
        if done >= total:
            b.close()

    return update


def report_notes(result: Result) -> None:
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.dropped:
        click.echo(f"note: removed {len(result.dropped)} boilerplate line(s):", err=True)
        for line in result.dropped:
            click.echo(f"  - {line}", err=True)


def process(path: str, options: dict[str, Any], *, summarise: bool) -> Result:
    """The body shared by translate/run/summarize: read, translate (and summarise), report."""
    from .pipeline import load_pipeline

    settings = settings_from(**options)
    run_options = run_options_from(**options)
    document = read_input(path, settings, bool(options.get("allow_private_urls")))
    pipeline = load_pipeline(settings)
    if summarise and run_options.mode == "abstractive":
        # Load (or download) the summary model before translating: a missing one is one
        # error line now, not after the whole article was translated for nothing.
        _ = pipeline.summary_engine
    step = pipeline.run if summarise else pipeline.translate
    result = step(document, run_options, progress=progress_bar("sent"))
    report_notes(result)
    return result


@main.command()
@click.argument("path")
@input_options
@url_option
@output_options
def translate(path: str, fmt: str, out: str | None, **options: Any) -> None:
    """Translate the article in PATH (a file, an http(s) link, or - for stdin) into English."""
    write_output(render(process(path, options, summarise=False), fmt), out)


@main.command()
@click.argument("path")
@input_options
@url_option
@summary_options
@output_options
def run(path: str, fmt: str, out: str | None, **options: Any) -> None:
    """Translate the article in PATH (a file, a link, or - for stdin) and summarise it in bullets."""
    write_output(render(process(path, options, summarise=True), fmt), out)


@main.command()
@click.argument("path")
@input_options
@url_option
@summary_options
@output_options
def summarize(path: str, fmt: str, out: str | None, **options: Any) -> None:
    """Print only the English bullets for the article in PATH (a file, a link, or - for stdin)."""
    write_output(render_bullets(process(path, options, summarise=True), fmt), out)


def render_bullets(result: Result, fmt: str) -> str:
    """Bullets only: lines for text and Markdown, an object for JSON."""
    if fmt == "json":
        data = result.to_dict()
        keep = (
            "name",
            "title",
            "bullets",
            "bullets_note",
            "summary",
            "warnings",
            "signature",
            "timings",
        )
        return json.dumps({k: data[k] for k in keep}, ensure_ascii=False, indent=2) + "\n"
    lines = result.bullet_lines("⚠ *check: {}*" if fmt == "markdown" else "[check: {}]")
    return "\n".join(lines) + "\n" if lines else ""


@main.group(cls=ErrorGroup)
def models() -> None:
    """Download models for offline use, or list the ones available locally."""


@models.command("download")
@click.option(
    "--to",
    "to",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Save plain model folders here instead of the Hugging Face cache.",
)
@click.option("--mt-model", default=None, help="Translation model to fetch [default: the default].")
@click.option("--sum-model", default=None, help="Summary model to fetch [default: the default].")
def models_download(to: Path | None, mt_model: str | None, sum_model: str | None) -> None:
    """Fetch the translation and summary models once, while online."""
    from .models import download

    settings = Settings.from_env(mt_model=mt_model, sum_model=sum_model)
    for name, role in ((settings.mt_model, "translation"), (settings.sum_model, "summary")):
        for path in download([name], to, role=role):
            click.echo(path)


@models.command("list")
@click.option(
    "--dir",
    "dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Also look for model folders here (repeatable).",
)
def models_list(dirs: tuple[Path, ...]) -> None:
    """Show which models load without a network."""
    from .models import is_available, list_local

    settings = Settings.from_env()
    for role, name in (("translation", settings.mt_model), ("summary", settings.sum_model)):
        state = "available" if is_available(name) else "MISSING (run `summarizer models download`)"
        click.echo(f"{role:12} {name}: {state}")
    found = list_local(list(dirs))
    if found:
        click.echo("\nlocal models:")
        for m in found:
            click.echo(f"  {m.name:45} {m.size_mb:9.1f} MB  {m.where}")
    else:
        click.echo("\nno models in the local Hugging Face cache.")


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Output folder: results.jsonl, errors.jsonl, manifest.json.",
)
@click.option(
    "--task",
    type=click.Choice(["translate", "run"]),
    default="translate",
    show_default=True,
    help="translate, or run = translate and summarise in bullets.",
)
@click.option("--resume", is_flag=True, help="Continue the run in --out, skipping finished ids.")
@click.option(
    "--retry-errors/--keep-errors",
    default=True,
    show_default=True,
    help="On --resume, retry the documents in errors.jsonl, or keep their error records.",
)
@click.option(
    "--group-size",
    type=click.IntRange(1, 10_000),
    default=32,
    show_default=True,
    help="Documents translated together (their sentences share model batches).",
)
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[ADDRESS]",
    help="Run the groups on Ray Data actors: --ray alone starts a local Ray instance for the "
    "run (this machine's CPUs, loopback only); --ray auto joins the cluster `ray start` "
    "started (or $RAY_ADDRESS); --ray HOST:PORT or ray://HOST:PORT joins that one. Put it "
    "after INPUT. Needs pip install -e '.[ray]'.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 100_000),
    default=None,
    help="With --ray: worker actors, each loading the pipeline once [default: as many as the "
    "cluster's CPUs (and GPUs) allow].",
)
@click.option(
    "--cpus-per-worker",
    type=click.FloatRange(0, min_open=True),
    default=None,
    help="With --ray: CPUs each worker reserves [default 1].",
)
@click.option(
    "--gpus-per-worker",
    type=click.FloatRange(0),
    default=None,
    help="With --ray: GPUs each worker reserves (1 on GPU nodes; --device auto then picks "
    "CUDA) [default 0].",
)
@input_options
@summary_options
def batch(
    input_path: Path,
    out: Path,
    task: str,
    resume: bool,
    retry_errors: bool,
    group_size: int,
    ray_address: str | None,
    workers: int | None,
    cpus_per_worker: float | None,
    gpus_per_worker: float | None,
    **options: Any,
) -> None:
    """Translate a collection: a folder of .txt/.md files, a .jsonl or a .csv file (id, text).

    Resumable: every document ends up exactly once in OUT/results.jsonl or OUT/errors.jsonl.
    Exit status 0 when every document succeeded, 1 when some failed, 2 for usage errors.
    """
    from .batch import run_batch

    if task != "run":
        given = [
            f"--{k.replace('_', '-')}"
            for k in ("mode", "bullets", "sum_model")
            if options[k] is not None
        ]
        if given:
            verb = "applies" if len(given) == 1 else "apply"
            raise OptionError(f"{', '.join(given)} only {verb} to --task run.")
    ray_given = {"--workers": workers, "--cpus-per-worker": cpus_per_worker,
                 "--gpus-per-worker": gpus_per_worker}  # fmt: skip
    if ray_address is None and any(v is not None for v in ray_given.values()):
        given = [k for k, v in ray_given.items() if v is not None]
        raise OptionError(f"{', '.join(given)} only {'applies' if len(given) == 1 else 'apply'} "
                          "to --ray.")  # fmt: skip
    settings = settings_from(**options)
    run_options = run_options_from(**options)
    previous = stop_on_sigterm()
    bar = BatchBar()
    try:
        common: dict[str, Any] = {
            "options": run_options,
            "task": task,
            "resume": resume,
            "retry_errors": retry_errors,
            "group_size": group_size,
            "progress": bar.update,
            "spell": cli_option,
        }
        if ray_address is None:
            summary = run_batch(input_path, out, settings, **common)
        else:
            from .batch_ray import RayOptions, run_batch_ray

            ray = RayOptions(ray_address, workers, cpus_per_worker or 1.0, gpus_per_worker or 0.0)
            summary = run_batch_ray(input_path, out, settings, ray=ray, **common)
    finally:
        bar.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if summary.recovered_bytes:
        click.echo(
            f"note: removed a torn last record ({summary.recovered_bytes} bytes); "
            "that document was redone.",
            err=True,
        )
    if summary.resumed:
        click.echo(
            f"resumed: {summary.skipped} document(s) already done were skipped"
            + (
                f", {summary.retried_errors} earlier failure(s) retried"
                if summary.retried_errors
                else ""
            )
            + ".",
            err=True,
        )
    if summary.total_failed:
        click.echo(
            f"{summary.total_failed} document(s) failed; see {out / 'errors.jsonl'}", err=True
        )
    click.echo(
        f"{summary.ok} ok, {summary.failed} failed, {summary.seconds:.1f} s, "
        f"{summary.docs_per_second:.2f} docs/s"
        + (f" on {summary.workers} Ray worker(s)" if summary.workers else "")
    )
    if summary.total_failed:
        click.get_current_context().exit(1)


def stop_on_sigterm() -> Any:
    """SIGTERM stops a batch as Ctrl-C does: the records written stay, the manifest says
    ``interrupted``, the lock is released, and the CLI prints ``interrupted`` (exit 130).
    Returns the handler to restore."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (an embedding application keeps its own handler)
        return None


class BatchBar:
    """A tqdm bar on stderr (terminals only): documents, sentences per second, ETA."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.start = 0.0

    def update(self, event: Any) -> None:
        import time

        from tqdm import tqdm

        if self.bar is None:
            self.start = time.perf_counter()
            self.bar = tqdm(
                total=event.docs_total,
                unit="doc",
                file=sys.stderr,
                disable=None,
                dynamic_ncols=True,
            )
        self.bar.update(event.docs_done - self.bar.n)
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        postfix = f"{event.sentences_done / elapsed:.1f} sent/s"
        if event.workers is not None:
            postfix += f", {event.workers} worker(s) alive"
        self.bar.set_postfix_str(postfix, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


if __name__ == "__main__":
    main()
