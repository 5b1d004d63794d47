"""`make bench`: seed (once) and measure each size, print the table and write
bench/results-<size>.md (and .json, which later runs compare with).

    .venv/bin/python bench/run.py [SIZE ...]        (default: 1000 10000 100000)

The smallest size measured (this run's, or bench/results-1000.json) is the baseline the
"same ratio, same queries, flat memory" targets compare with. See bench/README.md.
"""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import markdown  # noqa: E402

DEFAULT_SIZES = (1000, 10000, 100000)


def results(size: int, suffix: str) -> Path:
    return BENCH / f"results-{size}.{suffix}"


def baseline_for(size: int, sizes) -> dict | None:
    """The figures of the smallest size, measured now or in an earlier run."""
    for candidate in sorted({*sizes, 1000}):
        path = results(candidate, "json")
        if candidate <= size and path.exists():
            return json.loads(path.read_text())
    return None


def main(sizes):
    for size in sizes:
        # Our own interpreter and scripts, one process per size (Django sets up once).
        subprocess.run([sys.executable, str(BENCH / "seed.py"), str(size)],  # noqa: S603
                       check=True)
        subprocess.run([sys.executable, str(BENCH / "measure.py"), str(size),  # noqa: S603
                        str(results(size, "json"))], check=True)
        figures = json.loads(results(size, "json").read_text())
        table = markdown(figures, baseline_for(size, sizes))
        results(size, "md").write_text(table)
        print()
        print(table)


if __name__ == "__main__":
    main([int(size) for size in sys.argv[1:]] or list(DEFAULT_SIZES))
