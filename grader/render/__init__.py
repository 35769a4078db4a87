"""Renderers: each turns the one result model into one format."""
