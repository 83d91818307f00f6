"""A long file read and checked by several processes at once, for a command on a machine with several cores.

The file is split on its text (`segments.split`) before anything is read: forked helpers each read a run of the
regions and check it, while this process reads the rest and checks the first regions. Each helper sends its
regions as soon as they are read (they join the dataset here) and then what their checks found. Forking before
reading matters: a copy of a process that holds a read 6,000-region dataset would copy most of its memory page by
page as both touch the same objects.

Everything is an optimisation: a run that does not read in plain block style makes the caller read the whole file
as before, and a helper that fails leaves its regions to be checked here. Not for a server: forking a process with
threads is unsafe.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from dashboard import block_yaml, segments

# The share of the regions this process reads and checks, against 1 for each helper; each process also reads the
# rest of the file and finds where its share of the sources' numbers stand, and this one checks the whole dataset's
# shape. At 100x on two cores, shares from 0.7 to 1.3 all took 1.6–2.4 s, with no clear best.
HEAD_SHARE = 1.0
# How long to wait for a helper's next message: far longer than any share takes (a helper of a 6,000-region file
# sends each within 15 s), so that only a helper that hangs reaches it.
WAIT_SECONDS = 600.0
# what a helper does once its regions are read: (its regions, the index of the first, the file without any
# region, its share number, how many shares) -> (outcome by region index, number spans by source id)
Work = Callable[[list, int, str, int, int], tuple[dict[int, Any], dict[str, Any]]]


@dataclass
class _Helper:
    receiver: Connection
    process: Any
    first: int  # index of its first region
    count: int = 0
    found: tuple[dict[int, Any], dict[str, Any]] | None = None  # what its checks found, once received

    def receive(self) -> Any:
        try:
            if not self.receiver.poll(WAIT_SECONDS):  # it hangs: stop it, and do its share here
                self.process.terminate()
                return None
            return self.receiver.recv()
        except (EOFError, OSError):  # it failed or was stopped: its share is done here
            return None


@dataclass
class Ahead:
    """What the helpers found, received when first asked for."""

    helpers: list[_Helper] = field(default_factory=list)

    @property
    def shares(self) -> int:
        """The processes sharing the work: the helpers and this one."""
        return len(self.helpers) + 1

    def _found(self, helper: _Helper) -> tuple[dict[int, Any], dict[str, Any]]:
        if helper.found is None:
            found = helper.receive()
            well_formed = isinstance(found, tuple) and len(found) == 2 and all(isinstance(f, dict) for f in found)
            helper.found = found if well_formed else ({}, {})
            helper.process.join()
        return helper.found

    def outcome(self, index: int) -> Any | None:
        """The outcome of region `index` if a helper checked it; None leaves it to the caller."""
        for helper in self.helpers:
            if helper.first <= index < helper.first + helper.count:
                return self._found(helper)[0].get(index)
        return None

    def spans(self) -> dict[str, Any]:
        """Where the numbers of the helpers' share of the sources stand."""
        spans: dict[str, Any] = {}
        for helper in self.helpers:
            spans.update(self._found(helper)[1])
        return spans

    def close(self) -> None:
        for helper in self.helpers:
            if helper.process.is_alive():
                helper.process.terminate()
            helper.process.join()
            helper.receiver.close()


def read_split(text: str, parts: int, work: Work) -> tuple[dict, Ahead] | None:
    """The file's top-level mapping, its regions read by `parts` processes, and what the helpers' checks will
    find; None where the file cannot be split or a part does not read in plain block style."""
    split = segments.split(text, "regions", parts, HEAD_SHARE)
    if split is None or "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    ahead = Ahead()
    for share in range(1, split.tails + 1):
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_help, args=(sender, split, share, parts, work), daemon=True)
        process.start()
        sender.close()
        ahead.helpers.append(_Helper(receiver, process, first=-1))
    head = block_yaml.read(split.head)
    regions = head.get("regions") if head is not None else None
    if not isinstance(regions, list):
        ahead.close()
        return None
    for helper in ahead.helpers:
        received = helper.receive()
        if not (isinstance(received, tuple) and len(received) == 2 and isinstance(received[1], list)
                and received[0] == len(regions)):  # the helper counted the items before its own as read here
            ahead.close()
            return None
        helper.first, helper.count = received[0], len(received[1])
        regions += received[1]
    return head, ahead


def _help(sender: Connection, split: segments.Split, share: int, shares: int, work: Work) -> None:
    """In a forked process: read a run of regions, send them with the index of the first, check them, send what
    was found."""
    sending = None
    try:
        values = block_yaml.read_list(split.tail(share - 1), depth=2)  # a list under a key of the file
        first = split.first_index(share - 1)
        # The regions go out from a thread: the caller takes them only once it has read its own part, and a pipe
        # holds 64 KB, so sending them here would keep this process waiting instead of checking.
        sending = threading.Thread(target=sender.send, args=((first, values),), daemon=True)
        sending.start()
        if values is not None:
            found = work(values, first, split.rest, share, shares)
            sending.join()
            sender.send(found)
    except BaseException:  # whatever it is (an interrupt too), the caller reads or checks this share itself
        pass
    finally:
        if sending is not None:
            sending.join()
        sender.close()
