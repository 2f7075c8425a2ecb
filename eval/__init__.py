"""Evaluation harness (ROUGE, BLEU/chrF) for translations and summaries: see issue #4."""
