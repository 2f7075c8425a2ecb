"""Evaluation harness for the summarizer: ROUGE for summaries, BLEU/chrF++ for translations.

``python -m eval summaries|translations`` (``eval/cli.py``) produces outputs through the public
``summarizer`` API, scores them with rouge-score and sacrebleu (``eval/metrics.py``), adds
seeded paired bootstrap intervals (``eval/bootstrap.py``) and writes reports (``eval/report.py``).
"""
