"""Access to the staff page: a password from settings, compared in constant time; locked when unset."""

from __future__ import annotations

import hashlib
import hmac

from settings import Settings

# Guessing is slowed down per client in the shared store: web.ratelimit.login_attempt.


def staff_page_enabled(settings: Settings) -> bool:
    """The public demo has no staff page at all."""
    return not settings.public_mode


def staff_locked(settings: Settings) -> bool:
    """Without a password the page stays locked: an empty setting must never mean "open"."""
    secret = settings.staff_password.get_secret_value() if settings.staff_password else ""
    return not secret or not staff_page_enabled(settings)


def password_ok(settings: Settings, given: str | None) -> bool:
    """True only for the configured password (hmac.compare_digest: no timing leak)."""
    if staff_locked(settings) or not given:
        return False
    secret = settings.staff_password.get_secret_value()  # type: ignore[union-attr]
    return hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8"))


def session_token(settings: Settings) -> str:
    """What a logged-in session keeps: derived from the password, so changing it logs everyone out."""
    secret = settings.staff_password.get_secret_value() if settings.staff_password else ""
    return hmac.new(secret.encode("utf-8"), b"boligsocialt-staff-session", hashlib.sha256).hexdigest()


def session_valid(settings: Settings, token: object) -> bool:
    return isinstance(token, str) and not staff_locked(settings) and hmac.compare_digest(token, session_token(settings))
