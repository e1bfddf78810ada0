"""Sensor readings: smoothing and spikes."""
