"""Attachment reading with a time and a memory budget: ``extract_document_text`` in a child process.

A slow or greedy attachment (附件) must not stall or sink the crawl, so the reader runs in a fresh
``python -m extract.bounded`` process::

    from xxgk.extract.bounded import read_attachment
    doc = await asyncio.to_thread(read_attachment, body, filename, content_type)

The child takes the bytes on stdin, limits its own address space (RLIMIT_AS) and CPU time, and
writes two JSON lines on stdout: the sniffed mime as soon as it is known, then the DocumentText.
The parent kills it when the wall-clock budget is spent and always reaps it. A document read by
OCR (a scanned PDF, an image: ``extract/ocr.py``) gets the larger OCR budgets: the child says
``{"ocr": true}`` when OCR starts, raises its own limits to them and lets numpy load. Blocking and
thread-safe: several calls may run at once, each with its own child. Linux (resource, prctl).
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from dataclasses import asdict, fields, replace
from pathlib import Path

from xxgk.extract.documents import OUT_OF_MEMORY, DocumentText, extract_document_text, sniff_mime

TIME_BUDGET = 60.0        # seconds of wall-clock time per attachment, child start-up included
MEMORY_BUDGET = 1 << 30   # bytes of address space for the child (RLIMIT_AS)
OCR_TIME_BUDGET = 300.0   # seconds, once OCR has started (about 8 s of one core per table page)
OCR_MEMORY_BUDGET = 3 << 30  # bytes of address space once OCR has started (onnxruntime: ~1.8 GB)
LIMITS = ("max_bytes", "max_chars", "max_cells", "max_xml_bytes")  # passed on to the reader
_CHILD = [sys.executable, "-m", "xxgk.extract.bounded"]
_ROOT = str(Path(__file__).resolve().parents[2])  # the directory holding the xxgk package
_STDERR_TAIL = 2000       # characters of the child's stderr looked at for a cause
_MEMORY_WORDS = re.compile(r"memory allocation failed|out of memory|cannot allocate memory|"
                           r"failed to map segment", re.I)


def read_attachment(data: bytes, filename: str | None = None, content_type: str | None = None,
                    *, timeout: float = TIME_BUDGET, memory_bytes: int = MEMORY_BUDGET,
                    ocr_timeout: float = OCR_TIME_BUDGET,
                    ocr_memory_bytes: int = OCR_MEMORY_BUDGET, **limits: int) -> DocumentText:
    """Text of an attachment as ``extract_document_text`` gives it, read in a child process that
    may use ``timeout`` seconds and ``memory_bytes`` of memory. ``limits`` (max_bytes, max_chars,
    max_cells, max_xml_bytes) go to the reader; ``ocr_timeout`` and ``ocr_memory_bytes`` replace
    the first two once the reader has started OCR. Never raises on bad input; a spent budget
    gives status "too_large" with a reason naming it, a child that dies gives "error"."""
    unknown = set(limits) - set(LIMITS)
    if unknown:
        raise TypeError(f"unknown reader limits: {', '.join(sorted(unknown))}")
    fallback = _cheap_mime(data, filename, content_type)
    ocr_memory_bytes, ocr_timeout = max(ocr_memory_bytes, memory_bytes), max(ocr_timeout, timeout)
    request = {"filename": filename, "content_type": content_type, "memory": memory_bytes,
               "cpu": timeout, "ocr_memory": ocr_memory_bytes, "ocr_cpu": ocr_timeout,
               "limits": limits}
    try:
        proc = subprocess.Popen(_CHILD + [json.dumps(request)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_child_env())
    except OSError as exc:
        return DocumentText("error", "", fallback, reason=f"reader did not start: {exc}"[:300])
    try:
        try:
            out, err = proc.communicate(data, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            if not _ocr_started(exc.output or b"") or ocr_timeout <= timeout:
                raise
            rest, timeout = ocr_timeout - timeout, ocr_timeout  # OCR started: its own budget
            out, err = proc.communicate(timeout=rest)
    except subprocess.TimeoutExpired:
        out, _ = _kill(proc)
        budget = "OCR time budget" if _ocr_started(out) else "time budget"
        return DocumentText("too_large", "", _mime(out, fallback),
                            reason=f"reader stopped after {timeout:g} s ({budget})")
    except Exception as exc:  # a broken pipe or the like: the child is killed below
        return DocumentText("error", "", fallback, reason=f"reader failed: {exc}"[:300])
    finally:
        if proc.poll() is None:
            _kill(proc)
    if _ocr_started(out):
        memory_bytes = ocr_memory_bytes
    return _outcome(out, err, proc.returncode, memory_bytes, fallback)


def _cheap_mime(data: bytes, filename: str | None, content_type: str | None) -> str:
    """The mime from the first bytes, the name and the Content-Type, without opening a zip
    directory: only for when the child says nothing."""
    return sniff_mime(data[:4096], filename, content_type)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH")) if p)
    return env


def _kill(proc: subprocess.Popen) -> tuple[bytes, bytes]:
    """Kill the child and reap it, keeping what it wrote."""
    try:
        proc.kill()
    except OSError:
        pass
    return proc.communicate()


def _ocr_started(out: bytes) -> bool:
    return any(message.get("ocr") is True for message in _messages(out))


def _mime(out: bytes, fallback: str) -> str:
    for message in _messages(out):
        if isinstance(message.get("mime"), str):
            return message["mime"]
    return fallback


def _messages(out: bytes) -> list[dict]:
    messages = []
    for line in out.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict):
            messages.append(message)
    return messages


def _outcome(out: bytes, err: bytes, returncode: int, memory_bytes: int,
             fallback: str) -> DocumentText:
    """The child's DocumentText, or why there is none."""
    names = {f.name for f in fields(DocumentText)}
    for message in _messages(out):
        if set(message) == names:
            return DocumentText(**message)
    mime, tail = _mime(out, fallback), err.decode("utf-8", "replace")[-_STDERR_TAIL:]
    if "MemoryError" in tail:
        return DocumentText("too_large", "", mime, reason=memory_reason(memory_bytes))
    if returncode == -signal.SIGXCPU:
        return DocumentText("too_large", "", mime, reason="reader used up its CPU time "
                            "(time budget)")
    budget = f"its memory budget was {memory_bytes:,} bytes"
    if returncode < 0:
        return DocumentText("error", "", mime,
                            reason=f"reader died with {_signal(-returncode)}; {budget}")
    last = (tail.strip().splitlines() or ["no output"])[-1][:200]
    return DocumentText("error", "", mime,
                        reason=f"reader failed with exit code {returncode} ({last}); {budget}")


def _signal(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def memory_reason(memory_bytes: int) -> str:
    return f"reader ran out of memory (over the {memory_bytes:,}-byte memory budget)"


# The child ------------------------------------------------------------------------------------

def _limit_self(memory_bytes: int, seconds: float, ocr_memory: int | None = None,
                ocr_seconds: float | None = None) -> None:
    """Address space and CPU time for this process; die with the parent (Linux). The hard limits
    are the OCR budgets, which ``_start_ocr`` raises the soft limits to."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, max(ocr_memory or 0, memory_bytes)))
    cpu = int(seconds) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, max(int(ocr_seconds or 0) + 2, cpu) + 1))
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _emit(message: dict) -> None:
    sys.stdout.buffer.write(json.dumps(message, ensure_ascii=False).encode() + b"\n")
    sys.stdout.buffer.flush()


def _start_ocr() -> None:
    """OCR is about to start: its budgets (the hard limits) and numpy, which it needs."""
    import resource

    for limit in (resource.RLIMIT_AS, resource.RLIMIT_CPU):
        hard = resource.getrlimit(limit)[1]
        resource.setrlimit(limit, (hard - (1 if limit == resource.RLIMIT_CPU else 0), hard))
    if sys.modules.get("numpy", False) is None:
        del sys.modules["numpy"]
    _emit({"ocr": True})


def _child(request: dict) -> None:
    import logging
    import warnings

    from xxgk.extract import ocr

    logging.disable(logging.CRITICAL)  # pypdf and openpyxl warn freely; stderr is for tracebacks
    warnings.simplefilter("ignore")
    sys.modules["numpy"] = None  # openpyxl takes numpy if present; only OCR needs it (_start_ocr)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # numpy's BLAS threads: address space
    ocr.on_start = _start_ocr
    _limit_self(request["memory"], request["cpu"], request.get("ocr_memory"),
                request.get("ocr_cpu"))
    data = sys.stdin.buffer.read()
    filename, content_type = request["filename"], request["content_type"]
    _emit({"mime": sniff_mime(data, filename, content_type)})
    doc = extract_document_text(data, filename, content_type, **request["limits"])
    memory = resource_memory()
    if doc.reason == OUT_OF_MEMORY or (doc.status == "error"
                                       and _short_of_memory(doc.reason, memory)):
        doc = replace(doc, status="too_large", reason=memory_reason(memory))
    _emit(asdict(doc))


def resource_memory() -> int:
    """This process's address-space budget now (the OCR one once OCR has started)."""
    import resource

    return resource.getrlimit(resource.RLIMIT_AS)[0]


def _short_of_memory(reason: str, memory_bytes: int) -> bool:
    """Whether a reader's failure was (most likely) the memory budget: C libraries report a failed
    allocation in their own words, or this process came close to its address-space limit."""
    if _MEMORY_WORDS.search(reason):
        return True
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return False
    peak = re.search(r"^VmPeak:\s+(\d+) kB", status, re.M)
    return bool(peak) and int(peak.group(1)) * 1024 > 0.75 * memory_bytes


if __name__ == "__main__":
    _child(json.loads(sys.argv[1]))
