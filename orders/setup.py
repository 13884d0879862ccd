"""Registers menu entries, dashboard panels and demo seeders of orders."""


def setup():
    pass
