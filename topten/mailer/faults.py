"""Fault-injection points for the process-level tests: TOPTEN_FAULT=after_claim etc.

`TOPTEN_FAULT=after_smtp_250` kills this process (SIGKILL) at that point;
`TOPTEN_FAULT=after_smtp_250:3` at its third passage. Unset, `fault()` is a dict
lookup of a module constant.
"""

import os
import signal

_SPEC = os.environ.get("TOPTEN_FAULT", "")
_POINT, _, _AT = _SPEC.partition(":")
_COUNT = {"n": 0}


def fault(point: str) -> None:
    if not _SPEC or point != _POINT:
        return
    _COUNT["n"] += 1
    if _COUNT["n"] >= int(_AT or 1):
        os.kill(os.getpid(), signal.SIGKILL)
