"""A sentence for every kind of usage-log entry Quay records, written over its metadata.

Each description is a `str.format` template over the entry's metadata keys. Quay's metadata
varies between versions and code paths, so `describe()` never fails: a missing key reads as
"?" and a kind Quay adds later is shown as its metadata's key/value pairs.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

DESCRIPTIONS: dict[str, str] = {
    "account_change_cc": "Changed the credit card on the account",
    "account_change_password": "Changed the account's password",
    "account_change_plan": "Changed the plan to {plan}",
    "account_convert": "Converted the account into an organization",
    "add_repo_accesstoken": "Created access token {token} for repository {repo}",
    "add_repo_notification": "Added a {event} notification to repository {repo}",
    "add_repo_permission": "Granted {role} permission on repository {repo}",
    "add_repo_webhook": "Added a webhook to repository {repo}",
    "autoprune_tag_delete": "Auto-pruning deleted tag {tag} of repository {repo}",
    "build_dockerfile": "Started a build of repository {repo}",
    "cancel_build": "Cancelled build {build_uuid}",
    "change_repo_permission": "Set the {role} permission on repository {repo} for {who}",
    "change_repo_state": "Changed the state of repository {repo} to {state_changed}",
    "change_repo_trust": "Set trust (signing) of repository {repo} to {trust_enabled}",
    "change_repo_visibility": "Made repository {repo} {visibility}",
    "change_tag_expiration": "Changed the expiration of tag {tag} from {old_expiration_date} "
    "to {expiration_date}",
    "change_tag_immutability": "Changed whether tag {tag} of repository {repo} is immutable",
    "create_app_specific_token": "Created the application token {app_specific_token_title}",
    "create_application": "Created the OAuth application {application_name} ({client_id})",
    "create_immutability_policy": "Created tag immutability policy {uuid} in {namespace}",
    "create_namespace_autoprune_policy": "Created an auto-prune policy in {namespace}: "
    "{method} {value}",
    "create_namespace_notification": "Created a notification for namespace {namespace}",
    "create_oauth_api_token": "Created an OAuth API token for {application_name}",
    "create_prototype_permission": "Created a default permission: {role} for {delegate}",
    "create_proxy_cache_config": "Configured {namespace} as a proxy cache of {upstream_registry}",
    "create_repo": "Created repository {repo}",
    "create_repository_autoprune_policy": "Created an auto-prune policy for repository {repo}",
    "create_robot": "Created robot account {robot}",
    "create_robot_federation": "Configured federation for robot account {robot}",
    "create_tag": "Created tag {tag} in repository {repo}",
    "delete_application": "Deleted the OAuth application {application_name} ({client_id})",
    "delete_immutability_policy": "Deleted tag immutability policy {uuid} in {namespace}",
    "delete_namespace_autoprune_policy": "Deleted auto-prune policy {policy_uuid} in {namespace}",
    "delete_namespace_notification": "Deleted a notification of namespace {namespace}",
    "delete_prototype_permission": "Deleted the default permission {role} for {delegate}",
    "delete_proxy_cache_config": "Removed the proxy cache configuration of {namespace}",
    "delete_repo": "Deleted repository {repo}",
    "delete_repo_accesstoken": "Deleted access token {token} of repository {repo}",
    "delete_repo_notification": "Deleted a {event} notification of repository {repo}",
    "delete_repo_permission": "Removed the permission of {who} on repository {repo}",
    "delete_repo_trigger": "Deleted a build trigger of repository {repo}",
    "delete_repo_webhook": "Deleted a webhook of repository {repo}",
    "delete_repository_autoprune_policy": "Deleted an auto-prune policy of repository {repo}",
    "delete_robot": "Deleted robot account {robot}",
    "delete_robot_federation": "Removed the federation of robot account {robot}",
    "delete_tag": "Deleted tag {tag} of repository {repo}",
    "delete_tag_failed": "Failed to delete tag {tag} of repository {repo}: {message}",
    "disable_team_sync": "Stopped directory synchronization of team {team}",
    "enable_team_sync": "Started directory synchronization of team {team}",
    "export_logs_failure": "Failed to export usage logs: {error}",
    "export_logs_success": "Queued export {export_id} of usage logs",
    "federated_robot_token_exchange": "Exchanged a federated token for robot account {robot}",
    "login_failure": "Failed to sign in as {username} ({type}): {message}",
    "login_success": "Signed in ({type}, {useragent})",
    "logout_success": "Signed out",
    "manifest_label_add": "Added label {key} to manifest {manifest_digest}",
    "manifest_label_delete": "Deleted label {key} from manifest {manifest_digest}",
    "modify_prototype_permission": "Changed a default permission for {delegate} from "
    "{original_role} to {role}",
    "move_tag": "Moved tag {tag} of repository {repo} to {manifest_digest}",
    "oauth_token_assigned": "Assigned an OAuth token of {application} to {assigned_user}",
    "oauth_token_revoked": "Revoked an OAuth token of {application_name}",
    "org_add_team_member": "Added {member} to team {team}",
    "org_change_email": "Changed the organization's e-mail from {old_email} to {email}",
    "org_change_invoicing": "Changed the organization's invoicing to {invoice_email_address}",
    "org_change_name": "Renamed the organization from {old_name} to {new_name}",
    "org_change_quota": "Changed the organization's quota",
    "org_change_quota_limit": "Changed a quota limit of the organization",
    "org_change_tag_expiration": "Set the default tag expiration to {tag_expiration}",
    "org_create": "Created organization {namespace}",
    "org_create_quota": "Created a quota for the organization",
    "org_create_quota_limit": "Created a quota limit for the organization",
    "org_create_team": "Created team {team}",
    "org_delete": "Deleted organization {namespace}",
    "org_delete_quota": "Deleted the organization's quota",
    "org_delete_quota_limit": "Deleted a quota limit of the organization",
    "org_delete_team": "Deleted team {team}",
    "org_delete_team_member_invite": "Withdrew the invitation of {who} to team {team}",
    "org_invite_team_member": "Invited {who} to team {team}",
    "org_mirror_config_changed": "Changed the organization mirror configuration",
    "org_mirror_disabled": "Disabled organization mirroring",
    "org_mirror_enabled": "Enabled organization mirroring",
    "org_mirror_repo_created": "Organization mirroring created repository {repo}",
    "org_mirror_sync_cancelled": "Cancelled an organization mirror sync",
    "org_mirror_sync_failed": "An organization mirror sync failed",
    "org_mirror_sync_now_requested": "Asked for an organization mirror sync now",
    "org_mirror_sync_started": "An organization mirror sync started",
    "org_mirror_sync_success": "An organization mirror sync succeeded",
    "org_remove_team_member": "Removed {member} from team {team}",
    "org_set_team_description": "Changed the description of team {team}",
    "org_set_team_role": "Set the role of team {team} to {role}",
    "org_team_member_invite_accepted": "{member} accepted the invitation of {inviter} to team "
    "{team}",
    "org_team_member_invite_declined": "{member} declined the invitation of {inviter} to team "
    "{team}",
    "permanently_delete_tag": "Permanently deleted tag {tag} of repository {repo}",
    "pull_repo": "Pulled {what} from repository {repo}",
    "pull_repo_failed": "Failed to pull {what} from repository {repo}: {message}",
    "push_repo": "Pushed {what} to repository {repo}",
    "push_repo_failed": "Failed to push {what} to repository {repo}: {message}",
    "regenerate_robot_token": "Regenerated the token of robot account {robot}",
    "repo_mirror_config_changed": "Changed the mirror configuration: {changed} to {to}",
    "repo_mirror_disabled": "Disabled mirroring of repository {repo}",
    "repo_mirror_enabled": "Enabled mirroring of repository {repo}",
    "repo_mirror_sync_failed": "A mirror sync failed: {message}",
    "repo_mirror_sync_now_requested": "Asked for a mirror sync of repository {repo} now",
    "repo_mirror_sync_started": "A mirror sync started: {message}",
    "repo_mirror_sync_success": "A mirror sync succeeded: {message}",
    "repo_mirror_sync_tag_failed": "Mirroring tag {tag} failed: {message}",
    "repo_mirror_sync_tag_success": "Mirrored tag {tag}: {message}",
    "repo_mirror_sync_test_failed": "A mirror sync test failed",
    "repo_mirror_sync_test_started": "A mirror sync test started",
    "repo_mirror_sync_test_success": "A mirror sync test succeeded",
    "repo_verb": "Pulled {what} of repository {repo} as {verb}",
    "reset_application_client_secret": "Reset the client secret of OAuth application "
    "{application_name}",
    "reset_namespace_notification": "Re-enabled a notification of namespace {namespace}",
    "reset_repo_notification": "Re-enabled a {event} notification of repository {repo}",
    "revert_tag": "Restored tag {tag} to {manifest_digest}",
    "revoke_app_specific_token": "Revoked the application token {app_specific_token_title}",
    "revoke_oauth_api_token": "Revoked an OAuth API token of {application_name}",
    "service_key_approve": "Approved service key {kid}",
    "service_key_create": "Created service key {kid} for {service}",
    "service_key_delete": "Deleted service key {kid}",
    "service_key_extend": "Extended service key {kid} from {old_expiration_date} to "
    "{expiration_date}",
    "service_key_modify": "Changed service key {kid}",
    "service_key_rotate": "Rotated service key {kid}",
    "set_repo_description": "Changed the description of repository {repo}",
    "setup_repo_trigger": "Set up a {service} build trigger for repository {repo}",
    "start_build_trigger": "Started build trigger {trigger_id} of repository {repo}",
    "tag_made_immutable_by_policy": "A policy made tag {tag} of repository {repo} immutable",
    "tags_made_immutable_by_policy": "A policy made tags of repository {repo} immutable",
    "take_ownership": "Took ownership of {namespace} (superuser {superuser})",
    "toggle_repo_trigger": "Set a build trigger of repository {repo} enabled: {enabled}",
    "update_application": "Changed the OAuth application {application_name} ({client_id})",
    "update_immutability_policy": "Changed tag immutability policy {uuid} in {namespace}",
    "update_namespace_autoprune_policy": "Changed an auto-prune policy in {namespace}: "
    "{method} {value}",
    "update_repository_autoprune_policy": "Changed an auto-prune policy of repository {repo}",
    "user_change_email": "Changed the e-mail address from {old_email} to {email}",
    "user_change_invoicing": "Changed invoicing to {invoice_email_address}",
    "user_change_metadata": "Changed the account's details",
    "user_change_name": "Renamed user {old_username} to {username}",
    "user_change_password": "Changed the password of {username}",
    "user_change_tag_expiration": "Set the default tag expiration to {tag_expiration}",
    "user_create": "Created user {username}",
    "user_delete": "Deleted user {username}",
    "user_disable": "Disabled user {username}",
    "user_enable": "Enabled user {username}",
    "user_generate_client_key": "Generated an encrypted password (client key)",
}

MISSING = "?"


class _Metadata(dict[str, Any]):
    """Metadata for a template: missing keys read as "?", and a few derived keys help the
    sentences (`who` for user/team/token grantees, `what` for tag or digest pulled)."""

    def __missing__(self, key: str) -> str:
        return MISSING


class _SafeFormatter(string.Formatter):
    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        # No attribute or index access: a template only ever names a key.
        return kwargs[field_name.split(".")[0].split("[")[0]], field_name

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is None or value == "":
            return MISSING
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        if isinstance(value, dict):
            return json.dumps(value, sort_keys=True)
        return str(value)


_FORMATTER = _SafeFormatter()


def _derived(metadata: Mapping[str, Any]) -> dict[str, Any]:
    derived: dict[str, Any] = {}
    if metadata.get("username"):
        derived["who"] = f"user {metadata['username']}"
    elif metadata.get("team"):
        derived["who"] = f"team {metadata['team']}"
    elif metadata.get("token"):
        derived["who"] = f"token {metadata['token']}"
    elif metadata.get("user"):
        derived["who"] = str(metadata["user"])
    elif metadata.get("email"):
        derived["who"] = str(metadata["email"])
    if metadata.get("tag"):
        derived["what"] = f"tag {metadata['tag']}"
    elif metadata.get("manifest_digest"):
        derived["what"] = str(metadata["manifest_digest"])[:19]
    else:
        derived["what"] = "an image"
    if metadata.get("delegate_user"):
        derived["delegate"] = f"user {_name(metadata['delegate_user'])}"
    elif metadata.get("delegate_team"):
        derived["delegate"] = f"team {_name(metadata['delegate_team'])}"
    for key in ("expiration_date", "old_expiration_date"):
        value = metadata.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            derived[key] = datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(metadata.get("manifest_digest"), str):
        derived["manifest_digest"] = metadata["manifest_digest"][:19]
    return derived


def _name(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or MISSING)
    return str(value)


def describe(kind: str, metadata: Mapping[str, Any] | None) -> str | None:
    """The sentence for a known kind, or None for a kind this module does not know."""
    template = DESCRIPTIONS.get(kind)
    if template is None:
        return None
    values = _Metadata(metadata or {})
    values.update(_derived(metadata or {}))
    return _FORMATTER.vformat(template, (), values)


def metadata_pairs(metadata: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """An unknown kind's metadata as key/value pairs, in Quay's order."""
    return [
        (str(key), _FORMATTER.format_field(value, "")) for key, value in (metadata or {}).items()
    ]


# The areas the kind filter groups kinds under, in the order it shows them: the first whose
# word appears in a kind's name takes it (so "autoprune_tag_delete" is a policy, not a tag).
KIND_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Pushes and pulls", ("push_repo", "pull_repo", "repo_verb")),
    ("Mirroring and proxy cache", ("mirror", "proxy_cache")),
    ("Policies", ("autoprune", "immutab")),
    ("Tags and labels", ("tag", "label")),
    ("Builds and triggers", ("build", "trigger")),
    ("Notifications", ("notification", "webhook")),
    ("Robots", ("robot",)),
    ("Teams and members", ("team", "org_invite")),
    ("Permissions", ("permission", "prototype", "accesstoken", "take_ownership")),
    ("Quota", ("quota",)),
    ("Applications and tokens", ("application", "oauth", "app_specific", "client_key")),
    ("Service keys", ("service_key",)),
    ("Logs", ("export_logs",)),
    ("Repositories", ("repo",)),
    ("Organizations", ("org_",)),
    ("People and sign-in", ("user_", "login", "logout", "account")),
)
OTHER_KINDS = "Other"


def kind_group(kind: str) -> str:
    return next(
        (group for group, words in KIND_GROUPS if any(word in kind for word in words)),
        OTHER_KINDS,
    )


def grouped_kinds() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every kind Quayside describes, as (area, [(kind, label), ...]) in the filter's order."""
    groups: dict[str, list[tuple[str, str]]] = {group: [] for group, _ in KIND_GROUPS}
    groups[OTHER_KINDS] = []
    for kind in sorted(DESCRIPTIONS):
        groups[kind_group(kind)].append((kind, kind_label(kind)))
    return [(group, kinds) for group, kinds in groups.items() if kinds]


def kind_label(kind: str) -> str:
    """A short, readable name for the chart legend and the kind list."""
    return kind.replace("_", " ").capitalize()
