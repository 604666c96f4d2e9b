"""Word patterns the detectors share: identifiers as code writes them (``api_key``, ``apiKey``,
``ApiKey``, ``API_KEY``) and the personal and secret data a change may move or keep."""

from __future__ import annotations

import re


def ident(*terms: str) -> str:
    """A pattern matching each term as an identifier or a part of one, in any of the usual
    cases, but not inside a longer lowercase word. A term is words separated by spaces:
    ``"api key"`` matches ``api_key``, ``api-key``, ``apikey``, ``apiKey``, ``ApiKey`` and
    ``API_KEY``; ``"ssn"`` matches ``user_ssn`` and ``userSsn`` but not ``classname``."""
    lower: list[str] = []
    title: list[str] = []
    upper: list[str] = []
    for term in terms:
        words = term.split()
        lower.append("[_-]?".join(re.escape(w) for w in words))
        lower.append("[_-]?".join([re.escape(words[0])] + [_title(w) for w in words[1:]]))
        title.append("[_-]?".join(_title(w) for w in words))
        upper.append("[_-]?".join(re.escape(w.upper()) for w in words))
    return (
        f"(?:(?<![a-zA-Z])(?:{'|'.join(dict.fromkeys(lower))})(?![a-z])"
        f"|(?:{'|'.join(dict.fromkeys(title))})(?![a-z])"
        f"|(?<![A-Z])(?:{'|'.join(dict.fromkeys(upper))})(?![A-Z]))"
    )


def _title(word: str) -> str:
    return re.escape(word[:1].upper() + word[1:])


SECRET_TERMS = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "secrets",
    "api key",
    "apikey",
    "private key",
    "credential",
    "credentials",
    "otp",
    "totp",
    "mfa secret",
    "session id",
    "sessionid",
    "cookie",
    "cookies",
    "authorization",
    "bearer",
    "signature",
    "jwt",
    "recovery code",
    "reset link",
    "reset url",
    "confirmation link",
)
# a token, but not a count of LLM tokens, a page token or a tokenizer
TOKEN = (
    r"(?:(?<![a-zA-Z])(?<!max_)(?<!num_)(?<!page_)(?<!next_)(?<!input_)(?<!output_)"
    r"(?<!prompt_)(?<!completion_)tokens?(?![a-z])|(?<!max)(?<!Max)(?<!Page)(?<!Next)"
    r"(?<!page)(?<!next)(?<!num)Tokens?(?![a-z])|(?<![A-Z])(?<!MAX_)TOKENS?(?![A-Z]))"
)
PERSONAL_TERMS = (
    "email",
    "emails",
    "e mail",
    "phone",
    "phone number",
    "mobile number",
    "address",
    "ssn",
    "social security",
    "date of birth",
    "birth date",
    "birthdate",
    "birthday",
    "dob",
    "iban",
    "card number",
    "credit card",
    "cvv",
    "cvc",
    "payment method",
    "last4",
    "bank account",
    "account number",
    "routing number",
    "salary",
    "passport",
    "national id",
    "tax id",
    "ip",
    "remote ip",
    "client ip",
    "ip address",
    "remote addr",
    "forwarded for",
    "geolocation",
    "latitude",
    "longitude",
    "gender",
    "medical",
    "diagnosis",
    "health record",
    "full name",
    "first name",
    "last name",
    "username",
    "user name",
)

SECRET = f"(?:{ident(*SECRET_TERMS)}|{TOKEN})"
PERSONAL = ident(*PERSONAL_TERMS)
# what flows to a third party as data, not as the integration's own credentials
PERSONAL_DATA = f"(?:{PERSONAL}|{TOKEN}|{ident('reset link', 'reset url', 'otp')})"
SENSITIVE = f"(?:{SECRET}|{PERSONAL})"
SENSITIVE_RE = re.compile(SENSITIVE)

_STRING = re.compile(r"""(?P<q>["'`])(?P<body>(?:\\.|(?!(?P=q)).)*)(?P=q)""")
_INTERPOLATION = re.compile(r"\$\{[^}]*\}|#\{[^}]*\}|\{[^}]*\}")
# a word written before a placeholder in a message: "token=%s", "signature: %v", "email {}"
_LABELLED = re.compile(
    r"([A-Za-z_][\w-]*)(?:\s*[=:])?\s*(?:%[-+ #0-9.]*[sdvqrxif]|%\([^)]*\)s|\{\}|\{[^}]*\}|\$\{)"
)


def code_view(line: str) -> str:
    """A line as code sees it: the text inside string literals dropped, except what is
    interpolated into them (``${email}``, ``#{token}``, ``{user.phone}``) and the words that
    label a placeholder (``"token=%s"`` keeps ``token``). A message that only mentions a
    password does not log one."""

    def keep(match: re.Match[str]) -> str:
        body = match.group("body")
        parts = [m.group(0) for m in _INTERPOLATION.finditer(body)]
        parts += [m.group(1) for m in _LABELLED.finditer(body)]
        return " ".join(parts) or '""'

    return _STRING.sub(keep, line)
