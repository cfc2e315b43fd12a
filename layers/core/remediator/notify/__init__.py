"""Delivering alerts where people are: Slack through an incoming webhook."""
