"""Build triggers of a repository: list, read, enable and disable, start by hand, delete.

Recorded behaviour to match (`responses-next/` 456-475): every trigger endpoint needs admin on
the repository (read access gets 403); the fixture's GitHub trigger on devtable/building was
never activated (no webhook), so PUT answers 400 "Cannot update an unactivated trigger" and a
manual start 400 "Trigger is not active."; the start body takes only `branch_name`,
`commit_sha` and `refs`; activation checks the pull robot first (another namespace's robot: 403,
an unknown one: 404).

Quay's API cannot create a trigger: that happens in Quay's own pages, through the external
service's OAuth (or, for a custom git trigger, Quay's setup page). So that the sandbox shows
what an activated trigger does, devtable/building also has an activated custom git trigger,
whose manual start queues a build like any other.
"""

from __future__ import annotations

import time
import uuid
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from sandbox.api.builds import add_live_build, build_view
from sandbox.api.common import (
    insufficient_scope,
    invalid_request,
    no_content,
    not_found,
    ok,
)
from sandbox.api.mirroring import (
    admin_repository,
    json_object,
    log,
    performer,
    schema_error,
)
from sandbox.router import Request, Response, route
from sandbox.world import Repository, World

FIXTURE_TRIGGER_ID = "10187152-f41a-494b-af12-af495397060f"
CUSTOM_TRIGGER_ID = "c0ffee00-5a4d-4b0c-9e1a-b0117d1c0de5"
START_FIELDS = ("branch_name", "commit_sha", "refs")
WAITING_STATUS = {
    "total_commands": None,
    "current_command": None,
    "push_completion": 0.0,
    "pull_completion": 0.0,
}


@dataclass
class Trigger:
    id: str
    service: str
    build_source: str
    config: dict[str, Any]
    is_active: bool
    repository_url: str | None = None
    enabled: bool = True
    disabled_reason: str | None = None
    pull_robot: str | None = None
    created: float = field(default_factory=time.time)


def triggers(world: World) -> dict[tuple[str, str], list[Trigger]]:
    found: dict[tuple[str, str], list[Trigger]] = world.extras.setdefault("triggers", {})
    return found


def seed(world: World) -> None:
    triggers(world)[("devtable", "building")] = [
        Trigger(
            FIXTURE_TRIGGER_ID,
            "github",
            "jakedt/testconnect",
            {
                "build_source": "jakedt/testconnect",
                "subdir": "",
                "dockerfile_path": "Dockerfile",
                "context": "/",
            },
            is_active=False,
            repository_url="https://github.com/jakedt/testconnect",
            pull_robot="devtable+dtrobot",
        ),
        Trigger(
            CUSTOM_TRIGGER_ID,
            "custom-git",
            "git@git.example.com:devtable/building.git",
            {
                "build_source": "git@git.example.com:devtable/building.git",
                "dockerfile_path": "/Dockerfile",
                "context": "/",
                "branchtag_regex": "^(heads/main|tags/v.+)$",
                "default_tag_from_ref": True,
                "latest_for_default_branch": True,
            },
            is_active=True,
        ),
    ]


def trigger_view(trigger: Trigger, *, with_robot: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": trigger.id,
        "service": trigger.service,
        "is_active": trigger.is_active,
        "build_source": trigger.build_source,
        "repository_url": trigger.repository_url,
        "config": deepcopy(trigger.config),
        "can_invoke": True,
        "enabled": trigger.enabled,
        "disabled_reason": trigger.disabled_reason,
    }
    if with_robot:
        body["pull_robot"] = (
            {"name": trigger.pull_robot, "kind": "user", "is_robot": True}
            if trigger.pull_robot
            else None
        )
    return body


def _trigger(req: Request, repo: Repository) -> Trigger:
    for trigger in triggers(req.world).get((repo.namespace, repo.name), []):
        if trigger.id == req.params["trigger_uuid"]:
            return trigger
    raise not_found(req)


@route("GET", "/api/v1/repository/{namespace}/{name}/trigger/")
def list_triggers(req: Request) -> Response:
    repo = admin_repository(req)
    found = triggers(req.world).get((repo.namespace, repo.name), [])
    return ok({"triggers": [trigger_view(trigger) for trigger in found]})


def _required_field(
    req: Request, body: dict[str, Any], key: str, kind: type, kind_name: str
) -> Any:
    """A property the request's JSON schema requires, of one type: refused as Quay words a
    schema failure when it is missing or of another type."""
    if key not in body:
        raise schema_error(req, f"'{key}' is a required property", "'required'", body)
    if not isinstance(body[key], kind):
        raise schema_error(
            req, f"{body[key]!r} is not of type '{kind_name}'",
            f"'type' in schema['properties']['{key}']", body[key],
        )  # fmt: skip
    return body[key]


@route("GET", "/api/v1/repository/{namespace}/{name}/trigger/{trigger_uuid}")
def get_trigger(req: Request) -> Response:
    repo = admin_repository(req)
    return ok(trigger_view(_trigger(req, repo)))


@route("PUT", "/api/v1/repository/{namespace}/{name}/trigger/{trigger_uuid}")
def update_trigger(req: Request) -> Response:
    repo = admin_repository(req)
    trigger = _trigger(req, repo)
    enabled = _required_field(req, json_object(req), "enabled", bool, "boolean")
    if not trigger.is_active:
        raise invalid_request(req, "Cannot update an unactivated trigger")
    trigger.enabled = enabled
    trigger.disabled_reason = None if trigger.enabled else "user_toggled"
    log(req.world, "toggle_repo_trigger", repo.namespace, performer(req),
        {"trigger_id": trigger.id, "service": trigger.service, "enabled": trigger.enabled},
        repo.name)  # fmt: skip
    return ok(trigger_view(trigger))


@route("DELETE", "/api/v1/repository/{namespace}/{name}/trigger/{trigger_uuid}")
def delete_trigger(req: Request) -> Response:
    repo = admin_repository(req)
    trigger = _trigger(req, repo)
    triggers(req.world)[(repo.namespace, repo.name)].remove(trigger)
    log(req.world, "delete_repo_trigger", repo.namespace, performer(req),
        {"trigger_id": trigger.id, "service": trigger.service}, repo.name)  # fmt: skip
    return no_content()


@route("GET", "/api/v1/repository/{namespace}/{name}/trigger/{trigger_uuid}/builds")
def list_trigger_builds(req: Request) -> Response:
    repo = admin_repository(req)
    trigger = _trigger(req, repo)
    try:
        limit = min(25, max(1, int(req.query.get("limit", "5"))))
    except ValueError:
        raise invalid_request(req, "Invalid limit") from None
    builds = [b for b in repo.builds if b.trigger and b.trigger.get("id") == trigger.id]
    views = [build_view(req, repo, build) for build in builds[:limit]]
    for view in views:
        # The trigger captures found the fixture's builds with a status record (the build
        # captures, made on another day, without one): a waiting build's empty status.
        view["status"] = view["status"] or dict(WAITING_STATUS)
    return ok({"builds": views})


def _start_ref(req: Request, trigger: Trigger, body: dict[str, Any]) -> tuple[str, str]:
    """The commit and the ref a manual start builds."""
    if trigger.service == "custom-git":
        commit = body.get("commit_sha")
        if not isinstance(commit, str) or not commit.strip():
            raise invalid_request(req, "missing required parameter: commit_sha")
        return commit.strip(), ""
    refs = body.get("refs")
    if isinstance(refs, dict) and refs.get("kind") in ("branch", "tag") and refs.get("name"):
        prefix = "heads" if refs["kind"] == "branch" else "tags"
        return "", f"refs/{prefix}/{refs['name']}"
    branch = body.get("branch_name")
    if isinstance(branch, str) and branch.strip():
        return "", f"refs/heads/{branch.strip()}"
    raise invalid_request(req, "missing required parameter: refs")


@route("POST", "/api/v1/repository/{namespace}/{name}/trigger/{trigger_uuid}/start")
def start_trigger(req: Request) -> Response:
    repo = admin_repository(req)
    trigger = _trigger(req, repo)
    body = json_object(req)
    unexpected = [key for key in body if key not in START_FIELDS]
    if unexpected:
        raise schema_error(
            req, f"Additional properties are not allowed ({unexpected[0]!r} was unexpected)",
            "'additionalProperties' in schema", body,
        )  # fmt: skip
    if not trigger.is_active:
        raise invalid_request(req, "Trigger is not active.")
    if not trigger.enabled:
        raise invalid_request(req, "Trigger is not enabled.")
    if repo.state != "NORMAL":
        raise invalid_request(req, "Repository is in read only or mirror mode")
    commit, ref = _start_ref(req, trigger, body)
    build = add_live_build(req.world, str(uuid.uuid4()), repository=(repo.namespace, repo.name))
    build.manual_user = req.principal.username if req.principal else None
    build.trigger = trigger_view(trigger, with_robot=False)
    build.trigger_metadata = {"commit": commit or None, "ref": ref or None}
    build.tags = [ref.rsplit("/", 1)[-1]] if ref else ["latest"]
    build.display_name = (commit or ref.rsplit("/", 1)[-1])[:7]
    build.pull_robot = trigger.pull_robot
    log(req.world, "start_build_trigger", repo.namespace, build.manual_user,
        {"trigger_id": trigger.id, "service": trigger.service, "build_id": build.id},
        repo.name)  # fmt: skip
    location = f"{req.base_url}/api/v1/repository/{repo.full_name}/build/{build.id}/status"
    status, payload, headers = ok(build_view(req, repo, build), 201)
    return status, payload, {**headers, "Location": location}


@route("POST", "/api/v1/repository/{namespace}/{name}/trigger/{trigger_uuid}/activate")
def activate_trigger(req: Request) -> Response:
    repo = admin_repository(req)
    trigger = _trigger(req, repo)
    body = json_object(req)
    _required_field(req, body, "config", dict, "object")
    robot = body.get("pull_robot")
    if robot:
        if str(robot).partition("+")[0] != repo.namespace:
            raise insufficient_scope(req)
        if req.world.robot(str(robot)) is None:
            raise not_found(req)
    if trigger.is_active:
        raise invalid_request(req, "Trigger config is not sufficient for activation.")
    if trigger.service != "custom-git":
        raise invalid_request(
            req, f"Could not activate the trigger: {trigger.service} is not reachable"
        )
    trigger.config = {**trigger.config, **body["config"]}
    trigger.pull_robot = str(robot) if robot else None
    trigger.is_active = True
    log(req.world, "setup_repo_trigger", repo.namespace, performer(req),
        {"trigger_id": trigger.id, "service": trigger.service}, repo.name)  # fmt: skip
    return ok(trigger_view(trigger))
