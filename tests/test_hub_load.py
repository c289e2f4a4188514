"""Load: 30 trainees log in and start their servers at the same moment, on the real hub.

Bounded and self-stopping: every start has a deadline, and the workshop (hub, proxy,
servers, accounts) is torn down whatever happens. The figures it prints (time until all
are ready, unique memory per server at rest) are what deploy/ sizes a server with.
"""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor, wait

import psutil
import pytest
from hubtools import Trainee, running_workshop

pytestmark = pytest.mark.xdist_group("hub")

TRAINEES = 30
DEADLINE = 420  # seconds for all of them; far above what 2 cores need, so a hang fails instead of waiting
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Văn Minh", "Thị Lan", "Đức Anh", "Thị Hoa", "Quang Huy", "Thị Mai", "Văn Đức", "Ngọc Ánh",
         "Hữu Phúc", "Thị Thu", "Minh Tuấn", "Thị Yến", "Văn Khoa", "Thanh Hà", "Đình Nam"]


def roster() -> list[tuple[str, str]]:
    people = [("Trần Thị Hương", "giảng viên")]
    people += [(f"{FAMILY[i % len(FAMILY)]} {GIVEN[i % len(GIVEN)]}", "học viên") for i in range(TRAINEES)]
    return people


def unique_memory(uids: set[int]) -> dict[int, int]:
    """Unique memory (USS: what would be freed if the process ended) of all processes of each Unix user."""
    total = dict.fromkeys(uids, 0)
    for proc in psutil.process_iter(["uids"]):
        try:
            if proc.info["uids"] and proc.info["uids"].real in total:
                total[proc.info["uids"].real] += proc.memory_full_info().uss
        except psutil.NoSuchProcess:
            pass
    return total


def test_thirty_trainees_log_in_and_start_at_once(capsys):
    import pwd

    with running_workshop(roster(), assignments=()) as ws:
        trainees = [Trainee(ws, p.username) for p in ws.people() if p.role == "hoc_vien"]
        assert len(trainees) == TRAINEES and len({t.name for t in trainees}) == TRAINEES
        uids = {pwd.getpwnam(t.name).pw_uid for t in trainees}
        ready_after = {}
        start = time.monotonic()

        def one(trainee: Trainee) -> None:
            assert trainee.login().status_code == 200, trainee.name
            trainee.start_server(timeout=DEADLINE)
            ready_after[trainee.name] = time.monotonic() - start
            assert trainee.api("GET", "api/contents/langnghe/lessons").status_code == 200

        with ThreadPoolExecutor(max_workers=TRAINEES) as pool:
            futures = [pool.submit(one, t) for t in trainees]
            done, pending = wait(futures, timeout=DEADLINE)
            for f in pending:
                f.cancel()
        all_ready = time.monotonic() - start
        time.sleep(10)  # servers settle after their first page
        at_rest = [v / 2**20 for v in unique_memory(uids).values()]
        errors = [repr(f.exception()) for f in done if f.exception()]
        assert not pending and not errors, errors[:3]
        assert len(ready_after) == TRAINEES

        hub = psutil.Process(int((ws.root / "jupyterhub.pid").read_text()))
        hub_uss = 0
        for proc in [hub, *hub.children(recursive=True)]:
            try:
                if proc.uids().real not in uids:  # the trainees' servers are counted above
                    hub_uss += proc.memory_full_info().uss
            except psutil.NoSuchProcess:
                pass
        with capsys.disabled():
            print(
                f"\n[tải hub] {TRAINEES} học viên đăng nhập và mở máy cùng lúc trên {psutil.cpu_count()} nhân: "
                f"tất cả sẵn sàng sau {all_ready:.1f} s (trung vị {statistics.median(ready_after.values()):.1f} s)\n"
                f"[tải hub] bộ nhớ riêng (USS) mỗi server lúc nghỉ, chưa mở kernel: trung bình "
                f"{statistics.mean(at_rest):.0f} MB, lớn nhất {max(at_rest):.0f} MB; "
                f"hub, proxy và dịch vụ: {hub_uss / 2**20:.0f} MB"
            )
