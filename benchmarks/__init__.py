"""Benchmarks of hoopai_calendars against raw aiohttp, httpx, requests and the official SDK.

Run `python -m benchmarks` (or `nox -s bench`); see benchmarks/README.md.
"""
