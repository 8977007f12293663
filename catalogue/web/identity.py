"""Who is signed in: the coordinator or administrator of this request, if any."""

from __future__ import annotations

from flask import session as cookie

from catalogue.db import Account
from catalogue.web.resources import session


def current_account() -> Account | None:
    """The signed-in, active account of this request, or None: also None when the
    session was ended since (signed out, or the password changed)."""
    account_id = cookie.get("account")
    if account_id is None:
        return None
    with session() as db:
        account = db.get(Account, account_id)
    if account is None or not account.active:
        return None
    return account if cookie.get("version") == account.session_version else None


def may_curate() -> bool:
    """True when a coordinator (or an administrator) is signed in."""
    account = current_account()
    return account is not None and account.role in ("coordinator", "admin")
