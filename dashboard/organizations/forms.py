"""The forms of the organization pages: each checks what Quay would refuse, before any call.

The templates name their error places (`errors.team_name`, `errors.alert`...) after the page
rather than the field, since one page holds several forms; `page_errors` maps a form's errors
onto them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from dashboard.quay.account import email_problem, namespace_problem
from dashboard.quay.organizations import (
    EMAIL,
    ROBOT_FULLNAME,
    ROBOT_SHORTNAME,
    ROLES,
    TEAM_NAME,
    TEAM_ROLES,
    USERNAME,
)
from dashboard.web.forms import TypedNameForm, expiration_change

# What a field that reaches Quay may hold: an e-mail address (RFC 5321), a team's description.
MAX_EMAIL_LENGTH = 254
MAX_TEAM_DESCRIPTION = 100_000
MAX_ROBOT_DESCRIPTION = 255

TEAM_NAME_RULE = (
    "A team name starts with a lowercase letter and has 2 to 255 lowercase letters, digits or "
    "underscores."
)
ROBOT_NAME_RULE = (
    "A robot name starts with a lowercase letter and has 2 to 255 lowercase letters, digits or "
    "underscores."
)
TEAM_ROLE_RULE = "Choose member, creator or admin."
ROLE_RULE = "Choose read, write or admin."
DESCRIPTION_RULE = f"A description has at most {MAX_TEAM_DESCRIPTION:,} characters."


def member_kind(value: str) -> str:
    """A username, a robot (`namespace+name`) or an e-mail address; "" if none of these."""
    if len(value) > MAX_EMAIL_LENGTH:
        return ""
    if EMAIL.match(value):
        return "email"
    if ROBOT_FULLNAME.match(value):
        return "robot"
    if USERNAME.match(value):
        return "user"
    return ""


def page_errors(form: forms.Form, places: dict[str, str] | None = None) -> dict[str, str]:
    """The form's errors by the page's names for their places; above the form is "alert"."""
    places = {NON_FIELD_ERRORS: "alert", **(places or {})}
    return {
        places.get(field, field): " ".join(str(error) for error in errors)
        for field, errors in form.errors.items()
    }


def _text(max_length: int, too_long: str = "") -> forms.CharField:
    messages = {"max_length": too_long} if too_long else {}
    return forms.CharField(required=False, max_length=max_length, error_messages=messages)


class TeamForm(forms.Form):
    name = _text(255, TEAM_NAME_RULE)
    role = _text(16, TEAM_ROLE_RULE)
    description = _text(MAX_TEAM_DESCRIPTION, DESCRIPTION_RULE)

    PLACES = {"name": "team_name", "role": "team_role", "description": "alert"}

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if not TEAM_NAME.match(name):
            raise forms.ValidationError(TEAM_NAME_RULE)
        return name

    def clean_role(self) -> str:
        role: str = self.cleaned_data["role"] or "member"
        if role not in TEAM_ROLES:
            raise forms.ValidationError(TEAM_ROLE_RULE)
        return role


class TeamRoleForm(forms.Form):
    role = _text(16, TEAM_ROLE_RULE)
    description = _text(MAX_TEAM_DESCRIPTION, DESCRIPTION_RULE)

    PLACES = {"description": "alert"}

    def clean_role(self) -> str:
        role: str = self.cleaned_data["role"]
        if role not in TEAM_ROLES:
            raise forms.ValidationError(TEAM_ROLE_RULE)
        return role


class MemberForm(forms.Form):
    """A member to add to a team or remove from it: a user, a robot, or an invited e-mail."""

    member = _text(MAX_EMAIL_LENGTH + 1)

    def __init__(self, *args: Any, rule: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule = rule

    def clean_member(self) -> str:
        member: str = self.cleaned_data["member"]
        if not member_kind(member):
            raise forms.ValidationError(self.rule)
        return member

    @property
    def kind(self) -> str:
        return member_kind(self.cleaned_data["member"])


class PrototypeForm(forms.Form):
    delegate = _text(MAX_EMAIL_LENGTH + 1)
    delegate_kind = _text(8)
    role = _text(8)
    activating_user = _text(255)

    PLACES = {"role": "prototype_role", "delegate_kind": "delegate"}

    def clean_role(self) -> str:
        role: str = self.cleaned_data["role"]
        if role not in ROLES:
            raise forms.ValidationError(ROLE_RULE)
        return role

    def clean_activating_user(self) -> str:
        activating: str = self.cleaned_data["activating_user"]
        if activating and not USERNAME.match(activating):
            raise forms.ValidationError("Enter a username, or leave empty for anyone.")
        return activating

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        delegate, kind = data.get("delegate", ""), data.get("delegate_kind") or "user"
        if kind == "team":
            if not TEAM_NAME.match(delegate):
                self.add_error("delegate", "Enter the name of a team of this organization.")
        elif kind != "user" or member_kind(delegate) not in ("user", "robot"):
            self.add_error("delegate", "Enter a username or a robot (organization+name).")
        data["delegate_kind"] = kind
        return data


class RobotForm(forms.Form):
    shortname = _text(255, ROBOT_NAME_RULE)
    description = _text(MAX_ROBOT_DESCRIPTION, "At most 255 characters.")

    def clean_shortname(self) -> str:
        shortname: str = self.cleaned_data["shortname"]
        if not ROBOT_SHORTNAME.match(shortname):
            raise forms.ValidationError(ROBOT_NAME_RULE)
        return shortname


class PermissionForm(forms.Form):
    """A user, robot or team's role on a repository; `role` only when setting one."""

    entity = _text(MAX_EMAIL_LENGTH + 1)
    kind = _text(8)
    role = _text(8)

    def __init__(self, *args: Any, setting: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setting = setting

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        entity, kind = data.get("entity", ""), data.get("kind") or "user"
        if kind == "team":
            if not TEAM_NAME.match(entity):
                self.add_error("entity", "Enter the name of a team of the organization.")
        elif member_kind(entity) not in ("user", "robot"):
            self.add_error("entity", "Enter a username or a robot (namespace+name).")
        if self.setting and data.get("role") not in ROLES:
            self.add_error("role", ROLE_RULE)
        data["kind"] = "team" if kind == "team" else "user"
        return data


class OrganizationForm(forms.Form):
    """A new organization: its name, and an e-mail address where Quay asks for one."""

    name = _text(255)
    email = _text(MAX_EMAIL_LENGTH)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        problem = namespace_problem(name) if name else "Enter a name for the organization."
        if problem:
            raise forms.ValidationError(problem)
        return name

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if email and email_problem(email):
            raise forms.ValidationError(email_problem(email))
        return email


class DetailsForm(forms.Form):
    """An organization's e-mail and tag expiration: only what changed is sent."""

    email = _text(MAX_EMAIL_LENGTH)
    current_email = _text(MAX_EMAIL_LENGTH)
    expiration_days = _text(8)
    current_expiration_days = _text(8)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        changes: dict[str, Any] = {}
        email = data.get("email", "")
        if "email" in data and email != data.get("current_email", ""):
            if email_problem(email):
                self.add_error("email", email_problem(email))
            changes["email"] = email
        if "expiration_days" in data:
            expiration_change(self, data, changes)
        data["changes"] = changes
        return data


class RenameForm(forms.Form):
    new_name = _text(255)

    def __init__(self, *args: Any, org: str, may_rename: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org, self.may_rename = org, may_rename

    def clean_new_name(self) -> str:
        new_name: str = self.cleaned_data["new_name"]
        if not self.may_rename:
            raise forms.ValidationError("Only a superuser can rename an organization.")
        problem = namespace_problem(new_name) if new_name else "Enter the new name."
        if not problem and new_name == self.org:
            problem = "That is its name already."
        if problem:
            raise forms.ValidationError(problem)
        return new_name


class DeleteOrganizationForm(TypedNameForm):
    # Empty or with spaces is a mismatch like any other, said in the same words.
    confirm = forms.CharField(required=False, max_length=255, strip=False)
    mismatch = "Type {name} to delete it."
