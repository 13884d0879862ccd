"""Samples for the admission-list and account pages: they take no URL arguments, so the matrix
walks them as they are; the policy decides (office only)."""

SAMPLES: dict = {}
