"""A long file read and checked by several processes at once, for a command on a machine with several cores.

The file is split on its text (`segments.split`) before anything is read: forked helpers each read a run of the
regions and check it, while this process reads the rest of the file (everything but the regions) and the sources'
files, sends them to the helpers, reads and checks the first regions, and then checks the whole dataset's shape.
Each helper sends its regions as soon as they are read (they join the dataset here) and then what their
checks found. Forking before reading matters: a copy of a process that holds a read 6,000-region dataset would copy
most of its memory page by page as both touch the same objects.

Everything is an optimisation: a run that does not read in plain block style makes the caller read the whole file
as before, and a helper that fails leaves its regions to be checked here. Not for a server: forking a process with
threads is unsafe.
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from dashboard import block_yaml, segments

# The share of the regions this process reads and checks, against 1 for each helper: this process also reads the
# rest of the file and the sources' files, and checks the whole dataset's shape.
HEAD_SHARE = 0.25
# How long to wait for a helper's next message: far longer than any share takes (a helper of a 6,000-region file
# sends each within 15 s), so that only a helper that hangs reaches it.
WAIT_SECONDS = 600.0
# what this process makes of the rest of the file (the file without its regions), read, for the helpers too (the
# sources' files)
Prepare = Callable[[dict], Any]
# what a helper does once its regions are read: (its regions, the index of the first, the rest of the file read,
# what `Prepare` made of it, its share number, how many shares) -> what it found: the outcomes of its regions'
# checks by region index, those of its share of the sources' checks by source index, and where the numbers of its
# share of the sources stand, by source id
Found = tuple[dict[int, Any], dict[int, Any], dict[str, Any]]
Work = Callable[[list, int, dict, Any, int, int], Found]


@dataclass
class _Helper:
    receiver: Connection
    process: Any
    outbox: _Outbox  # what this process sends it
    first: int  # index of its first region
    count: int = 0
    found: Found | None = None  # what its checks found, once received

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
    prepared: Any = None  # what this process made of the rest of the file, for the helpers too
    # what `Work` found for this process's own share, checked while the helpers read theirs
    own: Found = field(default_factory=lambda: ({}, {}, {}))

    def _found(self, helper: _Helper) -> Found:
        if helper.found is None:
            found = helper.receive()
            well_formed = isinstance(found, tuple) and len(found) == 3 and all(isinstance(f, dict) for f in found)
            helper.found = found if well_formed else ({}, {}, {})
            helper.process.join()
        return helper.found

    def outcome(self, index: int) -> Any | None:
        """The outcome of region `index` if it was checked ahead (here, or by a helper); None leaves it to the
        caller."""
        if index in self.own[0]:
            return self.own[0][index]
        for helper in self.helpers:
            if helper.first <= index < helper.first + helper.count:
                return self._found(helper)[0].get(index)
        return None

    def source_outcome(self, index: int) -> Any | None:
        """The outcome of source `index`'s checks if it was checked ahead (here, or by a helper); None leaves it to
        the caller."""
        if index in self.own[1]:
            return self.own[1][index]
        for helper in self.helpers:
            if index in self._found(helper)[1]:
                return helper.found[1][index]  # type: ignore[index]
        return None

    def spans(self) -> dict[str, Any]:
        """Where the numbers of the sources stand, found ahead (here, or by a helper)."""
        spans: dict[str, Any] = dict(self.own[2])
        for helper in self.helpers:
            spans.update(self._found(helper)[2])
        return spans

    def close(self) -> None:
        for helper in self.helpers:
            if helper.process.is_alive():
                helper.process.terminate()
            helper.process.join()
            helper.receiver.close()
            helper.outbox.close()


def read_split(text: str, parts: int, prepare: Prepare, work: Work) -> tuple[dict, Ahead] | None:
    """The file's top-level mapping, its regions read by `parts` processes, and what the helpers' checks will
    find; None where the file cannot be split or a part does not read in plain block style."""
    split = segments.split(text, "regions", parts, HEAD_SHARE)
    if split is None or "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    forked = []
    for share in range(1, split.parts):
        receiver, sender = context.Pipe(duplex=False)  # from the helper
        inbox, to_helper = context.Pipe(duplex=False)  # to the helper
        process = context.Process(target=_help, args=(sender, inbox, split, share, parts, work), daemon=True)
        process.start()
        sender.close()
        inbox.close()
        forked.append((receiver, process, to_helper))
    # the outboxes' threads start once every helper is forked: a fork copies no thread, only their locks
    ahead = Ahead([_Helper(receiver, process, _Outbox(to_helper), first=-1) for receiver, process, to_helper in forked])
    try:
        head = _read_with(ahead, split, parts, prepare, work)
    except BaseException:  # an interrupt, or a fault in this process's own share: no helper is left behind
        ahead.close()
        raise
    if head is None:
        ahead.close()
        return None
    return head, ahead


def _read_with(ahead: Ahead, split: segments.Split, parts: int, prepare: Prepare, work: Work) -> dict | None:
    """This process's part of `read_split`, the helpers under way: the file's top-level mapping, or None."""
    rest = block_yaml.read(split.rest)
    if not (isinstance(rest, dict) and "regions" in rest and rest["regions"] is None):  # the list's key stays,
        return None  # with nothing under it
    ahead.prepared = prepare(rest)
    message = _Outbox.pickled((rest, ahead.prepared))
    for helper in ahead.helpers:
        helper.outbox.put_pickled(message)
    regions = block_yaml.read_list(split.part(0), depth=2)  # a list under a key of the file
    if regions is None:
        return None
    # this process's share of the checks, while the helpers read theirs: the shape check, which needs every
    # region, comes after
    ahead.own = work(regions, 0, rest, ahead.prepared, 0, parts)
    for helper in ahead.helpers:
        received = helper.receive()
        if not (isinstance(received, tuple) and len(received) == 2 and isinstance(received[1], list)
                and received[0] == len(regions)):  # the helper counted the items before its own as read here
            return None
        helper.first, helper.count = received[0], len(received[1])
        regions += received[1]
    rest["regions"] = regions
    return rest


class _Outbox:
    """Messages to the other end of a pipe, sent in order from a thread: a pipe holds 64 KB, and the other end takes
    a message only when it needs it, so sending in line would keep this process waiting. A message is pickled when
    put, before this process goes on to use (and so change) what it holds."""

    def __init__(self, sender: Connection):
        self.sender = sender
        self.queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._send, daemon=True)
        self.thread.start()

    @staticmethod
    def pickled(message: Any) -> bytes:
        return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)

    def put(self, message: Any) -> None:
        self.put_pickled(self.pickled(message))

    def put_pickled(self, blob: bytes) -> None:
        self.queue.put(blob)

    def _send(self) -> None:
        try:
            while (blob := self.queue.get()) is not None:
                self.sender.send_bytes(blob)
        except OSError:  # the other end stopped listening: it does without
            pass

    def close(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        self.sender.close()


def _help(sender: Connection, inbox: Connection, split: segments.Split, share: int, shares: int, work: Work) -> None:
    """In a forked process: read a run of regions, send them with the index of the first; once the caller has sent
    the rest of the file, check them and send what was found."""
    outbox = _Outbox(sender)
    try:
        values = block_yaml.read_list(split.part(share), depth=2)  # a list under a key of the file
        first = split.first_index(share)
        outbox.put((first, values))
        if values is not None and inbox.poll(WAIT_SECONDS):
            rest, prepared = inbox.recv()
            outbox.put(work(values, first, rest, prepared, share, shares))
    except BaseException:  # whatever it is (an interrupt too), the caller reads or checks this share itself
        pass
    finally:
        outbox.close()
        inbox.close()
