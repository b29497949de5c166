"""Sign-in, sign-out and the admin pages for accounts."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from kb import audit
from kb.accounts import passwords, throttle
from kb.accounts.forms import ActiveForm, LoginForm, LogoutForm, RoleForm, UserCreateForm
from kb.accounts.models import User, new_session_token, normalize_email
from kb.content.models import utcnow
from kb.core.permissions import Role, require_role
from kb.core.urls import language_blueprint, safe_next
from kb.extensions import db

bp = language_blueprint("accounts", __name__)


def _find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials; unknown ones cost the same time."""
    user = _find_user(email)
    if user is None or not user.is_active:
        passwords.burn_time(password)
        return None
    return user if user.check_password(password) else None


def _home() -> str:
    return url_for("browse.home")


def _render_login(form: LoginForm, error: str | None = None, status: int = 200):
    return render_template("accounts/login.html", form=form, error=error), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign in, or refuse with one message for every failure."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
        return _render_login(form)
    if not form.validate():
        return _render_login(form, status=400)
    email, ip = normalize_email(form.email.data), request.remote_addr or ""
    if throttle.is_locked(email, ip):
        message = _("Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es "
                    "in %(minutes)s Minuten erneut.",
                    minutes=throttle.window_minutes())
        return _render_login(form, message, 429)
    user = _authenticate(email, form.password.data)
    if user is None:
        throttle.note_failure(email, ip)
        audit.record("login_failed", email=email)
        db.session.commit()
        return _render_login(form, _("E-Mail-Adresse oder Passwort ist falsch."))
    throttle.clear_failures(email)
    user.last_login = utcnow()
    session.clear()  # nothing from before signing in carries over
    g.pop("csrf_token", None)  # its session half was just cleared
    login_user(user)
    audit.record("login", user, actor=user)
    db.session.commit()
    return redirect(safe_next(form.next.data) or _home())


@bp.post("/logout")
def logout():
    """Sign out (POST with CSRF token): end the session, and every copy of its cookie."""
    LogoutForm()  # CSRFProtect has checked the token already
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        # Session cookies are signed, not stored: a new token makes any copy worthless.
        user.session_token = new_session_token()
        audit.record("logout", user)
        db.session.commit()
    logout_user()
    session.clear()
    return redirect(_home())


# --- admin: accounts ---------------------------------------------------------------


def _active_admins() -> int:
    query = select(func.count()).select_from(User).where(User.role == "admin", User.active)
    return db.session.scalar(query) or 0


def _would_remove_last_admin(user: User, new_role: str | None = None, active: bool = True) -> bool:
    """Return whether the change leaves nobody who can manage accounts."""
    if user.role != "admin" or not user.active:
        return False
    stays_admin = (new_role or user.role) == "admin" and active
    return not stays_admin and _active_admins() <= 1


@bp.get("/admin/users/")
@require_role(Role.admin)
def users():
    """List every account with forms to change its role or disable it."""
    accounts = db.session.scalars(select(User).order_by(User.email)).all()
    return render_template("accounts/users.html", users=accounts, role_form=RoleForm(),
                           active_form=ActiveForm())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@require_role(Role.admin)
def user_new():
    """Create an account."""
    form = UserCreateForm()
    if form.validate_on_submit():
        email = normalize_email(form.email.data)
        if _find_user(email) is not None:
            form.email.errors.append(_("Diese E-Mail-Adresse ist bereits vergeben."))
        else:
            user = User(email=email, name=form.name.data.strip(), role=form.role.data)
            user.set_password(form.password.data)
            db.session.add(user)
            audit.record("user.create", user, email=email, role=user.role)
            db.session.commit()
            flash(_("Das Konto %(email)s wurde angelegt.", email=email))
            return redirect(url_for("accounts.users"))
    status = 400 if form.errors else 200
    return render_template("accounts/user_new.html", form=form), status


def _get_user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


@bp.post("/admin/users/<int:user_id>/role")
@require_role(Role.admin)
def user_role(user_id: int):
    """Change an account's role."""
    user, form = _get_user_or_404(user_id), RoleForm()
    if not form.validate():
        return redirect(url_for("accounts.users"), 303)
    if _would_remove_last_admin(user, new_role=form.role.data):
        flash(_("Das letzte Administrationskonto kann seine Rolle nicht verlieren."))
    elif form.role.data != user.role:
        audit.record("user.role", user, old=user.role, new=form.role.data)
        user.role = form.role.data
        db.session.commit()
        flash(_("Die Rolle von %(email)s wurde geändert.", email=user.email))
    return redirect(url_for("accounts.users"), 303)


@bp.post("/admin/users/<int:user_id>/<any(disable, enable):change>")
@require_role(Role.admin)
def user_active(user_id: int, change: str):
    """Disable an account (its sessions end at once) or enable it again."""
    user, form = _get_user_or_404(user_id), ActiveForm()
    if not form.validate():
        return redirect(url_for("accounts.users"), 303)
    if change == "disable" and _would_remove_last_admin(user, active=False):
        flash(_("Das letzte Administrationskonto kann nicht deaktiviert werden."))
    elif change == "disable" and user.active:
        user.disable()
        audit.record("user.disable", user)
        db.session.commit()
        flash(_("Das Konto %(email)s wurde deaktiviert.", email=user.email))
    elif change == "enable" and not user.active:
        user.enable()
        audit.record("user.enable", user)
        db.session.commit()
        flash(_("Das Konto %(email)s wurde aktiviert.", email=user.email))
    return redirect(url_for("accounts.users"), 303)
