"""Collectors: get configurations from devices (SSH) or files. Only ``ssh.py`` imports netmiko."""
