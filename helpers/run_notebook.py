"""Execute one notebook of a report with papermill, its kernel reached over Unix sockets.

``python -m helpers.run_notebook NOTEBOOK OUTPUT PARAMETERS SOCKETS`` runs NOTEBOOK with PARAMETERS (a JSON
object) into OUTPUT, in the notebook's own folder, with the ``python3`` kernel. ``helpers.report`` starts
one such process per notebook.

Why Unix sockets: by default a kernel listens on five TCP ports that its parent picks as free a moment
before the kernel binds them. Reports run notebooks side by side, so two kernels starting together can
pick the same port, and one of them dies before it answers ("Kernel died before replying to
kernel_info"). A socket file under SOCKETS (a path prefix inside the run's scratch folder, one per
notebook) belongs to one kernel only.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

KERNEL = "python3"


def run_notebook(notebook: Path, output: Path, parameters: dict, sockets: Path) -> None:
    """Execute ``notebook`` into ``output`` with ``parameters``; the kernel's sockets are ``sockets-1`` ... ``-5``."""
    import papermill
    from traitlets.config import Config

    papermill.execute_notebook(str(notebook), str(output), parameters=parameters, kernel_name=KERNEL,
                               cwd=str(notebook.parent), progress_bar=False, log_output=False,
                               config=Config({"KernelManager": {"transport": "ipc", "ip": str(sockets)}}))


def main(argv: list[str]) -> int:
    """Command line: NOTEBOOK OUTPUT PARAMETERS SOCKETS (see the module docstring)."""
    if len(argv) != 4:
        print("usage: python -m helpers.run_notebook NOTEBOOK OUTPUT PARAMETERS_JSON SOCKETS", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.ERROR)
    notebook, output, parameters, sockets = argv
    run_notebook(Path(notebook), Path(output), json.loads(parameters), Path(sockets))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
