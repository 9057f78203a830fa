"""The one exception tree of the aggregator; every message says what to do next."""

from __future__ import annotations

__all__ = [
    "AggregatorError",
    "ConfigError",
    "SourceRegistryError",
    "FetchError",
    "ParseError",
    "ExtractionError",
    "ElasticsearchError",
    "ElasticsearchUnavailable",
    "BulkWriteError",
    "InputError",
    "InvalidParameter",
    "InvalidFilter",
]


class AggregatorError(Exception):
    """Base class of every error the aggregator raises on purpose."""


class ConfigError(AggregatorError):
    """A setting from the environment is missing or malformed."""


class SourceRegistryError(AggregatorError):
    """sources.yaml is invalid; the message names the entry and the field."""


class FetchError(AggregatorError):
    """A source could not be fetched (network, HTTP status, size cap)."""


class ParseError(AggregatorError):
    """A fetched document could not be parsed at all."""


class ExtractionError(AggregatorError):
    """An announcement could not be interpreted."""


class ElasticsearchError(AggregatorError):
    """Elasticsearch rejected or could not take a request (aggregator.index.client maps its errors here)."""


class ElasticsearchUnavailable(ElasticsearchError):
    """Elasticsearch does not answer at the configured URL."""


class BulkWriteError(ElasticsearchError):
    """Some documents of a bulk write were still refused after retries."""

    def __init__(self, message: str, failed: list[dict] | None = None):
        super().__init__(message)
        self.failed = failed or []


class InputError(AggregatorError):
    """A line of JSONL input to a command is malformed or misses a field."""


class InvalidParameter(AggregatorError):
    """An HTTP or command parameter is unknown or out of range; ``parameter`` names it."""

    def __init__(self, message: str, parameter: str | None = None):
        super().__init__(message)
        self.parameter = parameter


class InvalidFilter(InvalidParameter):
    """A feed filter parameter is unknown or has a value outside the known ones."""
