"""Settings of the load benchmarks' gunicorn: the project's settings with only the password hasher
changed. The generated accounts of tests/perf/rush_data.py carry MD5 hashes, so a login costs the web
stack and not a million PBKDF2 rounds. Never use this module outside the benchmarks.
"""

from registrar.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
