"""Fetching: one network client with the crawler's policy."""
