"""AGGREGATOR_PROCESS_WORKERS: the process stage's pool size, the CPU count unless set."""

from __future__ import annotations

import os

import pytest

from aggregator.config import load_settings
from aggregator.errors import ConfigError


def test_workers_default_to_the_cpu_count():
    assert load_settings({}).process_workers == (os.cpu_count() or 1)
    assert load_settings({"AGGREGATOR_PROCESS_WORKERS": ""}).process_workers == (os.cpu_count() or 1)


def test_workers_can_be_set():
    assert load_settings({"AGGREGATOR_PROCESS_WORKERS": "1"}).process_workers == 1
    assert load_settings({"AGGREGATOR_PROCESS_WORKERS": "6"}).process_workers == 6


@pytest.mark.parametrize("raw", ["0", "-2", "two", "1.5"])
def test_a_bad_worker_count_is_refused_by_name(raw):
    with pytest.raises(ConfigError, match="AGGREGATOR_PROCESS_WORKERS"):
        load_settings({"AGGREGATOR_PROCESS_WORKERS": raw})
