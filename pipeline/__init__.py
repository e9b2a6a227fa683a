"""Import pipeline: read -> clean -> tag -> index, one module per stage."""

import os

# The pipeline runs one document per worker process; BLAS threads inside each (numpy, under the
# language and near-duplicate stages) only fight over the same cores: measured 3x slower on two.
# Set before numpy is first imported, which the imports below do.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from pipeline.report import ImportReport  # noqa: E402
from pipeline.run import ImportJob, prepared_articles, run_import  # noqa: E402

__all__ = ["ImportJob", "ImportReport", "prepared_articles", "run_import"]
