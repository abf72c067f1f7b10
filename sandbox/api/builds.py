"""Repository builds, build status and build logs (`?start=N` -> `{start, total, logs}`;
archived logs answer `{logs_url}`), plus the superuser build views.

Besides the three recorded builds of devtable/building, the seed adds on buynlarge/orgrepo:

- a *live* build that moves on one step each time its log is fetched (a phase change or a few
  new lines), from `waiting` to `complete`: a build that progresses while it is watched;
- a finished build whose log is archived (`logs_url`, served by the sandbox at /logarchive/);
- a failed build and a cancelled one, older, for the list's date ranges.

Builds started through `POST .../build/` run the same way as the live build. `add_big_log_build`
makes a finished build with a log of any size on demand (the benchmark's 50,000 entries; over
HTTP: `POST /_sandbox/builds/big-log?entries=N`), and
`add_live_build` a live one with a script of a chosen length (tests).

Endpoints register on import with `@route(...)` (see `sandbox.router`); helpers for
Quay's errors, scope checks and paging are in `sandbox.api.common`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import time
import uuid as uuidlib
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sandbox.api.common import (
    api_error,
    has_scope,
    http_date,
    insufficient_scope,
    invalid_request,
    is_org_admin,
    is_superuser,
    not_found,
    ok,
    require_scope,
    require_superuser,
)
from sandbox.api.repositories import readable_repository, repository_role
from sandbox.router import Request, Response, route
from sandbox.world import Build, Repository, World

LIVE_BUILD_ID = "4c1f6e2a-5b7d-4e8a-9f10-2b3c4d5e6f70"
ARCHIVED_BUILD_ID = "7d2e9a41-0c3b-4f5d-8e6a-1b2c3d4e5f60"
FAILED_BUILD_ID = "9e8d7c6b-5a49-4382-a716-0f1e2d3c4b5a"
CANCELLED_BUILD_ID = "2a4b6c8d-0e1f-4a3b-8c5d-7e9f0a1b2c3d"
BIG_BUILD_ID = "b16b16b1-6000-4000-8000-000000050000"

# data/database.py BUILD_PHASE, plus the API's own "expired".
FINAL_PHASES = frozenset({"complete", "error", "cancelled", "expired", "internalerror"})
# data/model/build.py: a build can't be cancelled once it pushes or has finished.
PHASES_NOT_ALLOWED_TO_CANCEL_FROM = frozenset({"pushing", "complete", "error", "internalerror"})

_AREA = "builds"
# The recorded builds stay alone on devtable/building (as recorded); the seeded ones run on an
# organization's repository, where pull robots and a read-only team member (reader) exist.
DEMO_REPOSITORY = ("buynlarge", "orgrepo")


# --- State the world's Build dataclass has no room for ---------------------------------------


@dataclass
class Step:
    """One move of a live build: an optional new phase, then some log entries."""

    phase: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)
    status: dict[str, Any] = field(default_factory=dict)


@dataclass
class BuildExtras:
    archive_url: str | None = None
    script: list[Step] = field(default_factory=list)
    position: int = 0


def _extras(world: World) -> dict[str, BuildExtras]:
    return world.extras.setdefault(_AREA, {})


def _extra(world: World, build_id: str) -> BuildExtras:
    return _extras(world).setdefault(build_id, BuildExtras())


# --- Log entries in Quay's shapes -------------------------------------------------------------


def _stamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def phase_entry(phase: str, epoch: float) -> dict[str, Any]:
    return {"message": phase, "type": "phase", "datetime": _stamp(epoch)}


def command_entry(message: str, epoch: float) -> dict[str, Any]:
    return {"message": message, "type": "command", "datetime": _stamp(epoch)}


def output_entry(message: str, epoch: float) -> dict[str, Any]:
    return {"message": message, "data": {"datetime": _stamp(epoch)}}


def error_entry(message: str, epoch: float) -> dict[str, Any]:
    return {
        "message": message,
        "type": "error",
        "data": {"datetime": _stamp(epoch), "internal_error": False},
    }


_BASE_IMAGE = "registry.access.redhat.com/ubi9/ubi-minimal:latest"
_COMMANDS = (
    "FROM " + _BASE_IMAGE,
    "RUN microdnf install -y python3.12 && microdnf clean all",
    "COPY requirements.txt /app/",
    "RUN python3.12 -m pip install --no-cache-dir -r /app/requirements.txt",
    "COPY . /app",
    'CMD ["python3.12", "-m", "app"]',
)
_OUTPUT = (
    "\x1b[32mSuccessfully\x1b[0m fetched 14 packages",
    "Installing: python3.12-3.12.5-2.el9.x86_64",
    "\x1b[33mWARNING:\x1b[0m Running pip as the 'root' user can result in broken permissions",
    "Collecting django>=6.1",
    "\x1b[1mDownloading\x1b[0m django-6.1-py3-none-any.whl (8.3 MB)",
    "Successfully installed asgiref sqlparse django",
    " ---> Running in 4f1c2a9be0d7",
    " ---> 9a8b7c6d5e4f",
    "Removing intermediate container 4f1c2a9be0d7",
)


def live_script(commands: int = len(_COMMANDS), final: str = "complete") -> list[Step]:
    """The steps of a build from `waiting` to `final`, a few lines at a time."""
    steps = [
        Step("build-scheduled"),
        Step("unpacking", [output_entry("Unpacking build package", 0)]),
        Step(
            "pulling",
            [
                output_entry(f"Pulling base image {_BASE_IMAGE}", 0),
                output_entry("\x1b[36mlatest\x1b[0m: Pulling from ubi9/ubi-minimal", 0),
            ],
        ),
        Step("building", [], {"total_commands": commands, "current_command": 0}),
    ]
    for number in range(1, commands + 1):
        command = _COMMANDS[(number - 1) % len(_COMMANDS)]
        outputs = [_OUTPUT[(number * 3 + k) % len(_OUTPUT)] for k in range(3)]
        status = {"total_commands": commands, "current_command": number}
        steps.append(
            Step(
                None,
                [command_entry(f"Step {number}/{commands} : {command}", 0)]
                + [output_entry(text, 0) for text in outputs[:2]],
                status,
            )
        )
        steps.append(Step(None, [output_entry(outputs[2], 0)], status))
    if final == "error":
        steps.append(
            Step(
                None,
                [error_entry("The command '/bin/sh -c make test' returned a non-zero code: 2", 0)],
            )
        )
        steps.append(Step("error"))
        return steps
    steps.append(
        Step(
            "pushing",
            [output_entry("Pushing layer sha256:9a8b7c6d5e4f (1 of 3)", 0)],
            {"push_completion": 0.3},
        )
    )
    steps.append(Step(None, [output_entry("Pushed 3 layers", 0)], {"push_completion": 1.0}))
    steps.append(Step(final))
    return steps


def finished_log(script: list[Step], started: float) -> list[dict[str, Any]]:
    """The whole log of a script, as it stands once the build has run through it."""
    entries: list[dict[str, Any]] = []
    for step in script:
        if step.phase:
            entries.append(phase_entry(step.phase, started + len(entries)))
        for entry in step.entries:
            entries.append(_restamped(entry, started + len(entries)))
    return entries


def _restamped(entry: dict[str, Any], epoch: float) -> dict[str, Any]:
    copy = deepcopy(entry)
    if "datetime" in copy:
        copy["datetime"] = _stamp(epoch)
    if isinstance(copy.get("data"), dict) and "datetime" in copy["data"]:
        copy["data"]["datetime"] = _stamp(epoch)
    return copy


def recorded_fixture_log(world: World) -> list[dict[str, Any]]:
    """deadbeef's log in the order the recordings show: a phase, three lines of output, a
    phase, then commands (so `logs?start=5` begins with a command, as recorded)."""
    base = world.at(234) + 0.719423  # as recorded: 234 s after the capture

    def at(i: int) -> float:
        return base + i * 0.000037

    entries = [
        phase_entry("initializing", at(0)),
        output_entry("\x1b[91mDolor ac elit torquent phasellus ut eleifend lectus.", at(1)),
        output_entry("\x1b[0m", at(2)),
        output_entry("Ullamcorper a suspendisse nunc mus, habitasse quis.", at(3)),
        phase_entry("building", at(4)),
    ]
    for step in range(1, 9):
        entries.append(command_entry(f"Step {step}: EXPOSE Dui et suscipit netus litora.", at(5)))
        for line in range(4):
            text = _OUTPUT[(step + line) % len(_OUTPUT)]
            entries.append(output_entry(text, at(len(entries))))
    return entries


# --- Seed ------------------------------------------------------------------------------------


def _new_build(
    build_id: str,
    started: float,
    phase: str,
    *,
    manual_user: str | None = "devtable",
    tags: list[str] | None = None,
    archive_url: str | None = None,
    world: World,
) -> Build:
    build = Build(
        build_id,
        "",
        started=int(started),
        phase=phase,
        display_name=hashlib.sha224((archive_url or build_id).encode()).hexdigest()[:7],
        tags=tags or ["latest"],
        manual_user=manual_user,
        dockerfile_path="Dockerfile",
        subdirectory="Dockerfile",
        context="",
    )
    _extra(world, build_id).archive_url = archive_url
    return build


def _add(repo: Repository, build: Build) -> None:
    repo.builds.append(build)
    repo.builds.sort(key=lambda b: b.started, reverse=True)


def add_live_build(
    world: World,
    build_id: str = LIVE_BUILD_ID,
    *,
    repository: tuple[str, str] = DEMO_REPOSITORY,
    commands: int = len(_COMMANDS),
    final: str = "complete",
    started: float | None = None,
) -> Build:
    """A `waiting` build that moves one step per fetch of its log until it reaches `final`."""
    build = _new_build(
        build_id,
        time.time() if started is None else started,
        "waiting",
        tags=["latest", "live"],
        archive_url="https://github.com/quayside-demo/app/archive/refs/heads/main.tar.gz",
        world=world,
    )
    _extra(world, build_id).script = live_script(commands, final)
    _add(world.repositories[repository], build)
    return build


def add_big_log_build(
    world: World,
    entries: int = 50_000,
    build_id: str = BIG_BUILD_ID,
    repository: tuple[str, str] = DEMO_REPOSITORY,
) -> Build:
    """A finished build with a log of `entries` entries (for the benchmark; not seeded, so that a
    reset stays quick)."""
    now = time.time()
    build = _new_build(build_id, now - 600, "complete", tags=["big"], world=world)
    log: list[dict[str, Any]] = [phase_entry("building", now - 600)]
    stamp = _stamp(now - 590)
    command = 0
    while len(log) < entries - 1:
        if len(log) % 500 == 1:
            command += 1
            log.append({"message": f"Step {command} : RUN make part-{command}", "type": "command",
                        "datetime": stamp})  # fmt: skip
        else:
            log.append({"message": f"\x1b[32mok\x1b[0m test_{len(log)} passed",
                        "data": {"datetime": stamp}})  # fmt: skip
    log.append(phase_entry("complete", now))
    build.logs = log[:entries]
    _add(world.repositories[repository], build)
    return build


def seed(world: World) -> None:
    """The live, archived, failed and cancelled builds, and deadbeef's log as recorded."""
    building = world.repositories[("devtable", "building")]
    for build in building.builds:
        if build.id.startswith("deadbeef"):
            build.logs = recorded_fixture_log(world)
    now = world.now
    add_live_build(world, started=now - 30)
    orgrepo = world.repositories[DEMO_REPOSITORY]

    archived = _new_build(
        ARCHIVED_BUILD_ID,
        now - 3 * 3600,
        "complete",
        tags=["latest", "v1.4.2"],
        archive_url="https://github.com/quayside-demo/app/archive/refs/tags/v1.4.2.tar.gz",
        world=world,
    )
    archived.logs = finished_log(live_script(), now - 3 * 3600)
    archived.logs_archived = True
    _add(orgrepo, archived)

    failed = _new_build(
        FAILED_BUILD_ID,
        now - 26 * 3600,
        "error",
        manual_user=None,
        tags=["nightly"],
        world=world,
    )
    recorded = next(b for b in building.builds if b.trigger)
    failed.trigger = deepcopy(recorded.trigger)
    failed.trigger_metadata = deepcopy(recorded.trigger_metadata)
    failed.logs = finished_log(live_script(commands=3, final="error"), now - 26 * 3600)
    _add(orgrepo, failed)

    cancelled = _new_build(
        CANCELLED_BUILD_ID,
        now - 9 * 86400,
        "cancelled",
        tags=["experiment"],
        archive_url="https://example.com/archives/experiment.tar.gz",
        world=world,
    )
    _add(orgrepo, cancelled)


# --- Progress --------------------------------------------------------------------------------


def advance(world: World, build: Build) -> None:
    """A live build takes its next step (called whenever its log is fetched)."""
    extra = _extras(world).get(build.id)
    if extra is None or build.phase in FINAL_PHASES or extra.position >= len(extra.script):
        return
    step = extra.script[extra.position]
    extra.position += 1
    now = time.time()
    if step.phase and step.phase != build.phase:
        build.phase = step.phase
        build.logs.append(phase_entry(step.phase, now))
    for entry in step.entries:
        build.logs.append(_restamped(entry, now))
    if step.status:
        build.status = {
            "total_commands": None,
            "current_command": None,
            "push_completion": 0.0,
            "pull_completion": 1.0 if build.phase != "pulling" else 0.5,
            **build.status,
            **step.status,
        }


# --- Views -----------------------------------------------------------------------------------


def _trigger_view(
    trigger: dict[str, Any] | None, can_read: bool, can_admin: bool, *, superuser: bool
) -> dict[str, Any] | None:
    if not trigger:
        return None
    view = {
        "id": trigger["id"],
        "service": trigger["service"],
        "is_active": trigger.get("is_active", False),
        "build_source": trigger.get("build_source") if can_read else None,
        "repository_url": trigger.get("repository_url") if can_read else None,
        "config": trigger.get("config", {}) if can_admin else {},
        "can_invoke": can_admin,
        "enabled": trigger.get("enabled", True),
        "disabled_reason": trigger.get("disabled_reason"),
    }
    if superuser:
        # The superuser view (superuser_models_pre_oci) predates trigger disabling.
        del view["enabled"], view["disabled_reason"]
    return view


def _can_write(req: Request, repo: Repository) -> bool:
    return repository_role(req, repo) in ("write", "admin") and has_scope(req, "repo:write")


def build_view(req: Request, repo: Repository, build: Build, *, superuser: bool = False) -> dict:
    role = repository_role(req, repo)
    can_read = role is not None or superuser
    can_write = _can_write(req, repo) or superuser
    can_admin = (role == "admin" and has_scope(req, "repo:admin")) or superuser
    # Quay reads the live status (from its build-log store) only while a build runs; the
    # superuser view reads it always, and the store answers its defaults for an idle build.
    status: dict[str, Any] = {} if build.phase in FINAL_PHASES else dict(build.status)
    if superuser:
        status = {
            "total_commands": None,
            "current_command": None,
            "push_completion": 0.0,
            "pull_completion": 0.0,
            **build.status,
        }
    robot = req.world.robot(build.pull_robot) if build.pull_robot else None
    body: dict[str, Any] = {
        "id": build.id,
        "phase": build.phase,
        "started": http_date(build.started),
        "display_name": build.display_name,
        "status": status,
        "subdirectory": build.subdirectory,
        "dockerfile_path": build.dockerfile_path,
        "context": build.context,
        "tags": list(build.tags),
        "manual_user": build.manual_user,
        "is_writer": can_write,
        "trigger": _trigger_view(build.trigger, can_read, can_admin, superuser=superuser),
        "trigger_metadata": deepcopy(build.trigger_metadata) if can_read else None,
        "resource_key": build.resource_key or None,
        "pull_robot": (
            {"name": robot.name, "kind": "user", "is_robot": True} if robot is not None else None
        ),
        "repository": {"namespace": repo.namespace, "name": repo.name},
        "error": build.error,
    }
    if can_write:
        archive_url = _extra(req.world, build.id).archive_url
        if build.resource_key:
            body["archive_url"] = f"{req.base_url}/userfiles/{build.resource_key}"
        elif archive_url:
            body["archive_url"] = archive_url
    return body


def _find(repo: Repository, build_uuid: str) -> Build | None:
    return next((b for b in repo.builds if b.id == build_uuid), None)


def _find_anywhere(world: World, build_uuid: str) -> tuple[Repository, Build] | None:
    for repo in world.repositories.values():
        build = _find(repo, build_uuid)
        if build is not None:
            return repo, build
    return None


def _repo_build(req: Request) -> tuple[Repository, Build]:
    repo = readable_repository(req, req.params["namespace"], req.params["name"])
    build = _find(repo, req.params["build_uuid"])
    if build is None:
        raise not_found(req)
    return repo, build


def _int_arg(req: Request, name: str, default: int | None) -> int | None:
    raw = req.query.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise invalid_request(req, f"{name}: invalid literal for int() with base 10") from exc


def _logs_or_log_url(req: Request, build: Build) -> Response:
    advance(req.world, build)
    if build.logs_archived:
        return ok({"logs_url": f"{req.base_url}/logarchive/{build.id}"})
    start = max(0, _int_arg(req, "start", 0) or 0)
    return ok({"start": start, "total": len(build.logs), "logs": build.logs[start:]})


# --- A repository's builds -------------------------------------------------------------------


@route("GET", "/api/v1/repository/{namespace}/{name}/build/")
def list_builds(req: Request) -> Response:
    repo = readable_repository(req, req.params["namespace"], req.params["name"])
    limit = _int_arg(req, "limit", 5) or 0
    since = _int_arg(req, "since", None)
    builds = sorted(repo.builds, key=lambda b: b.started, reverse=True)
    if since is not None:
        builds = [b for b in builds if b.started >= since]
    return ok({"builds": [build_view(req, repo, b) for b in builds[: max(0, limit)]]})


@route("GET", "/api/v1/repository/{namespace}/{name}/build/{build_uuid}")
def get_build(req: Request) -> Response:
    repo, build = _repo_build(req)
    return ok(build_view(req, repo, build))


@route("GET", "/api/v1/repository/{namespace}/{name}/build/{build_uuid}/status")
def get_build_status(req: Request) -> Response:
    repo, build = _repo_build(req)
    return ok(build_view(req, repo, build))


@route("GET", "/api/v1/repository/{namespace}/{name}/build/{build_uuid}/logs")
def get_build_logs(req: Request) -> Response:
    repo = readable_repository(req, req.params["namespace"], req.params["name"])
    # READER_BUILD_LOGS is off by default: reading the log takes write access.
    if not _can_write(req, repo) and not is_superuser(req):
        raise insufficient_scope(req)
    build = _find(repo, req.params["build_uuid"])
    if build is None:
        raise not_found(req)
    return _logs_or_log_url(req, build)


def _dockerfile_context(body: dict[str, Any]) -> tuple[str, str]:
    """endpoints/api/build.py get_dockerfile_context: (context, build_subdir)."""
    context = body.get("context", "/")
    if "dockerfile_path" in body:
        subdir = body["dockerfile_path"]
        if "context" not in body:
            context = os.path.dirname(subdir)
        return context, subdir
    if "subdirectory" in body:
        subdir = body["subdirectory"]
        context = subdir
        if not subdir.endswith("/"):
            subdir += "/"
        return context, subdir + "Dockerfile"
    return context, (context if context.endswith("/") else context + "/") + "Dockerfile"


def _validate_build_request(req: Request, body: Any) -> dict[str, Any]:
    """The RepositoryBuildRequest JSON schema, with jsonschema's first message (Python reprs)."""
    if not isinstance(body, dict):
        raise invalid_request(req, "Missing JSON body")
    for key in ("file_id", "archive_url", "subdirectory", "dockerfile_path", "context",
                "pull_robot"):  # fmt: skip
        if key in body and not isinstance(body[key], str):
            raise invalid_request(req, f"{body[key]!r} is not of type 'string'")
    if "docker_tags" in body:
        tags = body["docker_tags"]
        if not isinstance(tags, list):
            raise invalid_request(req, f"{tags!r} is not of type 'array'")
        if not tags:
            raise invalid_request(req, "[] should be non-empty")
        if len(set(map(str, tags))) != len(tags):
            raise invalid_request(req, f"{tags!r} has non-unique elements")
        for tag in tags:
            if not isinstance(tag, str):
                raise invalid_request(req, f"{tag!r} is not of type 'string'")
    return body


@route("POST", "/api/v1/repository/{namespace}/{name}/build/")
def request_build(req: Request) -> Response:
    namespace, name = req.params["namespace"], req.params["name"]
    principal = require_scope(req, "repo:write")
    repo = req.world.repository(namespace, name)
    if repo is None:
        raise not_found(req)
    if repository_role(req, repo) not in ("write", "admin") and not is_superuser(req):
        raise insufficient_scope(req)
    if repo.state != "NORMAL":
        raise invalid_request(req, "Repository is in read only or mirror mode")
    body = _validate_build_request(req, req.json())
    archive_url = body.get("archive_url")
    if not body.get("file_id") and not archive_url:
        raise invalid_request(req, "file_id or archive_url required")
    if body.get("file_id"):
        # The sandbox has no user file storage: an uploaded build package never exists here.
        raise invalid_request(req, f"File {body['file_id']} could not be found or is invalid")
    if str(archive_url).split(":", 1)[0] not in ("http", "https") or ":" not in str(archive_url):
        raise invalid_request(req, "Invalid Archive URL: Must be http or https")
    context, subdir = _dockerfile_context(body)
    robot_name = body.get("pull_robot")
    if robot_name:
        robot_namespace, plus, short = robot_name.partition("+")
        if not plus or not short:
            raise insufficient_scope(req)
        if req.world.robot(robot_name) is None:
            raise not_found(req)
        own = robot_namespace == principal.username
        if not own and not is_org_admin(req, robot_namespace) and not is_superuser(req):
            raise insufficient_scope(req)
    build_id = str(uuidlib.uuid4())
    build = _new_build(
        build_id,
        time.time(),
        "waiting",
        manual_user=principal.username,
        tags=list(body.get("docker_tags") or ["latest"]),
        archive_url=archive_url,
        world=req.world,
    )
    build.subdirectory = build.dockerfile_path = subdir
    build.context = context
    build.pull_robot = robot_name or None
    _extra(req.world, build_id).script = live_script()
    _add(repo, build)
    location = f"{req.base_url}/api/v1/repository/{namespace}/{name}/build/{build_id}/status"
    status, payload, headers = ok(build_view(req, repo, build), 201)
    return status, payload, {**headers, "Location": location}


@route("DELETE", "/api/v1/repository/{namespace}/{name}/build/{build_uuid}")
def cancel_build(req: Request) -> Response:
    require_scope(req, "repo:admin")
    repo = req.world.repository(req.params["namespace"], req.params["name"])
    if repo is None:
        raise not_found(req)
    if repository_role(req, repo) != "admin" and not is_superuser(req):
        raise insufficient_scope(req)
    build = _find(repo, req.params["build_uuid"])
    if build is None:
        raise not_found(req)
    if build.phase in PHASES_NOT_ALLOWED_TO_CANCEL_FROM or build.phase == "cancelled":
        raise invalid_request(req, "Build is currently running or has finished")
    # Quay writes no log entry for a cancellation: only the build's phase says so.
    build.phase = "cancelled"
    build.status = {}
    # Flask-RESTful encodes the string: the body is the JSON `"Okay"`.
    return ok(json.dumps("Okay"), 201)


# --- Any build, for a superuser --------------------------------------------------------------


def _superuser_build(req: Request, *, missing_is_400: bool) -> tuple[Repository, Build]:
    require_superuser(req)
    found = _find_anywhere(req.world, req.params["build_uuid"])
    if found is None:
        if missing_is_400:
            # InvalidRepositoryBuildException becomes InvalidResponse (400) on these two.
            raise api_error(
                req,
                400,
                "invalid_response",
                f"Unable to locate a build by id: {req.params['build_uuid']}",
            )
        raise not_found(req)
    return found


@route("GET", "/api/v1/superuser/{build_uuid}/build")
def get_build_superuser(req: Request) -> Response:
    repo, build = _superuser_build(req, missing_is_400=False)
    return ok(build_view(req, repo, build, superuser=True))


@route("GET", "/api/v1/superuser/{build_uuid}/status")
def get_build_status_superuser(req: Request) -> Response:
    repo, build = _superuser_build(req, missing_is_400=True)
    return ok(build_view(req, repo, build, superuser=True))


@route("GET", "/api/v1/superuser/{build_uuid}/logs")
def get_build_logs_superuser(req: Request) -> Response:
    _, build = _superuser_build(req, missing_is_400=True)
    return _logs_or_log_url(req, build)


# --- Archived logs, where Quay's log archive (storage) would serve them ----------------------


@route("GET", "/logarchive/{build_uuid}")
def archived_log(req: Request) -> Response:
    found = _find_anywhere(req.world, req.params["build_uuid"])
    if found is None or not found[1].logs_archived:
        return 404, "Not Found", {"Content-Type": "text/plain"}
    logs = found[1].logs
    document = json.dumps({"start": 0, "total": len(logs), "logs": logs}).encode()
    # Quay's archiver stores the JSON gzipped, with Content-Encoding: gzip on the object.
    return (
        200,
        gzip.compress(document),
        {
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
    )


# --- Sandbox controls (not Quay's): for demos and manual benchmarks ---------------------------


@route("POST", "/_sandbox/builds/big-log")
def make_big_log_build(req: Request) -> Response:
    """`POST /_sandbox/builds/big-log?entries=50000`: add (or replace) the big finished build on
    buynlarge/orgrepo and answer its id. Not seeded, so that a reset stays quick."""
    entries = _int_arg(req, "entries", 50_000) or 0
    if not 1 <= entries <= 1_000_000:
        raise invalid_request(req, "entries: between 1 and 1000000")
    repo = req.world.repositories[DEMO_REPOSITORY]
    repo.builds = [b for b in repo.builds if b.id != BIG_BUILD_ID]
    build = add_big_log_build(req.world, entries)
    return ok({"id": build.id, "entries": len(build.logs)}, 201)
