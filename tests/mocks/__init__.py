"""Tests of the SSH device simulators in mocks/."""
