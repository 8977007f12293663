"""A Flask page that does no work: what any Flask app under gunicorn costs at least."""

from flask import Flask, jsonify
from flask.typing import ResponseReturnValue

app = Flask(__name__)


@app.get("/ping")
def ping() -> ResponseReturnValue:
    return jsonify({"ok": True})
