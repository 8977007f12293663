"""Accounts of coordinators and administrators: creation, passwords, signing in."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import Session, col, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from catalogue.db import Account, SignInFailure, audit, now, storable

ROLES = ("coordinator", "admin")
MIN_PASSWORD_LENGTH = 12
#: Failed sign-ins for one account from one address before that address is paused for it.
MAX_FAILURES = 5
#: Failed sign-ins from one address, whatever the accounts, before that address is paused.
MAX_ADDRESS_FAILURES = 20
FAILURE_WINDOW = timedelta(minutes=15)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Checked against when the email is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("not a password of anyone")


class AccountError(Exception):
    """An account that cannot be created or changed, with the reason."""


class SignInPaused(Exception):
    """Too many failed sign-ins: the caller should ask the person to wait."""


def add_account(session: Session, email: str, password: str, role: str, actor: str) -> Account:
    """Create an account; the password is kept only as a salted scrypt hash."""
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise AccountError(f"'{email}' is not an email address")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if session.exec(select(Account).where(Account.email == email)).first() is not None:
        raise AccountError(f"there is an account for {email} already")
    account = Account(email=email, password_hash=generate_password_hash(password), role=role)
    session.add(account)
    audit(session, actor, "account.add", email, role)
    session.commit()
    session.refresh(account)
    return account


def sign_in(session: Session, email: str, password: str, sender: str) -> Account | None:
    """The active account with these credentials, or None; SignInPaused after many failures.

    Only the guessing address is paused (for that account, or for all after more
    failures): counting per account would let anyone lock a coordinator out.
    """
    email = storable(email).strip().lower()[:320]
    recent = select(func.count()).where(
        SignInFailure.sender == sender, col(SignInFailure.at) >= now() - FAILURE_WINDOW
    )
    from_address = session.exec(recent).one()
    for_account = session.exec(recent.where(SignInFailure.email == email)).one()
    if from_address >= MAX_ADDRESS_FAILURES or for_account >= MAX_FAILURES:
        raise SignInPaused()
    account = session.exec(select(Account).where(Account.email == email)).first()
    valid = check_password_hash(account.password_hash if account else _DUMMY_HASH, password)
    if account is None or not valid or not account.active:
        session.add(SignInFailure(email=email, sender=sender))
        session.commit()
        return None
    return account


def set_password(session: Session, email: str, password: str, actor: str) -> Account:
    """Give an account a new password, and end every session it has open."""
    account = _find(session, email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    account.password_hash = generate_password_hash(password)
    account.session_version += 1
    session.add(account)
    audit(session, actor, "account.password", account.email)
    session.commit()
    return account


def end_sessions(session: Session, account_id: int) -> None:
    """End every session of an account: a cookie saved earlier no longer opens anything."""
    account = session.get(Account, account_id)
    if account is not None:
        account.session_version += 1
        session.add(account)
        session.commit()


def _find(session: Session, email: str) -> Account:
    account = session.exec(select(Account).where(Account.email == email.strip().lower())).first()
    if account is None:
        raise AccountError(f"there is no account for {email}")
    return account


def set_active(session: Session, email: str, active: bool, actor: str) -> Account:
    """Let an account sign in again, or stop it (accounts are never deleted: the audit
    log names them)."""
    account = _find(session, email)
    if account.email == actor and not active:
        raise AccountError("you cannot deactivate your own account")
    account.active = active
    session.add(account)
    audit(session, actor, "account.activate" if active else "account.deactivate", account.email)
    session.commit()
    return account


def list_accounts(session: Session) -> list[Account]:
    """Every account, by email."""
    return list(session.exec(select(Account).order_by(col(Account.email))))
