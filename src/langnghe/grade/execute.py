"""Run one notebook in a forked, confined kernel and record what went wrong, cell by cell.

nbclient does the execution; this subclass adds what grading needs: which cells timed
out, a cap on the output a cell may produce (an endless print must not fill the
grader's memory), a time limit for the whole notebook, and a dead kernel that ends the
run instead of crashing it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

TIMEOUT_ENAME = "CellTimeoutError"


class GradingClient(NotebookClient):
    """nbclient, remembering timed-out cells and capping each cell's output."""

    def __init__(self, nb, *, max_output_chars: int, **kwargs):
        super().__init__(nb, **kwargs)
        self.timed_out: set[int] = set()
        self.max_output_chars = max_output_chars
        self._output_chars: dict[int, int] = {}
        self.truncated: set[int] = set()

    async def _async_handle_timeout(self, timeout, cell=None):
        if cell is not None:
            self.timed_out.add(self.nb.cells.index(cell))
        return await super()._async_handle_timeout(timeout, cell)

    def output(self, outs, msg, display_id, cell_index):
        size = len(str(msg.get("content", "")))
        used = self._output_chars.get(cell_index, 0) + size
        self._output_chars[cell_index] = used
        if used > self.max_output_chars and msg["msg_type"] != "error":
            if cell_index not in self.truncated:
                self.truncated.add(cell_index)
                outs.append(_stream(f"\n[... đã cắt bớt: ô này in ra hơn {self.max_output_chars:,} ký tự ...]\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)


def _stream(text: str):
    from nbformat.v4 import new_output

    return new_output("stream", name="stderr", text=text)


@dataclass
class Execution:
    """What happened when a notebook ran."""

    timed_out: set[int] = field(default_factory=set)
    truncated: set[int] = field(default_factory=set)
    kernel_died: bool = False
    notebook_timed_out: bool = False
    seconds: float = 0.0


async def execute(nb, kernel, client, *, cell_timeout: int, notebook_timeout: float,
                  max_output_chars: int = 200_000) -> Execution:
    """Execute `nb` in place with an already started kernel; never raises for the trainee's code."""
    runner = GradingClient(
        nb, km=kernel, timeout=cell_timeout, allow_errors=True, interrupt_on_timeout=True,
        error_on_timeout={"ename": TIMEOUT_ENAME, "evalue": f"quá {cell_timeout} giây", "traceback": []},
        max_output_chars=max_output_chars, record_timing=False,
    )
    runner.kc = client  # already connected and ready; nbclient would otherwise ask km for one
    result = Execution()
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        await asyncio.wait_for(runner.async_execute(reset_kc=False, cleanup_kc=False), notebook_timeout)
    except asyncio.TimeoutError:
        result.notebook_timed_out = True
    except DeadKernelError:
        result.kernel_died = True
    result.seconds = loop.time() - start
    result.timed_out, result.truncated = runner.timed_out, runner.truncated
    if not result.kernel_died and not kernel.is_alive():
        result.kernel_died = True
    return result
