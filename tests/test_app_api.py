"""The page's API as a careless or hostile client uses it: every bad value gets the page's own
one-line message, the server log gets one line per bad request (no traceback), and every
response carries the security headers. The server runs as ``python app.py`` runs it."""

from __future__ import annotations

import logging
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

gr = pytest.importorskip("gradio")
gradio_client = pytest.importorskip("gradio_client")

import app  # noqa: E402
from page.errors import GENERIC_ERROR  # noqa: E402
from page.handler import make_handler  # noqa: E402
from page.models import Models  # noqa: E402
from page.server import SECURITY_HEADERS, SecurityHeaders  # noqa: E402
from summarizer import Settings  # noqa: E402
from tests.test_app import TIMEOUT_S, Served, free_port, no_progress  # noqa: E402

TEXT = "Sebanyak 27 pekerja migran dipulangkan ke Kupang."
GOOD = {"text": TEXT, "upload": None, "bullets": 2, "mode": "lead", "beams": 1}


@pytest.fixture(scope="module")
def server(copy_model: str) -> Iterator[Served]:
    demo = app.build_app(Settings(mt_model=copy_model))
    port = free_port()
    demo.launch(
        prevent_thread_lock=True,
        server_name="127.0.0.1",
        server_port=port,
        quiet=True,
        show_error=False,
        app_kwargs=app.server_options(),  # as app.main launches it
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        yield Served(demo, url, gradio_client.Client(url, verbose=False, analytics_enabled=False))
    finally:
        demo.close()


def call(server: Served, **changes: Any) -> tuple[Any, ...]:
    job = server.client.submit(**{**GOOD, **changes}, api_name="/run")
    return tuple(job.result(timeout=TIMEOUT_S))


BAD = [
    ({"bullets": "many"}, "Bullets must be a whole number, got 'many'."),
    ({"bullets": 2.5}, "Bullets must be a whole number, got 2.5."),
    ({"bullets": None}, "Bullets must be a whole number, got None."),
    ({"bullets": True}, "Bullets must be a whole number, got True."),
    ({"beams": "x"}, "Beams must be a whole number, got 'x'."),
    ({"bullets": 11}, "--bullets must be between 1 and 10, got 11."),
    ({"beams": 0}, "--beams must be between 1 and 16, got 0."),
    ({"mode": "fancy"}, "Unknown mode 'fancy'; choose one of abstractive, extractive, lead."),
    ({"mode": 3}, "Mode must be text, got int 3."),
    ({"text": 123}, "The article text must be text, got int 123."),
    ({"text": ["a", "b"]}, "The article text must be text, got list ['a', 'b']."),
    ({"text": "   "}, "pasted text: the text is empty; paste or upload an article."),
]


def test_bad_api_values_get_the_pages_one_line_messages(
    server: Served,
    copy_model: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.INFO, logger="summarizer.app")
    handler = make_handler(Models(Settings(mt_model=copy_model)), Settings(), tmp_path, 1)
    capfd.readouterr()
    for changes, message in BAD:
        with pytest.raises(gradio_client.exceptions.AppError) as err:
            call(server, **changes)
        assert err.value.message == message, changes
        # The page's own handler says the same for the same value.
        values = {**GOOD, **changes}
        with pytest.raises(gr.Error) as page_err:
            handler(*values.values(), progress=no_progress)
        assert page_err.value.message == message
    refused = [r for r in caplog.records if r.getMessage().startswith("request refused: ")]
    assert [r.getMessage() for r in refused][::2] == [f"request refused: {m}" for _, m in BAD]
    assert all(r.exc_info is None for r in refused)
    server_output = capfd.readouterr()
    assert "Traceback" not in server_output.err + server_output.out


def test_numbers_in_other_shapes_are_accepted(server: Served) -> None:
    for bullets in (1, 1.0, "1"):
        bullets_html, translation, *_ = call(server, bullets=bullets, beams="1")
        assert translation == TEXT and bullets_html.count("<li>") == 1


def test_unexpected_errors_keep_their_traceback_in_the_log(
    server: Served, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from summarizer.pipeline import Pipeline

    def boom(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(Pipeline, "run", boom)
    with pytest.raises(gradio_client.exceptions.AppError) as err:
        call(server)
    assert err.value.message == GENERIC_ERROR
    (record,) = [r for r in caplog.records if r.name == "summarizer.app" and r.exc_info]
    assert record.getMessage() == "unexpected error while processing a request"
    assert "secret internal detail" in str(record.exc_info[1])  # type: ignore[index]


@pytest.mark.parametrize("path", ["", "config", "gradio_api/info", "theme.css", "nope"])
def test_every_response_carries_the_security_headers(server: Served, path: str) -> None:
    try:
        response = urllib.request.urlopen(server.url + path, timeout=30)
    except urllib.error.HTTPError as exc:  # a 404 gets them too
        response = exc
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, (path, name)


def test_main_launches_with_the_security_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    launched: dict[str, Any] = {}

    class Demo:
        def launch(self, **kwargs: Any) -> None:
            launched.update(kwargs)

    monkeypatch.setattr(app, "build_app", lambda *a, **k: Demo())
    assert app.main([]) == 0
    (middleware,) = launched["app_kwargs"]["middleware"]
    assert middleware.cls is SecurityHeaders


def test_a_file_path_the_page_did_not_receive_is_refused(copy_model: str, tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    (uploads / "abc").mkdir(parents=True)
    received = uploads / "abc" / "artikel.txt"
    received.write_text(TEXT, encoding="utf-8")
    server_file = tmp_path / "server-secret.txt"
    server_file.write_text("Rahasia.", encoding="utf-8")
    escape = uploads / "abc" / "link.txt"
    escape.symlink_to(server_file)
    settings = Settings(mt_model=copy_model)
    handler = make_handler(Models(settings), settings, tmp_path, 1, uploads_in=uploads)

    def run(upload: Any = None, glossary: Any = None) -> tuple[Any, ...]:
        return handler("", upload, 2, "lead", 1, glossary, progress=no_progress)  # type: ignore[no-any-return]

    assert run({"path": str(received)})[1] == TEXT
    for upload in (str(server_file), {"path": str(server_file)}, {"path": str(escape)}):
        with pytest.raises(gr.Error) as err:
            run(upload)
        assert (
            err.value.message == "The uploaded file was not received by this page; upload it again."
        )
    with pytest.raises(gr.Error) as err:
        run({"path": str(received)}, glossary={"path": str(server_file)})
    assert err.value.message == "The glossary was not received by this page; upload it again."
