from __future__ import annotations

import re

from django import forms

# Quay's OAuth tokens are 40 characters of letters and digits; app tokens are longer. Anything
# with spaces or control characters is a paste accident, not a token.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9._~+/=-]{20,512}$")


class TokenSignInForm(forms.Form):
    token = forms.CharField(
        label="Quay access token",
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="Generated in Quay under Organization › Applications › Generate Token.",
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if token.lower().startswith("bearer "):
            token = token[7:].strip()
        if not TOKEN_PATTERN.match(token):
            raise forms.ValidationError(
                "That does not look like a Quay token: paste the token itself, "
                "without spaces or quotes."
            )
        return token
