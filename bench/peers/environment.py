"""The peers' virtual environment, installed from the pinned requirements."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

REQUIREMENTS = Path(__file__).with_name("requirements.txt")


def ensure_environment(folder: Path) -> Path:
    """The peers' ``bin`` folder, (re)installed only when the requirements changed."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = folder / "requirements.sha256"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
        return folder / "bin"
    print(f"Installing the peers into {folder}…", flush=True)
    # --clear: an environment of other versions must not leave packages behind.
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(digest, encoding="utf-8")
    return folder / "bin"
