"""The web page's parts, one concern each; ``app.py`` builds the page from them and runs it.

* ``models``: the page's one pipeline, its models' availability and background download,
  the banner and the summary-mode control;
* ``inputs``: reading the article (upload, link, pasted text) and the glossary upload, and
  checking every value a request sends;
* ``handler``: the `/run` handler: check, read, run, render; failures as one ``gr.Error`` line;
* ``render``: the HTML of bullets, the sentence table, notes and the error box;
* ``downloads``: the Markdown and JSON files behind the download buttons;
* ``errors``: the generic error line and each session's last failure (``RunErrors``);
* ``server``: the security headers middleware passed to ``launch(app_kwargs=...)``.

All of them log to the ``summarizer.app`` logger.
"""
