"""Scheduled runs and notifications."""
