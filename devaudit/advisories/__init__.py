"""Vulnerability exposure: vendor advisories (CSAF 2.0, NVD CVE 2.0) read offline and matched against each
device's release and configuration."""
