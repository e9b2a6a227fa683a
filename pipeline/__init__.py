"""Import pipeline: read -> clean -> tag -> index, one module per stage."""

from pipeline.report import ImportReport
from pipeline.run import ImportJob, prepared_articles, run_import

__all__ = ["ImportJob", "ImportReport", "prepared_articles", "run_import"]
