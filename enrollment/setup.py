"""Registers the student body's menu entries, dashboard panels and demo seeders (called from ready())."""


def setup():
    pass
