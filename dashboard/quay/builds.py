"""Quay operations for repository builds, their status and their logs.

Build logs: `GET .../build/{uuid}/logs?start=N` answers `{start, total, logs}` with every entry
from N to the end (Quay has no page size), or `{logs_url}` once the log has been archived to
storage. The superuser endpoints (`/api/v1/superuser/{uuid}/...`) answer the same shapes for any
repository's build.
"""

from __future__ import annotations

import codecs
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from .errors import QuayUnavailable
from .transport import QuayTransport, api_path, filled

# Phases after which a build never changes again. "expired" is Quay's name for an internal error
# with no retries left; "internalerror" with retries left is requeued, but Quay's own UI stops
# watching it too, and a requeued build shows up as a phase change at the next status check.
FINAL_PHASES = frozenset({"complete", "error", "cancelled", "expired", "internalerror"})
# Quay refuses to cancel from these (data/model/build.py PHASES_NOT_ALLOWED_TO_CANCEL_FROM).
UNCANCELLABLE_PHASES = FINAL_PHASES | {"pushing"}

PHASE_LABELS = {
    "waiting": "Waiting",
    "build-scheduled": "Scheduled",
    "starting": "Starting",
    "initializing": "Initializing",
    "unpacking": "Unpacking",
    "pulling": "Pulling base image",
    "checking-cache": "Checking cache",
    "priming-cache": "Priming cache",
    "building": "Building",
    "pushing": "Pushing",
    "complete": "Complete",
    "error": "Failed",
    "internalerror": "Internal error",
    "expired": "Expired",
    "cancelled": "Cancelled",
    "cannot_load": "Status unavailable",
}


def phase_label(phase: str) -> str:
    return PHASE_LABELS.get(phase, phase.replace("-", " ").replace("_", " ").capitalize())


def phase_is_final(phase: str) -> bool:
    return phase in FINAL_PHASES


def _count(value: Any) -> int | None:
    """Quay's step counters are whole numbers or null (not yet known)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class BuildStatus:
    """Where a running build is: the Dockerfile step it runs, of how many."""

    current_command: int | None = None
    total_commands: int | None = None

    @classmethod
    def from_api(cls, body: Any) -> BuildStatus:
        if not isinstance(body, dict):
            return cls()
        return cls(
            current_command=_count(body.get("current_command")),
            total_commands=_count(body.get("total_commands")),
        )


@dataclass(frozen=True)
class Build:
    id: str
    phase: str
    started: str | None
    display_name: str
    tags: list[str]
    namespace: str
    repository: str
    subdirectory: str = ""
    dockerfile_path: str = ""
    context: str = ""
    manual_user: str | None = None
    is_writer: bool = False
    pull_robot: str | None = None
    error: str | None = None
    archive_url: str | None = None
    resource_key: str | None = None
    trigger_service: str | None = None
    trigger_source: str | None = None
    trigger_commit: str | None = None
    trigger_ref: str | None = None
    status: BuildStatus = field(default_factory=BuildStatus)

    @property
    def is_final(self) -> bool:
        return phase_is_final(self.phase)

    @property
    def can_cancel(self) -> bool:
        return self.phase not in UNCANCELLABLE_PHASES

    @property
    def phase_label(self) -> str:
        return phase_label(self.phase)

    @property
    def archive_href(self) -> str:
        """The archive URL if it is one a browser may follow (Quay's text is untrusted)."""
        url = self.archive_url or ""
        return url if urlsplit(url).scheme in ("http", "https") else ""

    @property
    def short_id(self) -> str:
        return self.id.split("-", 1)[0]

    @property
    def triggered_by(self) -> str:
        """Who or what started the build, as Quay's UI says it."""
        if self.manual_user:
            return self.manual_user
        if self.trigger_service:
            source = f" ({self.trigger_source})" if self.trigger_source else ""
            return f"{self.trigger_service} trigger{source}"
        return "—"

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Build:
        trigger = body.get("trigger") or {}
        metadata = body.get("trigger_metadata") or {}
        robot = body.get("pull_robot")
        repository = body.get("repository") or {}
        return cls(
            id=str(body["id"]),
            phase=str(body.get("phase") or "waiting"),
            started=body.get("started"),
            display_name=str(body.get("display_name") or ""),
            tags=[str(tag) for tag in body.get("tags") or []],
            namespace=str(repository.get("namespace", "")),
            repository=str(repository.get("name", "")),
            subdirectory=str(body.get("subdirectory") or ""),
            dockerfile_path=str(body.get("dockerfile_path") or ""),
            context=str(body.get("context") or ""),
            manual_user=body.get("manual_user"),
            is_writer=bool(body.get("is_writer", False)),
            pull_robot=str(robot["name"]) if isinstance(robot, dict) and "name" in robot else None,
            error=body.get("error"),
            archive_url=body.get("archive_url"),
            resource_key=body.get("resource_key"),
            trigger_service=trigger.get("service"),
            trigger_source=trigger.get("build_source"),
            trigger_commit=metadata.get("commit") if isinstance(metadata, dict) else None,
            trigger_ref=metadata.get("ref") if isinstance(metadata, dict) else None,
            status=BuildStatus.from_api(body.get("status")),
        )


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line of a build log. `type` is "phase", "command", "error" or "" for output."""

    message: str
    type: str = ""
    datetime: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_api(cls, body: Any) -> LogEntry:
        if not isinstance(body, dict):
            return cls(message=str(body))
        raw_data = body.get("data")
        data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
        # Quay puts the time at the top for phases and commands, inside `data` for output.
        when = body.get("datetime") or data.get("datetime") or ""
        return cls(
            message=str(body.get("message") or ""),
            type=str(body.get("type") or ""),
            datetime=str(when),
            data=data,
        )


@dataclass(frozen=True)
class BuildLogPage:
    """Entries `start`, `start + 1`, ... of a log that has `total` entries so far."""

    start: int
    total: int
    entries: list[LogEntry]

    @property
    def end(self) -> int:
        return self.start + len(self.entries)

    def after(self, shown: int) -> list[LogEntry]:
        """The entries past the first `shown`: Quay may answer from an earlier `start` than
        asked (a log rewound or re-read), and what the page already has is never sent again."""
        return self.entries[max(0, shown - self.start) :]

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> BuildLogPage:
        entries = [LogEntry.from_api(item) for item in body.get("logs") or []]
        start = int(body.get("start") or 0)
        return cls(
            start=start, total=int(body.get("total") or start + len(entries)), entries=entries
        )


@dataclass(frozen=True)
class ArchivedLog:
    """A finished build whose log Quay moved to storage: fetch it from `url`."""

    url: str


BuildLog = BuildLogPage | ArchivedLog

# How much of a streamed log is read at a time: small enough to keep a 100,000-line download's
# memory flat, large enough that parsing is not dominated by the reads.
STREAM_CHUNK = 64 * 1024


class BuildsApi(QuayTransport):
    # --- A repository's builds ---

    def list_repo_builds(
        self, namespace: str, name: str, *, limit: int | None = None, since: int | None = None
    ) -> list[Build]:
        """GET /api/v1/repository/{repository}/build/ (newest first; Quay's default limit is 5)."""
        body = self.get(
            api_path("repository/{namespace}/{name}/build/", namespace=namespace, name=name),
            limit=limit,
            since=since,
        )
        return [Build.from_api(item) for item in (body or {}).get("builds", [])]

    def get_repo_build(self, namespace: str, name: str, uuid: str) -> Build:
        """GET /api/v1/repository/{repository}/build/{build_uuid}"""
        return Build.from_api(self.get(self._build_path(namespace, name, uuid)))

    def get_repo_build_status(self, namespace: str, name: str, uuid: str) -> Build:
        """GET /api/v1/repository/{repository}/build/{build_uuid}/status"""
        return Build.from_api(self.get(self._build_path(namespace, name, uuid) + "/status"))

    def get_repo_build_logs(self, namespace: str, name: str, uuid: str, start: int = 0) -> BuildLog:
        """GET /api/v1/repository/{repository}/build/{build_uuid}/logs?start=N"""
        body = self.get(self._build_path(namespace, name, uuid) + "/logs", start=start or None)
        return _build_log(body, self.base_url)

    def request_repo_build(
        self,
        namespace: str,
        name: str,
        *,
        archive_url: str,
        docker_tags: list[str],
        pull_robot: str = "",
        subdirectory: str = "",
        dockerfile_path: str = "",
        context: str = "",
    ) -> Build:
        """POST /api/v1/repository/{repository}/build/ (201 with the new build)."""
        payload = {
            "archive_url": archive_url,
            "docker_tags": docker_tags,
            **filled(context=context, pull_robot=pull_robot),
        }
        # Quay derives the context from whichever of these is present, so absent means absent.
        if dockerfile_path:
            payload["dockerfile_path"] = dockerfile_path
        elif subdirectory:
            payload["subdirectory"] = subdirectory
        body = self.request(
            "POST",
            api_path("repository/{namespace}/{name}/build/", namespace=namespace, name=name),
            json=payload,
        )
        return Build.from_api(body)

    def cancel_repo_build(self, namespace: str, name: str, uuid: str) -> None:
        """DELETE /api/v1/repository/{repository}/build/{build_uuid} (201 "Okay"; 400 once the
        build is pushing or finished)."""
        self.request("DELETE", self._build_path(namespace, name, uuid))

    def iter_repo_build_log(
        self, namespace: str, name: str, uuid: str, start: int = 0
    ) -> Iterator[LogEntry]:
        """Every entry from `start` on, read as a stream: one `logs?start=N` answer of any size
        is parsed entry by entry, never held whole. An archived log is streamed from storage."""
        return self._iter_log(self._build_path(namespace, name, uuid) + "/logs", start)

    # --- Any build, for a superuser ---

    def get_build_superuser(self, uuid: str) -> Build:
        """GET /api/v1/superuser/{build_uuid}/build"""
        return Build.from_api(self.get(api_path("superuser/{uuid}/build", uuid=uuid)))

    def get_build_status_superuser(self, uuid: str) -> Build:
        """GET /api/v1/superuser/{build_uuid}/status (400, not 404, for an unknown build)."""
        return Build.from_api(self.get(api_path("superuser/{uuid}/status", uuid=uuid)))

    def get_build_logs_superuser(self, uuid: str, start: int = 0) -> BuildLog:
        """GET /api/v1/superuser/{build_uuid}/logs?start=N"""
        body = self.get(api_path("superuser/{uuid}/logs", uuid=uuid), start=start or None)
        return _build_log(body, self.base_url)

    def iter_build_log_superuser(self, uuid: str, start: int = 0) -> Iterator[LogEntry]:
        """Like `iter_repo_build_log`, through GET /api/v1/superuser/{build_uuid}/logs."""
        return self._iter_log(api_path("superuser/{uuid}/logs", uuid=uuid), start)

    # --- Archived logs ---

    def fetch_archived_log(self, url: str) -> BuildLogPage:
        """GET the archived log Quay pointed to (gzipped `{start, total, logs}` in storage)."""
        entries = list(self.iter_archived_log(url))
        return BuildLogPage(start=0, total=len(entries), entries=entries)

    def iter_archived_log(self, url: str) -> Iterator[LogEntry]:
        """Stream an archived log from storage. The URL is Quay's (a signed storage URL or
        Quay's own /logarchive/); it gets no token, since it may be another host."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise QuayUnavailable("Quay pointed to an archived log that is not an http(s) URL.")
        response = self.stream(url, authorized=False)
        yield from _stream_entries(response, {})

    # --- Helpers ---

    @staticmethod
    def _build_path(namespace: str, name: str, uuid: str) -> str:
        return api_path(
            "repository/{namespace}/{name}/build/{uuid}", namespace=namespace, name=name, uuid=uuid
        )

    def _iter_log(self, path: str, start: int) -> Iterator[LogEntry]:
        # Quay answers with everything from `start` to the end, so one call is the whole log as
        # it stands; another call is made only if the answer came short of its own `total`.
        position = start
        while True:
            response = self.stream(
                self.base_url + path + (f"?start={position}" if position else "")
            )
            header: dict[str, Any] = {}
            received = 0
            skip: int | None = None
            for entry in _stream_entries(response, header):
                if skip is None:
                    # An earlier start than asked for: skip what was already given out.
                    skip = max(0, position - int(header.get("start", position)))
                if skip:
                    skip -= 1
                    continue
                received += 1
                yield entry
            if "logs_url" in header:
                yield from self.iter_archived_log(_absolute(str(header["logs_url"]), self.base_url))
                return
            position += received
            total = int(header.get("total") or 0)
            if received == 0 or position >= total:
                return


def _absolute(url: str, base_url: str) -> str:
    return urljoin(base_url + "/", url)


def _build_log(body: Any, base_url: str) -> BuildLog:
    if isinstance(body, dict) and body.get("logs_url"):
        return ArchivedLog(_absolute(str(body["logs_url"]), base_url))
    if not isinstance(body, dict):
        raise QuayUnavailable("Quay answered the build log with something unexpected.")
    return BuildLogPage.from_api(body)


# --- Reading `{"start": N, "total": M, "logs": [...]}` as a stream ----------------------------


def _decoded_chunks(response: requests.Response) -> Iterator[str]:
    """The body as text, chunk by chunk, gunzipped when storage sends gzip bytes without saying
    so in Content-Encoding (Quay archives logs gzipped)."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    unzip: Any = None
    first = True
    try:
        chunks = response.iter_content(chunk_size=STREAM_CHUNK)
        while True:
            # The body may break off after it began: a reset, fewer bytes than announced, a
            # read that times out, gzip that ends mid-stream.
            try:
                chunk = next(chunks, None)
                if chunk is None:
                    tail = unzip.flush() if unzip is not None else b""
                    break
                if first:
                    first = False
                    if chunk[:2] == b"\x1f\x8b":
                        unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
                if unzip is not None:
                    chunk = unzip.decompress(chunk)
            except requests.Timeout:
                raise QuayUnavailable("Quay stopped sending the build log (timeout).") from None
            except (requests.RequestException, zlib.error, OSError) as exc:
                reason = type(exc).__name__
                raise QuayUnavailable(f"Quay's build log broke off ({reason}).") from None
            if chunk:
                yield decoder.decode(chunk)
        if unzip is not None and not unzip.eof:
            raise QuayUnavailable("Quay's build log broke off (the archive ends early).")
        yield decoder.decode(tail, final=True)
    finally:
        response.close()


class _Reader:
    """Just enough of an incremental JSON reader for one object whose big member is a list."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self.chunks = chunks
        self.buffer = ""
        self.pos = 0
        self.decoder = json.JSONDecoder()
        self.exhausted = False

    def _more(self) -> bool:
        if self.exhausted:
            return False
        for chunk in self.chunks:
            if chunk:
                # Drop what was consumed, so the buffer stays the size of a chunk or two.
                self.buffer = self.buffer[self.pos :] + chunk
                self.pos = 0
                return True
        self.exhausted = True
        return False

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise QuayUnavailable("Quay answered the build log with something that is not JSON.")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError:
                if not self._more():
                    raise QuayUnavailable("Quay's build log answer ended early.") from None
                continue
            # A number at the end of the buffer may go on in the next chunk.
            incomplete = end >= len(self.buffer) and not isinstance(value, dict | list | str)
            if incomplete and self._more():
                continue
            self.pos = end
            return value


def _stream_entries(response: requests.Response, header: dict[str, Any]) -> Iterator[LogEntry]:
    """Yield the entries of `logs` one at a time; the other members land in `header` (they
    may come before or after the list)."""
    reader = _Reader(_decoded_chunks(response))
    reader.expect("{")
    if reader.peek() == "}":
        return
    while True:
        key = reader.value()
        reader.expect(":")
        if key == "logs" and reader.peek() == "[":
            reader.expect("[")
            if reader.peek() == "]":
                reader.pos += 1
            else:
                while True:
                    yield LogEntry.from_api(reader.value())
                    following = reader.peek()
                    reader.pos += 1
                    if following == "]":
                        break
                    if following != ",":
                        raise QuayUnavailable("Quay's build log answer is not valid JSON.")
        else:
            header[str(key)] = reader.value()
        following = reader.peek()
        reader.pos += 1
        if following == "}":
            return
        if following != ",":
            raise QuayUnavailable("Quay's build log answer is not valid JSON.")


__all__ = [
    "FINAL_PHASES",
    "ArchivedLog",
    "Build",
    "BuildLog",
    "BuildLogPage",
    "BuildsApi",
    "LogEntry",
    "phase_is_final",
    "phase_label",
]
