"""Rules of orders (registered with registrar.policy)."""
