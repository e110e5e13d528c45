"""Topten: a self-hosted platform for a daily news email."""
