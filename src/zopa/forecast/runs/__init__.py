"""Runs over the registered models: Monte Carlo distributions, sensitivity, backtests, the
per-scenario overview and plots."""
