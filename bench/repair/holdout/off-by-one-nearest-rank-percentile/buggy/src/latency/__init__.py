"""Latency statistics for service dashboards."""
