# Orders: models are added by the orders work.
