"""The consumer's pages."""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, render_template, request, url_for

from vault import insights
from vault.errors import WrongKey
from web import runtime

bp = Blueprint("ui", __name__)


@bp.get("/")
def home():
    rt = runtime.current()
    if not rt.exists():
        return render_template("error.html", status=200,
                               message="No vault yet: run `coffre init`.")
    if not rt.unlocked:
        return redirect(url_for("ui.unlock"))
    return render_template("home.html", counts=insights.counts(rt.require()))


@bp.route("/unlock", methods=["GET", "POST"])
def unlock():
    error = None
    if request.method == "POST":
        try:
            runtime.current().unlock("passphrase", request.form.get("passphrase", ""))
            return redirect(url_for("ui.home"))
        except WrongKey as e:
            error = str(e)
    return render_template("unlock.html", error=error)


def init_app(app: Flask) -> None:
    """Register the consumer's pages."""
    app.register_blueprint(bp)
