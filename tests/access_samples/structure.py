"""URL kwargs for the access-matrix test: {url_name: callable(users) -> kwargs}.

`users` is the dict of the `users` fixture (tests/conftest.py); the callable may create objects.
Each sample also names the roles that may open it: {url_name: (factory, {role names allowed})}.
"""

SAMPLES: dict = {}
