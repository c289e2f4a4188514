"""Run a notebook: the trainee's cells in their kernel, the test cells in the judge.

nbclient executes every other code cell in the kernel, as nbgrader would. What this adds:

- test cells are not sent to the kernel: the judge evaluates them in its own thread of
  this process (evaluate.py) and its verdict becomes the cell's outputs;
- nbgrader's first line of defence, kept: a cell whose execute_reply says error but whose
  outputs hold none gets the error output (a kernel that silences its tracebacks), and is
  remembered as a sign of tampering;
- which cells timed out, a cap on the output a cell may produce, a time limit for the
  whole notebook, and a dead or hung kernel that ends the run instead of crashing it.

`langnghe grade` and `langnghe check` both run notebooks through this, with the same judge.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbclient.util import ensure_async
from nbformat.v4 import new_output

from ..nbmeta import TIMEOUT_ENAME
from .evaluate import Judge, KernelLink, Verdict


@dataclass
class Execution:
    """What happened when a notebook ran."""

    verdicts: dict[int, Verdict] = field(default_factory=dict)  # test cells, by index
    timed_out: set[int] = field(default_factory=set)  # kernel cells stopped at the cell timeout
    truncated: set[int] = field(default_factory=set)
    masked: list[int] = field(default_factory=list)  # cells whose error the kernel did not show
    kernel_died: bool = False
    kernel_hung: bool = False  # stopped answering the judge, even after an interrupt
    notebook_timed_out: bool = False
    seconds: float = 0.0
    judge_requests: int = 0


class JudgedClient(NotebookClient):
    """nbclient for the trainee's cells; the judge for the cells in `tests`."""

    def __init__(self, nb, *, tests: set[int], setup_sources: list[str], datasets: Path | None = None,
                 connection_info: dict | None = None, max_output_chars: int = 200_000, **kwargs):
        kwargs.setdefault("error_on_timeout", {"ename": TIMEOUT_ENAME, "evalue": "quá thời gian", "traceback": []})
        super().__init__(nb, allow_errors=True, interrupt_on_timeout=True, record_timing=False,
                         on_cell_executed=self._check_reply, **kwargs)
        self.tests, self.setup_sources, self.datasets = tests, setup_sources, datasets
        self.connection_info = connection_info
        self.max_output_chars = max_output_chars
        self.result = Execution()
        self._output_chars: dict[int, int] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    # -- nbclient hooks ----------------------------------------------------------------------

    async def _async_handle_timeout(self, timeout, cell=None):
        if cell is not None:
            self.result.timed_out.add(self.nb.cells.index(cell))
        return await super()._async_handle_timeout(timeout, cell)

    def output(self, outs, msg, display_id, cell_index):
        size = len(str(msg.get("content", "")))
        used = self._output_chars.get(cell_index, 0) + size
        self._output_chars[cell_index] = used
        if used > self.max_output_chars and msg["msg_type"] != "error":
            if cell_index not in self.result.truncated:
                self.result.truncated.add(cell_index)
                cut = f"\n[... đã cắt bớt: ô này in ra hơn {self.max_output_chars:,} ký tự ...]\n"
                outs.append(new_output("stream", name="stderr", text=cut))
            return None
        return super().output(outs, msg, display_id, cell_index)

    def _check_reply(self, cell, cell_index, execute_reply):
        """As nbgrader's Execute.on_cell_executed: trust the reply's status, not only the outputs."""
        content = execute_reply.get("content", {})
        if content.get("status") == "error" and not any(o.output_type == "error" for o in cell.outputs):
            cell.outputs.append(new_output("error", ename=content.get("ename", "Error"),
                                           evalue=content.get("evalue", ""), traceback=content.get("traceback", [])))
            self.result.masked.append(cell_index)

    # -- the run -----------------------------------------------------------------------------

    def _interrupt(self) -> None:
        """From the judge's thread: interrupt the kernel through the event loop's kernel manager."""
        asyncio.run_coroutine_threadsafe(ensure_async(self.km.interrupt_kernel()), self._loop).result(timeout=10)

    def _make_judge(self) -> Judge:
        info = self.connection_info or self.km.get_connection_info()
        return Judge(KernelLink(info, self._interrupt), self.setup_sources, self.datasets)

    async def async_run_cells(self, notebook_timeout: float) -> Execution:
        """Execute every cell in order with an already started kernel; never raises for the trainee's code."""
        self._loop = loop = asyncio.get_running_loop()
        start = loop.time()
        judge_thread = ThreadPoolExecutor(1, thread_name_prefix="judge")  # its socket lives in one thread
        judge, pending = None, None
        count = 0
        try:
            async with asyncio.timeout(notebook_timeout):
                info = await self.async_wait_for_reply(await ensure_async(self.kc.kernel_info()))
                if info is not None and "language_info" in info.get("content", {}):
                    self.nb.metadata["language_info"] = info["content"]["language_info"]
                for index, cell in enumerate(self.nb.cells):
                    if cell.cell_type != "code":
                        continue
                    count += 1
                    if index not in self.tests:
                        await self.async_execute_cell(cell, index, execution_count=count)
                        continue
                    if judge is None:
                        judge = await asyncio.wrap_future(judge_thread.submit(self._make_judge))
                    pending = judge_thread.submit(judge.evaluate, cell.source, self.timeout)
                    verdict = await asyncio.wrap_future(pending)
                    cell.outputs, cell.execution_count = verdict.outputs(), count
                    self.result.verdicts[index] = verdict
                    if verdict.kernel_gone:
                        self.result.kernel_hung = True
                        break
        except TimeoutError:
            self.result.notebook_timed_out = True
        except DeadKernelError:
            self.result.kernel_died = True
        finally:
            if judge is not None:
                judge.link.cancelled = True  # a judge still waiting on the kernel gives up
                if pending is not None:
                    await asyncio.wait([asyncio.wrap_future(pending)])
                self.result.judge_requests = judge.link.requests
                judge_thread.submit(judge.link.close).result()
            judge_thread.shutdown(wait=True)
        self.result.seconds = loop.time() - start
        if not self.result.kernel_died and not await ensure_async(self.km.is_alive()):
            self.result.kernel_died = True
        return self.result
